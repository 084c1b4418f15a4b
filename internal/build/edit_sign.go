package build

import (
	"maps"
	"slices"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/signature"
	"github.com/sitegen/sitegen/internal/templates"
)

// A language's lists of pages (its pages, regular pages, sections and
// taxonomies) are signed by hashing every listed page's path
// (signature.Lists): at 10,000 pages some 50,000 paths, more than the
// rest of a front-matter edit's signing. The model path keeps the lists
// it signed last (listMemo) and compares them with the new ones slice by
// slice, which the model allows: Update makes a list that changes a new
// slice, so the same slice is the same list. A list that is the same
// keeps its signature; one that changed gets a new one, made from the
// last and the build's number rather than from its pages, as a signature
// only says whether what a template read changed. A full build signs the
// lists again from their pages, and so renders again, once, the pages
// that read a list the model path gave a new signature.

// listGroups are the groups of lists that each have a signature.
var listGroups = []string{"pages", "regular", "sections", "taxonomies"}

// listMemo is one language's lists as the model path last signed them.
type listMemo struct {
	groups map[string]*pageLists // by listGroups
	sigs   map[string]uint64     // their signatures, by model key
}

// pageLists are the lists of one group, and for taxonomies the names of
// the taxonomies and terms.
type pageLists struct {
	lists [][]*content.Page
	names []string
}

// snapshotLists is what listMemo keeps of the language s's lists now.
func snapshotLists(s *content.Site) map[string]*pageLists {
	one := func(ps []*content.Page) *pageLists { return &pageLists{lists: [][]*content.Page{ps}} }
	tax := &pageLists{}
	for _, plural := range slices.Sorted(maps.Keys(s.Taxonomies)) {
		tax.names = append(tax.names, plural)
		for _, term := range slices.Sorted(maps.Keys(s.Taxonomies[plural])) {
			tax.names = append(tax.names, term)
			tax.lists = append(tax.lists, s.Taxonomies[plural][term])
		}
		tax.names = append(tax.names, "") // the taxonomy's end
	}
	return map[string]*pageLists{"pages": one(s.Pages()), "regular": one(s.RegularPages()), "sections": one(s.Sections()), "taxonomies": tax}
}

// same reports whether l and o list the same pages in the same order.
func (l *pageLists) same(o *pageLists) bool {
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

// signLists signs the language s's lists: from the memo's, when the state
// still has the signatures the memo gave, else from their pages.
func (m *modelBuild) signLists(s *content.Site) {
	if m.last.lists == nil {
		m.last.lists = map[*content.Site]*listMemo{}
	}
	now, memo := snapshotLists(s), m.last.lists[s]
	if memo == nil || !m.holds(memo.sigs) {
		memo = &listMemo{groups: now, sigs: map[string]uint64{}}
		signature.Lists(s, memo.sigs)
		maps.Copy(m.sigs, memo.sigs)
		m.last.lists[s] = memo
		return
	}
	for _, g := range listGroups {
		if memo.groups[g].same(now[g]) {
			continue // the state's signature is the list's
		}
		key := templates.ListKey(s, g)
		h := signature.New()
		h.Str("changed by the model path")
		h.Int(int64(memo.sigs[key]))
		h.Int(int64(m.b.edits))
		memo.sigs[key], m.sigs[key], memo.groups[g] = h.Sum(), h.Sum(), now[g]
	}
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
