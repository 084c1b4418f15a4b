package build

import (
	"bytes"
	"io"
	"slices"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
)

// sitemapHolds reports whether the sitemap stays as the last build wrote
// it: it lists every written page with its URL, its lastmod, its
// translations' URLs and its pager pages, in path order, so it holds when
// no page came or went, every edited file's page has the same of these,
// and no list has a different number of pager pages. Lastmod comes from
// front matter only, so the other pages the edit touched keep theirs.
func (m *modelBuild) sitemapHolds() bool {
	st := m.b.state
	if len(m.gone) > 0 {
		return false
	}
	for path, n := range m.pagers {
		if ps := st.Pages[path]; ps == nil || ps.Pagers != n {
			return false
		}
	}
	before := map[string]*content.Page{}
	for _, p := range m.old {
		before[p.Path] = p
	}
	for p := range m.fresh {
		ps, old := st.Pages[p.Path], before[p.Path]
		if ps == nil || old == nil || (ps.Out != "") != (m.names[p.Path] != "") || !sameInSitemap(old, p) {
			return false
		}
	}
	return true
}

// sameInSitemap reports whether two versions of a page have the same
// sitemap entry.
func sameInSitemap(a, b *content.Page) bool {
	day := func(p *content.Page) string { return p.Lastmod.Format(time.DateOnly) } // as the sitemap shows it
	if a.Kind != b.Kind || a.Permalink != b.Permalink || a.Lastmod.IsZero() != b.Lastmod.IsZero() || day(a) != day(b) || a.IsFallback() != b.IsFallback() {
		return false
	}
	key := func(p *content.Page) string { return p.Lang + " " + p.Permalink }
	ta, tb := a.AllTranslations(), b.AllTranslations()
	return slices.EqualFunc(ta, tb, func(x, y *content.Page) bool { return key(x) == key(y) })
}

// sitemapEntry is a page's sitemap entry: the one kept from an earlier
// build while neither the page nor any of its translations was touched
// or rendered (the entry reads their URLs, dates, output files and pager
// counts, which change with nothing else), so that a page that comes or
// goes does not cost formatting 10,000 entries again. Every build that did
// not write the sitemap left each entry as it was (sitemapHolds), and a
// full build starts a new lastBuild, without kept entries.
func (m *modelBuild) sitemapEntry(p *content.Page) string {
	dirty := func(q *content.Page) bool {
		_, rendered := m.pagers[q.Path] // no lock: the templates are done
		return m.touched[q.Path] != nil || rendered || m.fresh[q]
	}
	keep := !dirty(p)
	for _, t := range p.Translations {
		keep = keep && !dirty(t)
	}
	if e, ok := m.last.sitemap[p.Path]; ok && keep {
		return e
	}
	pagers := func(p *content.Page) int { return m.pagersOf(p.Path) }
	e := feeds.SitemapEntry(p, m.site.Config.DefaultLanguage, m.exists, pagers)
	m.entries[p.Path] = e // only the sitemap's writer makes entries
	return e
}

// sitemap writes the sitemap, splicing the last one's entries of the
// pages that keep theirs (sitemapEntry's rule) when the memo holds.
func (m *modelBuild) sitemap() error {
	q, file, by := m.quickBuild, "sitemap.xml", m.site.Sites.ByPath
	if q.r.Minifies(file) { // the minifier's bytes have no layout
		return m.b.stream(q.out, file, "sitegen", q.r.MinFill(file, func(w io.Writer) error {
			return feeds.SitemapOf(w, m.site.Sites, m.sitemapEntry)
		}))
	}
	dirty := map[*content.Page]bool{} // by pointer: asked of every page
	for p := range m.fresh {
		dirty[p] = true
	}
	for path := range m.touched {
		dirty[by[path]] = true
	}
	for path := range m.pagers {
		dirty[by[path]] = true
	}
	changed := func(p *content.Page) bool {
		if dirty[p] {
			return true
		}
		for _, t := range p.Translations {
			if dirty[t] {
				return true
			}
		}
		return false
	}
	left := func(path string) bool { return m.gone[path] != nil || by[path] != nil && changed(by[path]) }
	return m.spliced(file, "sitegen", &feeds.Splicer{Item: m.sitemapEntry, Changed: changed, Left: left}, func(buf *bytes.Buffer, sp *feeds.Splicer) (bool, error) {
		return feeds.SpliceSitemap(buf, m.site.Sites, sp)
	})
}
