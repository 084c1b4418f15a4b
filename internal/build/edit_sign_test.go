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
	base := &pageLists{lists: [][]*content.Page{list, {b}}, names: []string{"tags", "x", ""}}
	tests := []struct {
		name string
		now  *pageLists
		same bool
	}{
		{"the same slices", &pageLists{lists: [][]*content.Page{list, base.lists[1]}, names: []string{"tags", "x", ""}}, true},
		{"an edited page", &pageLists{lists: [][]*content.Page{{a2, b, c}, {b}}, names: []string{"tags", "x", ""}}, true},
		{"reordered", &pageLists{lists: [][]*content.Page{{b, a, c}, {b}}, names: []string{"tags", "x", ""}}, false},
		{"a page gone", &pageLists{lists: [][]*content.Page{{a, c}, {b}}, names: []string{"tags", "x", ""}}, false},
		{"a page in the same slice's room", &pageLists{lists: [][]*content.Page{list[:2], {b}}, names: []string{"tags", "x", ""}}, false},
		{"a term renamed", &pageLists{lists: [][]*content.Page{list, {b}}, names: []string{"tags", "y", ""}}, false},
		{"a term more", &pageLists{lists: [][]*content.Page{list, {b}, {c}}, names: []string{"tags", "x", "z", ""}}, false},
		{"a term's pages", &pageLists{lists: [][]*content.Page{list, {c}}, names: []string{"tags", "x", ""}}, false},
	}
	for _, tt := range tests {
		if got := base.same(tt.now); got != tt.same {
			t.Errorf("%s: same = %v, want %v", tt.name, got, tt.same)
		}
	}
}
