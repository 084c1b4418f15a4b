package content

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// Updating a model in place. Between two builds of serve, most edits touch
// one regular page: its front matter (title, date, tags, weight, draft),
// or the set of pages (a new page, a deleted one, one renamed or moved to
// another section). Update applies such edits to the model the last build
// left, in time that grows with the lists the page is in, not with the
// site: the page's old version leaves its section, its terms, its
// translations and the sorted lists, and its new version joins them at
// its sorted place. Every list that changes is a new slice, so that a
// list handed out before the update (to a template, a signature) stays as
// it was; pages that are not edited stay the same objects.
//
// The result is the model Build makes of the same files. Update keeps to
// edits where it can show that without doing Build's work: anything else
// (a section's or a bundle's _index or index file, aliases, a URL that
// clashes, a new folder, a folder left without pages, a language with
// fallback pages) makes it report false, and the caller builds the model
// from all files.

// Update applies to s, which Build made, the edits to the Markdown files at
// the paths in changed (relative to the site folder): new, edited or gone.
// files are all the Markdown files as they are now (by path) and o the
// options Build had. It reports false when the edits need a full Build;
// s may then be partly updated and must not be used again.
func (s *Sites) Update(files map[string]*source.File, changed []string, o Options) bool {
	u := &updater{b: &builder{Sites: s, opts: o, site: map[string]*Site{}},
		parents: map[*Page]bool{}, terms: map[termRef]bool{}, keys: map[string]bool{}}
	for _, st := range s.Langs {
		u.b.site[st.Language.Code] = st
	}
	if !u.plan(files, changed) {
		return false
	}
	u.apply()
	return u.link()
}

// updater is one Update.
type updater struct {
	b       *builder
	old     []*Page        // pages of the edited files before the edit
	added   []*Page        // and after
	born    []*Page        // taxonomy and term pages that came
	removed pageSet        // old pages, and taxonomy and term pages that went
	parents map[*Page]bool // sections whose children change
	terms   map[termRef]bool
	keys    map[string]bool // translation keys whose groups change
	tail    bool            // a taxonomy or term page came or went
}

// termRef is one term of one language.
type termRef struct {
	site         *Site
	plural, slug string
}

// plan finds the edited files' old and new pages and checks, before
// anything changes, that the update can be done in place.
func (u *updater) plan(files map[string]*source.File, changed []string) bool {
	s, c := u.b.Sites, u.b.Config
	for _, l := range c.LanguageList {
		if l.Untranslated == config.UntranslatedFallback {
			return false
		}
	}
	seen := map[string]bool{}
	for _, p := range changed {
		if seen[p] {
			continue
		}
		seen[p] = true
		rel, ok := strings.CutPrefix(p, config.ContentDir+"/")
		if !ok || !strings.HasSuffix(p, ".md") {
			return false
		}
		lang, base, name := source.SplitName(c, rel)
		if name == "_index" || name == "index" {
			return false
		}
		if old := s.byBase[lang][base]; old != nil {
			if old.File != p || len(old.Aliases) > 0 {
				return false // another file has the name: Build says which wins
			}
			u.old = append(u.old, old)
			u.removed.add(old)
		}
		if f := files[p]; f != nil && u.b.published(f) {
			if f.Lang != lang || f.Base != base || len(f.Front.Aliases) > 0 {
				return false
			}
			p := u.newPage(f)
			if p == nil {
				return false
			}
			u.added = append(u.added, p)
		}
	}
	return u.checkAdded() && u.sectionsKeep()
}

// free reports whether a new page of kind may take the URL path: it is
// a valid path that no page of another kind, no copied file and no alias
// has.
func (u *updater) free(path, kind string) bool {
	s := u.b.Sites
	if q := s.ByPath[path]; q != nil && (q.Kind != kind || kind == KindPage && !u.removed.has(q)) {
		return false
	}
	_, copied := s.Copies[path]
	_, alias := s.Aliases[path]
	return !copied && !alias && badPath(path) == ""
}

