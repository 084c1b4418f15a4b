package build

import (
	"slices"
	"time"

	"github.com/sitegen/sitegen/internal/content"
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
