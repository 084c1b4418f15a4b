package build

import (
	"maps"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/templates"
)

// removals lists the output files of the pages that went, and the pager
// pages a list no longer has.
func (m *modelBuild) removals() {
	st := m.b.state
	for path, s := range m.gone {
		ps := st.Pages[path]
		for _, f := range pageFiles(&content.Page{Path: path, Site: s}, ps.Out, ps.Pagers) {
			m.remove[f] = true
		}
	}
	for path, n := range m.pagers {
		ps := st.Pages[path]
		if ps == nil || ps.Pagers <= n && n > 1 {
			continue
		}
		keep := map[string]bool{}
		p := m.site.Sites.ByPath[path]
		for _, f := range pageFiles(p, content.OutputFile(path), n) {
			keep[f] = true
		}
		for _, f := range pageFiles(p, ps.Out, ps.Pagers) {
			if !keep[f] {
				m.remove[f] = true
			}
		}
	}
	for f := range m.remove {
		if m.out.Has(f) {
			delete(m.remove, f) // written again: a page took the place of one that went
		}
	}
}

// pageFiles are the output files of a page written to out ("" for none)
// with its pager pages.
func pageFiles(p *content.Page, out string, pagers int) []string {
	var files []string
	if out != "" {
		files = append(files, out)
	}
	for n := 1; n <= pagers && pagers > 1; n++ {
		files = append(files, content.OutputFile(feeds.PagerPath(p, n)))
	}
	return files
}

// checkLinks forgets the pages that went and checks again the links of
// the bodies rendered, into pages whose ids changed and to files that came
// or went.
func (m *modelBuild) checkLinks() ([]string, error) {
	c := m.last.links
	for path := range m.gone {
		c.Remove(path)
	}
	files := maps.Clone(m.remove)
	for f := range m.out.Files {
		if _, ok := m.b.state.Files[f]; !ok {
			files[f] = true
		}
	}
	pages := map[string]bool{}
	c.LinkingTo(pages, files)
	return m.recheck(pages, m.exists)
}

// stats are the last build's with the pages that came and went.
func (m *modelBuild) stats() *Stats {
	st, prev := m.b.state, m.last.stats
	stats := *prev
	stats.Pages = maps.Clone(prev.Pages)
	stats.URLs, stats.URLsWere = m.urls(prev.URLs)
	stats.Bodies, stats.Templates = len(m.bodies), len(m.pages)
	for path, s := range m.gone {
		if st.Pages[path].Out != "" {
			stats.Pages[s.Language.Code]--
		}
		if st.Pages[path].File == "" && isTerm(path, s) {
			stats.Terms--
		}
	}
	for p := range m.fresh {
		ps := st.Pages[p.Path]
		was := ps != nil && ps.Out != ""
		if now := m.names[p.Path] != ""; now != was {
			if now {
				stats.Pages[p.Lang]++
			} else {
				stats.Pages[p.Lang]--
			}
		}
		if p.Kind == content.KindTerm && ps == nil {
			stats.Terms++
		}
	}
	return &stats
}

// urls are the last build's content files' URLs (prev) with the edited
// files', changed in place, as copying a big site's 10,000 costs more than
// the rest of the stats; and, when some changed, the URLs they had before
// ("" for none), for whoever compares the two builds (Stats.URLsWere).
func (m *modelBuild) urls(urls map[string]string) (now, were map[string]string) {
	is := map[string]string{}
	for p := range m.fresh {
		if p.File != "" && !p.IsFallback() {
			is[p.File] = p.RelPermalink
		}
	}
	set := func(f, url string, has bool) {
		old, had := urls[f]
		if had == has && old == url {
			return
		}
		if were == nil {
			were = map[string]string{}
		}
		if _, ok := were[f]; !ok {
			were[f] = old
		}
		if has {
			urls[f] = url
		} else {
			delete(urls, f)
		}
	}
	for _, p := range m.old {
		if _, ok := is[p.File]; !ok {
			set(p.File, "", false)
		}
	}
	for f, url := range is {
		set(f, url, true)
	}
	return urls, were
}

// isTerm reports whether a generated page's path in language s is a
// term's (LANG/PLURAL/SLUG/) rather than a taxonomy's.
func isTerm(path string, s *content.Site) bool {
	return strings.Count(path[len(s.LanguagePrefix)+1:], "/") == 2
}

// commit makes this build's results the state the next build starts from.
func (m *modelBuild) commit(stats *Stats) {
	st, last := m.b.state, m.last
	m.readers()
	for path := range m.gone {
		last.redep(path, st.Pages[path].Deps, nil)
		last.relink(path, st.Pages[path].Links, nil)
		p := &content.Page{Path: path}
		delete(st.Pages, path)
		delete(st.Sigs, templates.MetaKey(p))
		delete(st.Sigs, templates.BodyKey(p))
		delete(st.Items, path)
	}
	for p := range m.fresh {
		if st.Pages[p.Path] == nil {
			st.Pages[p.Path] = &render.PageState{Links: &linkcheck.Links{}}
		}
		st.Pages[p.Path].File = p.File
		if p.File == "" {
			last.relink(p.Path, st.Pages[p.Path].Links, nil)
			st.Pages[p.Path].Links = &linkcheck.Links{}
		}
	}
	for p := range m.bodies {
		ps := st.Pages[p.Path]
		last.relink(p.Path, ps.Links, m.links[p])
		ps.MD, ps.Links = m.md[p], m.links[p]
		st.Sigs[templates.BodyKey(p)] = ps.MD.Sig
	}
	for path, run := range m.pages {
		ps := st.Pages[path]
		last.redep(path, ps.Deps, run.deps)
		ps.Template, ps.Out, ps.Deps, ps.IDs, ps.Pagers = m.names[path], content.OutputFile(path), run.deps, run.ids, m.pagers[path]
	}
	maps.Copy(st.Sigs, m.sigs)
	maps.Copy(st.Items, m.newItem)
	if last.sitemap == nil {
		last.sitemap = map[string]string{}
	}
	maps.Copy(last.sitemap, m.entries)
	for path := range m.gone {
		delete(last.sitemap, path)
	}
	maps.Copy(st.Search, m.searchIx)
	for path := range m.written {
		delete(st.Sigs, "rss:"+path) // unknown: the next full build writes the feed again
	}
	delete(st.Sigs, "sitemap")
	maps.Copy(st.Files, m.out.Files)
	m.keepFeeds()
	for f := range m.remove {
		delete(st.Files, f)
	}
	for _, p := range m.old {
		delete(last.byFile, p.File)
	}
	for p := range m.fresh {
		if p.File != "" {
			last.byFile[p.File] = append(last.byFile[p.File], p)
		}
	}
	stats.Files = len(st.Files)
	last.site, last.stats = m.site, stats
	m.b.pending = nil
}