// newPage makes the page of a published file as Build does, without
// registering it; nil when it cannot join the model in place.
func (u *updater) newPage(f *source.File) *Page {
	b := u.b
	s := b.site[f.Lang]
	// One page, and its terms, each in memory of its own: a block would
	// keep a rebuild's garbage alive (see newPage).
	b.free = make([]Page, 1)
	n := 0
	for _, t := range f.Front.Terms {
		n += len(t.Terms)
	}
	b.freeTerms, b.freeStrings = make([]source.TaxonomyTerms, len(f.Front.Terms)), make([]string, n)
	p := b.newPage(s, KindPage, f)
	parent := path.Dir(f.Base)
	p.Parent = s.sections[parent]
	if p.Parent == nil {
		return nil // a new folder: Build makes its section
	}
	p.Section = firstSegment(parent)
	p.Path = b.pagePath(s, p, f)
	if p.Path == "" || !b.checkPath(p) {
		return nil
	}
	b.setURLs(p)
	return p
}

// checkAdded checks that the new pages take URLs and names nothing else
// has, and give each term once.
func (u *updater) checkAdded() bool {
	s := u.b.Sites
	taken := map[string]bool{}
	for _, p := range u.added {
		if !u.free(p.Path, KindPage) || taken[p.Path] || s.byBase[p.Lang][baseOf(p)] != nil && !u.removed.has(s.byBase[p.Lang][baseOf(p)]) {
			return false
		}
		taken[p.Path] = true
		prefix := p.Site.LanguagePrefix + "/"
		for _, t := range p.Terms {
			slugs := map[string]bool{}
			for _, term := range t.Terms {
				slug := Urlize(term)
				if slug == "" {
					continue
				}
				if slugs[slug] || !u.free(prefix+t.Plural+"/"+slug+"/", KindTerm) || !u.free(prefix+t.Plural+"/", KindTaxonomy) {
					return false // listed twice under the term, or a URL Build reports
				}
				slugs[slug] = true
			}
		}
	}
	return true
}

// sectionsKeep checks that no section loses its last page: a folder
// without an _index file and without pages has no section.
func (u *updater) sectionsKeep() bool {
	gain := map[*Page]int{}
	for _, p := range u.added {
		gain[p.Parent]++
	}
	for _, p := range u.old {
		gain[p.Parent]--
	}
	for sec, n := range gain {
		if sec.File == "" && len(sec.children)+n <= 0 {
			return false
		}
	}
	for _, p := range u.added {
		if h := p.Site.Home; h.File == "" && len(h.children) == 0 {
			return false // a language without content: Build adds its home last
		}
	}
	return true
}

// apply takes the old pages out of the model and puts the new ones in.
func (u *updater) apply() {
	s := u.b.Sites
	for _, p := range u.old {
		delete(s.ByPath, p.Path)
		delete(s.byBase[p.Lang], baseOf(p))
		u.touch(p)
	}
	for _, p := range u.added {
		s.ByPath[p.Path] = p
		s.byBase[p.Lang][baseOf(p)] = p
		u.touch(p)
	}
	for sec := range u.parents {
		sec.children = u.merge(sec.children, u.added, func(p *Page) bool { return p.Parent == sec })
		sec.regular = regularOf(sec.children)
	}
	for _, st := range s.Langs {
		if u.edits(st) { // a language no edit touched keeps its list, the same slice
			st.regular = u.merge(st.regular, u.added, func(p *Page) bool { return p.Site == st })
		}
	}
	taxes := map[*Page]bool{}
	for _, t := range sortedTerms(u.terms) {
		if tax := u.term(t); tax != nil {
			taxes[tax] = true
		}
	}
	for tax := range taxes {
		tax.children = slices.Clone(tax.children)
		sortPages(tax.children) // a term's title may have changed
		tax.regular = regularOf(tax.children)
	}
	s.Pages = u.mergeByPath(s.Pages)
	for _, st := range s.Langs {
		u.reorder(st)
	}
}

// edits reports whether an old or a new page is in the language st.
func (u *updater) edits(st *Site) bool {
	in := func(p *Page) bool { return p.Site == st }
	return slices.ContainsFunc(u.old, in) || slices.ContainsFunc(u.added, in)
}

// touch notes the lists an old or a new page is in.
func (u *updater) touch(p *Page) {
	u.parents[p.Parent] = true
	u.keys[p.key] = true
	for _, t := range p.Terms {
		for _, term := range t.Terms {
			if slug := Urlize(term); slug != "" {
				u.terms[termRef{p.Site, t.Plural, slug}] = true
			}
		}
	}
}

// baseOf is the content base of a regular page's file ("news/x").
func baseOf(p *Page) string {
	_, base, _ := source.SplitName(p.Site.config, strings.TrimPrefix(p.File, config.ContentDir+"/"))
	return base
}

