package content

import (
	"html/template"
	"path"
	"sort"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/source"
)

type templateHTML = template.HTML

// linkTree fills every node's children once all pages are known.
// Regular pages join their parents in their language's sorted order (see
// Build), so the children of a section without subsections come sorted
// and sorting them is one pass.
func (b *builder) linkTree() {
	for _, s := range b.Langs {
		for _, p := range s.regular {
			if p.Parent != nil {
				p.Parent.children = append(p.Parent.children, p)
			}
		}
	}
	for _, p := range b.Pages {
		if p.Parent != nil && p.Kind == KindSection {
			p.Parent.children = append(p.Parent.children, p)
		}
	}
	for _, p := range b.Pages {
		if len(p.children) > 0 {
			sortPages(p.children)
			p.regular = regularOf(p.children)
		}
	}
}

// regularOf is the regular pages among sorted children, in their order: the
// order sorting them alone would give, as the order is total and the sort
// stable. A section without subsections shares its children's slice, so a
// big section is neither sorted nor held twice.
func regularOf(children []*Page) []*Page {
	return filterPages(children, (*Page).IsPage)
}

// filterPages is the pages of ps that keep wants, in their order: ps
// itself when it wants them all, so that the common case costs no copy.
func filterPages(ps []*Page, keep func(*Page) bool) []*Page {
	n := 0
	for _, p := range ps {
		if keep(p) {
			n++
		}
	}
	if n == len(ps) {
		return ps
	}
	out := make([]*Page, 0, n)
	for _, p := range ps {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) linkTranslations() {
	groups := map[string][]*Page{}
	for _, p := range b.Pages {
		if p.Original == nil { // a fallback is no translation
			groups[p.key] = append(groups[p.key], p)
		}
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sortByLanguage(g, b.Config)
		if strings.HasPrefix(g[0].key, "key:") {
			b.sameLanguage(g)
		}
		for _, p := range g {
			for _, q := range g {
				if q != p && q.Lang != p.Lang {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
}

func (b *builder) addTaxonomies(s *Site) {
	plurals := source.TaxonomyNames(b.Config)
	for _, plural := range plurals {
		terms := map[string]*Page{}
		// A site's terms repeat: each distinct spelling is urlized once,
		// and the pages that give it share one string, where the decoder
		// made one per page (objects the collector marks to the end).
		spellings := map[string]string{} // term as written -> its slug
		for _, p := range s.regular {
			if p.Original != nil {
				continue // its terms are in the original's language
			}
			ts := p.Terms.Get(plural)
			for i, t := range ts {
				slug, ok := spellings[t]
				if !ok {
					slug = Urlize(t)
					spellings[t] = slug
				}
				if slug == "" {
					continue
				}
				tp, ok := terms[slug]
				if !ok {
					tp = &Page{Kind: KindTerm, Lang: s.Language.Code, Site: s, Title: t, Term: t,
						key:  "term:" + plural + "/" + slug,
						Path: s.LanguagePrefix + "/" + plural + "/" + slug + "/"}
					terms[slug] = tp
				}
				if t == tp.Term {
					ts[i] = tp.Term
				}
				tp.children = append(tp.children, p)
			}
		}
		if len(terms) == 0 {
			continue
		}
		tax := &Page{Kind: KindTaxonomy, Lang: s.Language.Code, Site: s, Title: titleFromName(plural), Term: plural,
			key: "taxonomy:" + plural, Path: s.LanguagePrefix + "/" + plural + "/", Parent: s.Home}
		b.add(tax)
		s.Taxonomies[plural] = map[string][]*Page{}
		slugs := make([]string, 0, len(terms))
		for slug := range terms {
			slugs = append(slugs, slug)
		}
		sort.Strings(slugs)
		for _, slug := range slugs {
			tp := terms[slug]
			tp.Parent = tax
			sortPages(tp.children)   // one pass: they came in sorted order
			tp.regular = tp.children // a term's pages are all regular
			b.add(tp)
			tax.children = append(tax.children, tp)
			s.Taxonomies[plural][slug] = tp.regular
		}
	}
}

// addCopies places content assets: a leaf bundle's files beside each
// language version of its page, other files at their own path.
func (b *builder) addCopies(assets []string) {
	for _, a := range assets {
		rel := strings.TrimPrefix(a, "content/")
		if pages := b.bundleOf(rel); pages != nil {
			for _, p := range pages {
				inner := strings.TrimPrefix(rel, p.dir+"/")
				b.copy(p.Path+inner, a, p)
				p.Resources = append(p.Resources, a)
			}
			continue
		}
		b.copy("/"+rel, a, nil)
	}
}

func (b *builder) copy(dst, src string, owner *Page) {
	if p, ok := b.ByPath[dst]; ok {
		b.errs.Add(diag.At(src, 0, "file and %s both claim the URL %s", describe(p), dst))
		return
	}
	if old, ok := b.Copies[dst]; ok {
		b.errs.Add(diag.At(src, 0, "file and %s both claim the URL %s", old, dst))
		return
	}
	b.Copies[dst] = src
}

// bundleOf finds the leaf bundle pages (one per language) whose folder
// holds the content-relative file rel.
func (b *builder) bundleOf(rel string) []*Page {
	for dir := path.Dir(rel); dir != "." && dir != "/"; dir = path.Dir(dir) {
		var pages []*Page
		for _, s := range b.Langs {
			if p := b.byBase[s.Language.Code][dir+"/index"]; p != nil {
				pages = append(pages, p)
			}
		}
		if pages != nil {
			return pages
		}
	}
	return nil
}

func (b *builder) addAliases() {
	for _, p := range b.Pages {
		for _, a := range p.Aliases {
			dst := cleanURLPath(a)
			if p.Site.LanguagePrefix != "" && !strings.HasPrefix(dst, p.Site.LanguagePrefix+"/") {
				dst = p.Site.LanguagePrefix + dst
			}
			if why := badPath(dst); why != "" {
				b.errs.Add(diag.At(p.File, p.Source.KeyLine("aliases"), "alias %s %s", short(dst), why))
				continue
			}
			if q, ok := b.ByPath[dst]; ok {
				b.errs.Add(diag.At(p.File, p.Source.KeyLine("aliases"), "alias %s is the URL of %s", dst, describe(q)))
				continue
			}
			if q, ok := b.Aliases[dst]; ok {
				b.errs.Add(diag.At(p.File, p.Source.KeyLine("aliases"), "alias %s is also an alias of %s", dst, describe(q)))
				continue
			}
			b.Aliases[dst] = p
		}
	}
}

func (b *builder) menus(s *Site) {
	s.Menus = map[string][]*MenuEntry{}
	names := make([]string, 0, len(s.Language.Menus))
	for name := range s.Language.Menus {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, e := range s.Language.Menus[name] {
			m := &MenuEntry{Name: e.Name, Weight: e.Weight, Identifier: e.Identifier, URL: e.URL}
			if e.PageRef != "" {
				m.Page = b.GetPage(s.Language.Code, e.PageRef)
				if m.Page == nil {
					b.errs.Add(diag.At("sitegen.toml", 0, "menu %q of language %s: pageRef %q matches no page", name, s.Language.Code, e.PageRef).
						WithHint("pageRef is a content path such as /about or /news"))
					continue
				}
				m.URL = m.Page.RelPermalink
			} else if strings.HasPrefix(m.URL, "/") {
				m.URL = b.Config.BasePath() + m.URL
			}
			s.Menus[name] = append(s.Menus[name], m)
		}
		sort.SliceStable(s.Menus[name], func(i, j int) bool {
			a, c := s.Menus[name][i], s.Menus[name][j]
			if a.Weight != c.Weight {
				return a.Weight < c.Weight
			}
			return a.Name < c.Name
		})
	}
}

// GetPage finds a page of a language by content path: "/about" matches
// about.md, about/_index.md or about/index.md; "/" is the home page.
func (s *Sites) GetPage(lang, ref string) *Page {
	ref = strings.Trim(strings.TrimSuffix(ref, ".md"), "/")
	if ref == "" {
		ref = "_index"
	}
	m := s.byBase[lang]
	for _, base := range []string{ref, ref + "/_index", ref + "/index"} {
		if p := m[base]; p != nil {
			return p
		}
	}
	return nil
}

// ByContentFile resolves a link to a content file (relative to content/) as
// seen from a page in lang: the same language's version if there is one,
// else the file itself when it names a language or is published in the
// default language.
func (s *Sites) ByContentFile(lang, rel string) *Page {
	l, base, _ := source.SplitName(s.Config, rel)
	if explicit := strings.HasSuffix(strings.TrimSuffix(rel, ".md"), "."+l); explicit {
		return s.byBase[l][base]
	}
	if p := s.byBase[lang][base]; p != nil {
		return p
	}
	return s.byBase[s.Config.DefaultLanguage][base]
}
