package content

import (
	"slices"
	"testing"
	"time"
)

// regularOf filters sorted children; the result must be what sorting the
// regular pages alone gives, and share the children's slice when they are
// all regular.
func TestRegularOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2016, 10, d, 0, 0, 0, 0, time.UTC) }
	pages := []*Page{
		{Kind: KindPage, Path: "/a/", Title: "A", Date: day(1)},
		{Kind: KindSection, Path: "/s/", Title: "S", Date: day(3)},
		{Kind: KindPage, Path: "/b/", Title: "B", Date: day(2), Weight: 2},
		{Kind: KindPage, Path: "/c/", Title: "C", Date: day(2)},
		{Kind: KindPage, Path: "/d/", Title: "C", Date: day(2)}, // same date and title: the path decides
		{Kind: KindSection, Path: "/t/", Title: "T", Weight: 1},
	}
	children := slices.Clone(pages)
	sortPages(children)
	var regular []*Page
	for _, p := range pages {
		if p.Kind == KindPage {
			regular = append(regular, p)
		}
	}
	sortPages(regular)
	if got := regularOf(children); !slices.Equal(got, regular) {
		t.Errorf("regularOf = %v, want %v", paths(got), paths(regular))
	}

	onlyPages := slices.Clone(regular)
	got := regularOf(onlyPages)
	if !slices.Equal(got, regular) || &got[0] != &onlyPages[0] {
		t.Errorf("all regular: got %v, want the children's own slice", paths(got))
	}
	if got := regularOf([]*Page{pages[1]}); len(got) != 0 {
		t.Errorf("no regular pages: got %v", paths(got))
	}
}

func paths(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}