// merge is a sorted list without the old pages and with the new ones
// that belong to it (in), at their sorted places, in a new slice.
func (u *updater) merge(list, added []*Page, in func(*Page) bool) []*Page {
	out := without(list, len(added), &u.removed)
	for _, p := range added {
		if in(p) {
			out = insertSorted(out, p)
		}
	}
	return out
}

// insertSorted puts p into the sorted list at its place.
func insertSorted(list []*Page, p *Page) []*Page {
	i, _ := slices.BinarySearchFunc(list, p, comparePages)
	return slices.Insert(list, i, p)
}

// mergeByPath is Sites.Pages without the removed pages and with the new
// ones, ordered by path.
func (u *updater) mergeByPath(list []*Page) []*Page {
	out := without(list, len(u.added)+len(u.born), &u.removed)
	for _, p := range append(slices.Clone(u.added), u.born...) {
		i, _ := slices.BinarySearchFunc(out, p, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) })
		out = slices.Insert(out, i, p)
	}
	return out
}

// sortedTerms orders the terms to update, so that taxonomy pages are
// made in the same order every time.
func sortedTerms(m map[termRef]bool) []termRef {
	out := make([]termRef, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b termRef) int {
		return strings.Compare(a.site.Language.Code+"\x00"+a.plural+"\x00"+a.slug, b.site.Language.Code+"\x00"+b.plural+"\x00"+b.slug)
	})
	return out
}

// term brings a term page's pages up to date, making the page (and its
// taxonomy's) when the term is new and dropping it when no page gives it
// any more, as addTaxonomies would. It returns the taxonomy page, whose
// terms then need sorting again; nil when the taxonomy went.
func (u *updater) term(t termRef) *Page {
	s, st := u.b.Sites, t.site
	taxPath := st.LanguagePrefix + "/" + t.plural + "/"
	termPath := taxPath + t.slug + "/"
	tp := s.ByPath[termPath]
	var old []*Page
	if tp != nil {
		old = tp.children
	}
	children := u.merge(old, u.added, func(p *Page) bool {
		return p.Site == st && slices.ContainsFunc(p.Terms.Get(t.plural), func(term string) bool { return Urlize(term) == t.slug })
	})
	tax := s.ByPath[taxPath]
	if len(children) == 0 {
		if tp == nil {
			return nil
		}
		u.drop(tp)
		delete(st.Taxonomies[t.plural], t.slug)
		tax.children = slices.DeleteFunc(slices.Clone(tax.children), func(p *Page) bool { return p == tp })
		if len(tax.children) > 0 {
			return tax
		}
		u.drop(tax)
		delete(st.Taxonomies, t.plural)
		return nil
	}
	spelling := ""
	for _, term := range children[0].Terms.Get(t.plural) {
		if Urlize(term) == t.slug {
			spelling = term
			break
		}
	}
	if tax == nil {
		tax = &Page{Kind: KindTaxonomy, Lang: st.Language.Code, Site: st, Title: titleFromName(t.plural), Term: t.plural,
			key: "taxonomy:" + t.plural, Path: taxPath, Parent: st.Home}
		u.make(tax)
		st.Taxonomies[t.plural] = map[string][]*Page{}
	}
	if tp == nil {
		tp = &Page{Kind: KindTerm, Lang: st.Language.Code, Site: st, key: "term:" + t.plural + "/" + t.slug, Path: termPath, Parent: tax}
		u.make(tp)
		tax.children = append(slices.Clone(tax.children), tp)
	}
	tp.Title, tp.Term = spelling, spelling
	tp.children, tp.regular = children, children
	st.Taxonomies[t.plural][t.slug] = children
	return tax
}

// make registers a new taxonomy or term page.
func (u *updater) make(p *Page) {
	u.b.setURLs(p)
	u.b.ByPath[p.Path] = p
	u.born = append(u.born, p)
	u.keys[p.key] = true
	u.tail = true
}

// drop unregisters a taxonomy or term page.
func (u *updater) drop(p *Page) {
	delete(u.b.ByPath, p.Path)
	u.removed.add(p)
	u.keys[p.key] = true
	u.tail = true
}

