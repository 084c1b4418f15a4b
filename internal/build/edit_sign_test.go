package build

import (
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

// TestListMemoSame: two snapshots of a language's lists are the same
// only with the same taxonomies and terms and, list by list, the same
// paths in the same order; an edited page is a new object at its path.
func TestListMemoSame(t *testing.T) {
	a, b, c := &content.Page{Path: "/a/"}, &content.Page{Path: "/b/"}, &content.Page{Path: "/c/"}
	a2 := &content.Page{Path: "/a/", Title: "edited"}
	list := []*content.Page{a, b, c}
	base := &listMemo{lists: [][]*content.Page{list, {b}}, names: []string{"tags", "x", ""}}
	tests := []struct {
		name string
		now  *listMemo
		same bool
	}{
		{"the same slices", &listMemo{lists: [][]*content.Page{list, base.lists[1]}, names: []string{"tags", "x", ""}}, true},
		{"an edited page", &listMemo{lists: [][]*content.Page{{a2, b, c}, {b}}, names: []string{"tags", "x", ""}}, true},
		{"reordered", &listMemo{lists: [][]*content.Page{{b, a, c}, {b}}, names: []string{"tags", "x", ""}}, false},
		{"a page gone", &listMemo{lists: [][]*content.Page{{a, c}, {b}}, names: []string{"tags", "x", ""}}, false},
		{"a page in the same slice's room", &listMemo{lists: [][]*content.Page{list[:2], {b}}, names: []string{"tags", "x", ""}}, false},
		{"a term renamed", &listMemo{lists: [][]*content.Page{list, {b}}, names: []string{"tags", "y", ""}}, false},
		{"a term more", &listMemo{lists: [][]*content.Page{list, {b}, {c}}, names: []string{"tags", "x", "z", ""}}, false},
		{"a term's pages", &listMemo{lists: [][]*content.Page{list, {c}}, names: []string{"tags", "x", ""}}, false},
	}
	for _, tt := range tests {
		if got := base.same(tt.now); got != tt.same {
			t.Errorf("%s: same = %v, want %v", tt.name, got, tt.same)
		}
	}
}
