package build

import (
	"maps"
	"slices"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/signature"
)

// listMemo is a language's lists of pages as the model path last signed
// them: most front-matter edits (a title, a weight that keeps the order)
// leave every list's pages and order as they were, and hashing a big
// site's lists again (10,000 paths in each of three, every term's pages)
// costs more than the rest of signing. The model updates a list that
// changes as a new slice (content.Sites.Update), so a list that is the
// same slice is the same list.
type listMemo struct {
	// lists are the pages, the regular pages, the sections, then each
	// term's pages, taxonomy by taxonomy and term by term in name order;
	// names the taxonomies and terms in that order.
	lists [][]*content.Page
	names []string
	sigs  map[string]uint64 // the signatures the lists gave
}

// snapshotLists is what listMemo keeps of the language s's lists now.
func snapshotLists(s *content.Site) *listMemo {
	l := &listMemo{lists: [][]*content.Page{s.Pages(), s.RegularPages(), s.Sections()}}
	for _, tax := range slices.Sorted(maps.Keys(s.Taxonomies)) {
		l.names = append(l.names, tax)
		for _, term := range slices.Sorted(maps.Keys(s.Taxonomies[tax])) {
			l.names = append(l.names, term)
			l.lists = append(l.lists, s.Taxonomies[tax][term])
		}
		l.names = append(l.names, "") // the taxonomy's end
	}
	return l
}

// same reports whether l and o list the same pages in the same order.
func (l *listMemo) same(o *listMemo) bool {
	if !slices.Equal(l.names, o.names) || len(l.lists) != len(o.lists) {
		return false
	}
	for i, a := range l.lists {
		b := o.lists[i]
		if len(a) != len(b) {
			return false
		}
		if len(a) > 0 && &a[0] == &b[0] {
			continue // the same slice
		}
		for j, p := range a {
			if p != b[j] && p.Path != b[j].Path { // an edited page is a new object at the same path
				return false
			}
		}
	}
	return true
}

// signLists signs the language s's lists, unless they are those of the
// memo and the state still has the signatures the memo's gave.
func (m *modelBuild) signLists(s *content.Site) {
	if m.last.lists == nil {
		m.last.lists = map[*content.Site]*listMemo{}
	}
	now, memo := snapshotLists(s), m.last.lists[s]
	if memo != nil && memo.same(now) && m.holds(memo.sigs) {
		return // the state's signatures are the lists'
	}
	now.sigs = map[string]uint64{}
	signature.Lists(s, now.sigs)
	maps.Copy(m.sigs, now.sigs)
	m.last.lists[s] = now
}

// holds reports whether the state has the signatures sigs.
func (m *modelBuild) holds(sigs map[string]uint64) bool {
	for k, v := range sigs {
		if old, ok := m.b.state.Sigs[k]; !ok || old != v {
			return false
		}
	}
	return true
}