// reorder brings a language's list of pages (Site.Pages) up to date. Build
// adds pages as it meets their files in path order, each folder's section
// just before the first file in it, and then each taxonomy with its terms
// and the 404 page; so the list is ordered by a key (see orderKey), and
// the sections above an edited page, whose first file may have changed,
// move with it.
func (u *updater) reorder(st *Site) {
	var moved pageSet
	var added []*Page
	for _, p := range append(slices.Clone(u.old), u.added...) {
		if p.Site != st {
			continue
		}
		if !u.removed.has(p) {
			added = append(added, p)
		}
		for q := p.Parent; q != nil; q = q.Parent {
			moved.add(q)
		}
	}
	if moved.len() == 0 && !u.tail {
		return
	}
	o := &orderKeys{first: map[*Page]string{}}
	split := len(st.all) // the taxonomies, their terms and the 404 page end the list
	for split > 0 && isTail(st.all[split-1]) {
		split--
	}
	head := without(st.all[:split], len(added)+moved.len(), &u.removed, &moved)
	tail := st.all[split:]
	added = append(added, moved.list...)
	for _, p := range added {
		i, _ := slices.BinarySearchFunc(head, p, o.compare)
		head = slices.Insert(head, i, p)
	}
	if u.tail {
		tail = u.taxonomyPages(st, tail)
	}
	st.all = append(head, tail...)
}

// isTail reports whether p is of the kinds that end a language's list.
func isTail(p *Page) bool {
	return p.Kind == KindTaxonomy || p.Kind == KindTerm || p.Kind == Kind404
}

// taxonomyPages is the end of a language's list of pages as Build makes
// it: each taxonomy and its terms, in name order, then the 404 page.
func (u *updater) taxonomyPages(st *Site, tail []*Page) []*Page {
	var out []*Page
	for _, plural := range sortedKeys(st.Taxonomies) {
		taxPath := st.LanguagePrefix + "/" + plural + "/"
		out = append(out, u.b.ByPath[taxPath])
		for _, slug := range sortedKeys(st.Taxonomies[plural]) {
			out = append(out, u.b.ByPath[taxPath+slug+"/"])
		}
	}
	for _, p := range tail {
		if p.Kind == Kind404 {
			out = append(out, p)
		}
	}
	return out
}

// sortedKeys are a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// orderKeys compares pages by the order Build adds them: a page by its
// file, a section by the first file under its folder, before that file's
// page and after the sections above it.
type orderKeys struct {
	first map[*Page]string // section -> the first file under it
}

func (o *orderKeys) compare(a, b *Page) int {
	fa, ra, da := o.key(a)
	fb, rb, db := o.key(b)
	if c := strings.Compare(fa, fb); c != 0 {
		return c
	}
	if ra != rb {
		return ra - rb
	}
	return da - db
}

// key is a page's file, 1 for a page (0 for a section), and its depth.
func (o *orderKeys) key(p *Page) (file string, rank, depth int) {
	if p.Kind == KindPage {
		return p.File, 1, 0
	}
	for q := p.Parent; q != nil; q = q.Parent {
		depth++
	}
	return o.firstFile(p), 0, depth
}

func (o *orderKeys) firstFile(sec *Page) string {
	if f, ok := o.first[sec]; ok {
		return f
	}
	f := sec.File
	for _, c := range sec.children {
		g := c.File
		if c.Kind != KindPage {
			g = o.firstFile(c)
		}
		if g != "" && (f == "" || g < f) {
			f = g
		}
	}
	o.first[sec] = f
	return f
}

// link joins the changed translation groups again and resolves the
// menus, whose pages may have come or gone; false when Build would
// report an error.
func (u *updater) link() bool {
	s := u.b.Sites
	groups := map[string][]*Page{}
	var keys smallSet[string] // an edit's few, tested for each of 10,000 pages
	for k := range u.keys {
		keys.add(k)
	}
	for _, p := range s.Pages {
		if keys.has(p.key) {
			groups[p.key] = append(groups[p.key], p)
		}
	}
	for _, g := range groups {
		sortByLanguage(g, s.Config)
		for i := 1; i < len(g); i++ {
			if g[i].Lang == g[i-1].Lang {
				return false
			}
		}
		for _, p := range g {
			var tr []*Page
			for _, q := range g {
				if q != p {
					tr = append(tr, q)
				}
			}
			p.Translations = tr
		}
	}
	for _, st := range s.Langs {
		u.b.menus(st)
	}
	return len(u.b.errs) == 0
}
