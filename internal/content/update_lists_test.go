package content

import (
	"fmt"
	"slices"
	"testing"
)

// An update keeps, as the same slice, the regular pages of a language no
// edited file is in, so that the build's list signatures see it unchanged
// (a changed list is a new slice), and makes a new one for the language
// edited; the model stays Build's (checkUpdate).
func TestUpdateKeepsUntouchedLists(t *testing.T) {
	for _, tc := range []struct {
		edit         string
		kept, remade string // languages
	}{
		{"title", "zh", "en"},
		{"new page", "zh", "en"},
		{"delete", "zh", "en"},
		{"move section", "zh", "en"},
		{"tags", "zh", "en"},
		{"new translation", "en", "zh"},
		{"delete zh", "en", "zh"},
	} {
		t.Run(tc.edit, func(t *testing.T) {
			fsys, c := updateSite(), updateTestConfig(t)
			sites, _ := buildFiles(t, c, fsys)
			before := map[string][]*Page{}
			for _, st := range sites.Langs {
				before[st.Language.Code] = st.RegularPages()
			}
			edit := updateEdits[tc.edit]
			if tc.edit == "delete zh" {
				edit = remove("content/news/n00.zh.md")
			}
			if !checkUpdate(t, c, fsys, sites, edit(fsys)) {
				t.Fatal("not updated in place")
			}
			for _, st := range sites.Langs {
				now, was := st.RegularPages(), before[st.Language.Code]
				same := len(now) > 0 && len(was) > 0 && &now[0] == &was[0]
				switch code := st.Language.Code; {
				case code == tc.kept && !same:
					t.Errorf("%s: its regular pages are a new slice, though no edit is in it", code)
				case code == tc.remade && same:
					t.Errorf("%s: its regular pages are the same slice after an edit in it", code)
				}
			}
		})
	}
}

// A pageSet has what was added to it, and nothing else, below and above
// the size where it becomes a map.
func TestPageSet(t *testing.T) {
	for _, n := range []int{0, 1, 5, 32, 33, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			pages := make([]*Page, 2*n+1)
			for i := range pages {
				pages[i] = &Page{Path: fmt.Sprint(i)}
			}
			var s pageSet
			for i := 0; i < n; i++ {
				s.add(pages[2*i])
				s.add(pages[2*i]) // twice: once in the set
			}
			if s.len() != n {
				t.Errorf("len %d, want %d", s.len(), n)
			}
			for i, p := range pages {
				if want := i%2 == 0 && i < 2*n; s.has(p) != want {
					t.Errorf("has(page %d) = %v, want %v", i, !want, want)
				}
			}
		})
	}
}

// without drops the pages of its sets wherever they are, once or more,
// keeps the others in order, and leaves room for more; with a few pages
// to drop (compared) and with many (a map).
func TestWithout(t *testing.T) {
	ps := make([]*Page, 80)
	for i := range ps {
		ps[i] = &Page{Path: fmt.Sprint(i)}
	}
	set := func(idx ...int) *pageSet {
		s := &pageSet{}
		for _, i := range idx {
			s.add(ps[i])
		}
		return s
	}
	many := make([]int, 40)
	for i := range many {
		many[i] = 2 * i
	}
	list := append(slices.Clone(ps[:10]), ps[3]) // ps[3] twice
	for _, tc := range []struct {
		name string
		list []*Page
		sets []*pageSet
	}{
		{"none", list, []*pageSet{set()}},
		{"first", list, []*pageSet{set(0)}},
		{"last", list, []*pageSet{set(9)}},
		{"twice in the list", list, []*pageSet{set(3)}},
		{"two sets", list, []*pageSet{set(1, 5), set(5, 8)}},
		{"not in the list", list, []*pageSet{set(50)}},
		{"many", ps, []*pageSet{set(many...), set(1)}},
		{"empty list", nil, []*pageSet{set(1)}},
	} {
		var want []*Page
		for _, p := range tc.list {
			if !slices.ContainsFunc(tc.sets, func(s *pageSet) bool { return s.has(p) }) {
				want = append(want, p)
			}
		}
		got := without(tc.list, 3, tc.sets...)
		if !slices.Equal(got, want) || cap(got)-len(got) < 3 {
			t.Errorf("%s: got %d pages (room %d), want %d", tc.name, len(got), cap(got)-len(got), len(want))
		}
	}
}
