package build

import (
	"context"
	"html/template"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/signature"
	"github.com/sitegen/sitegen/internal/source"
	"github.com/sitegen/sitegen/internal/templates"
)

// The model path handles the saves that come after body edits: front
// matter edited (a title, a date, tags, a weight, draft), a new page, a
// deleted one, one renamed or moved. The loader has updated the model in
// place (model.go); the model path finds the pages whose metadata can
// have changed from the edited files' pages before and after the edit
// (themselves, their sections, their terms and taxonomies, in every
// language, and their translations), signs only those and the changed
// languages' lists, and renders again only the new pages, the bodies whose
// links or shortcodes point at what changed, and the pages whose template
// read a key whose signature changed; then the feeds that list a changed
// page, the sitemap and the [[outputs]]. It removes the outputs of pages
// that went, and checks again only the links that can have changed: those
// of the bodies rendered, into pages whose ids changed, and to files that
// came or went. The rest of the last build (its outputs, signatures and
// link-check results) is kept, so an edit costs what the pages it touches
// cost, not what the site does.
//
// A site's search index follows the edit (edit_search.go).
//
// It gives way to the full incremental render where it cannot show that
// its output is a clean build's: a new page without a template or whose
// output file the site gives itself, a search index a failed build left
// unknown.

// modelBuild is one build by the model path. It shares the quick path's
// views of bodies, its template runs and its link check.
type modelBuild struct {
	*quickBuild
	site    *render.Input
	old     []*content.Page          // the edited files' pages before the edit
	fresh   map[*content.Page]bool   // pages the last build did not render: new objects
	touched map[string]*content.Page // pages whose metadata may have changed, by path
	// the same pages by pointer, for the feeds' items (extras)
	touchedPage map[*content.Page]bool
	gone        map[string]*content.Site   // paths the model no longer has -> their language
	langs       map[*content.Site]bool     // languages with touched pages
	sigs        map[string]uint64          // new signatures of model keys
	keys        map[string]bool            // model keys whose signature changed
	names       map[string]string          // the template of each page rendered again, by path
	pagers      map[string]int             // their pager pages
	bodies      map[*content.Page]bool     // pages whose Markdown was rendered again
	remove      map[string]bool            // output files to delete
	written     map[string]bool            // feeds written
	newItem     map[string]render.FeedItem // feed items made
	entries     map[string]string          // sitemap entries made, by path (edit_sitemap.go)
	// the search indexes written again, by language
	searchIx map[string]*render.SearchIndex
	feeds    map[string]*feedMemo // the feeds and sitemap written (edit_feeds.go)
	splices  int                  // how many of them were spliced
}

// modelEdit brings the site up to date after the loader updated the model
// in place; ok is false when the full incremental render must.
func (b *Builder) modelEdit(ctx context.Context, last *lastBuild, site *render.Input, changed []string, t0 time.Time) (*Result, bool, error) {
	if last == nil || b.state == nil || site.Sites != last.site.Sites || classify(changed) != touchContent {
		return nil, false, nil
	}
	q := &quickBuild{b: b, last: last}
	m := &modelBuild{quickBuild: q, site: site, fresh: map[*content.Page]bool{}, touched: map[string]*content.Page{},
		gone: map[string]*content.Site{}, langs: map[*content.Site]bool{}, sigs: map[string]uint64{}, keys: map[string]bool{},
		names: map[string]string{}, pagers: map[string]int{}, bodies: map[*content.Page]bool{}, remove: map[string]bool{},
		written: map[string]bool{}, newItem: map[string]render.FeedItem{}, entries: map[string]string{}, feeds: map[string]*feedMemo{}}
	if !m.searchReady() || !m.plan(changed) {
		return nil, false, nil
	}
	res, err := m.run(ctx)
	if err != nil {
		return nil, true, err
	}
	res.Stats.Duration = time.Since(t0)
	b.last = last
	b.edits++
	return res, true, nil
}

// plan finds the pages the edit touched and the templates of the new
// pages; false when the model path cannot build them.
func (m *modelBuild) plan(changed []string) bool {
	st, by := m.b.state, m.site.Sites.ByPath
	edited := map[string]bool{}
	for _, c := range changed {
		if !edited[c] {
			edited[c] = true
			m.old = append(m.old, m.last.byFile[c]...)
		}
	}
	for _, p := range m.site.Sites.Pages {
		if edited[p.File] {
			m.fresh[p] = true
		}
	}
	near := map[string]*content.Site{} // paths whose page may have changed
	for _, p := range m.old {
		m.near(p, near)
	}
	for p := range m.fresh {
		m.near(p, near)
	}
	for path, s := range near {
		cur, ps := by[path], st.Pages[path]
		switch {
		case cur == nil && ps != nil:
			m.gone[path] = s
		case cur != nil:
			m.touched[path] = cur
			if ps == nil {
				m.fresh[cur] = true
			}
		}
		m.langs[s] = true
	}
	for p := range m.fresh {
		name, err := m.site.Templates.Set(p.Lang).Lookup(p)
		out := content.OutputFile(p.Path)
		switch {
		case err != nil, name == "" && p.Kind != content.KindTaxonomy && p.Kind != content.KindTerm:
			return false // the full render reports it
		case name != "" && (p.Kind == content.Kind404 || render.Owns(m.site, out)):
			return false
		case name != "":
			m.names[p.Path] = name
		}
	}
	return true
}

// near adds to paths the page p (before or after the edit) and the pages
// whose lists hold it: its section, its translations, its terms and their
// taxonomies, in every language (term pages are translations of one
// another).
func (m *modelBuild) near(p *content.Page, paths map[string]*content.Site) {
	paths[p.Path] = p.Site
	if p.Parent != nil {
		paths[p.Parent.Path] = p.Parent.Site
	}
	for _, q := range p.Translations {
		paths[q.Path] = q.Site
	}
	for _, t := range p.Terms {
		for _, term := range t.Terms {
			slug := content.Urlize(term)
			if slug == "" {
				continue
			}
			for _, s := range m.site.Sites.Langs {
				paths[s.LanguagePrefix+"/"+t.Plural+"/"] = s
				paths[s.LanguagePrefix+"/"+t.Plural+"/"+slug+"/"] = s
			}
		}
	}
}

func (m *modelBuild) run(ctx context.Context) (*Result, error) {
	q, st := m.quickBuild, m.b.state
	q.out = output.NewMemory(q.b.seed, st.Files)
	q.r = &render.Renderer{Site: m.site, Opts: q.b.opts.render(), Out: q.out, Links: q.last.links, Prev: st, Views: q, Sizes: &q.b.sizes}
	q.md, q.links, q.html = map[*content.Page]render.MarkdownOut{}, map[*content.Page]*linkcheck.Links{}, map[*content.Page]template.HTML{}
	q.redo, q.pages, q.items = map[string]*content.Page{}, map[string]pageRun{}, map[string]render.FeedItem{}
	steps := []step{{"sign", m.sign}, {"markdown", m.markdown}, {"templates", m.templates}, {"extras", m.extras}, {"search", m.search}, {"resources", q.r.Resources}}
	timings, warnings, err := runSteps(ctx, steps, m.checkLinks)
	if err != nil {
		return nil, err
	}
	stats := m.stats()
	stats.Timings, stats.Quick = timings, true
	stats.Warnings = append(append([]string(nil), m.site.Warnings...), warnings...)
	m.commit(stats)
	remove := make([]string, 0, len(m.remove))
	for f := range m.remove {
		remove = append(remove, f)
	}
	return &Result{Stats: stats, Write: q.out.Changed, Remove: remove}, nil
}

// sign signs the touched pages and languages and notes the keys whose
// signature changed.
func (m *modelBuild) sign(context.Context) error {
	for _, p := range m.touched {
		m.sigs[templates.MetaKey(p)] = signature.Meta(p)
	}
	for s := range m.langs {
		m.signLists(s)
		signature.Menus(s, m.sigs)
	}
	for k, v := range m.sigs {
		if old, ok := m.b.state.Sigs[k]; !ok || old != v {
			m.keys[k] = true
		}
	}
	for path, s := range m.gone {
		p := &content.Page{Path: path, Site: s}
		m.keys[templates.MetaKey(p)], m.keys[templates.BodyKey(p)] = true, true
	}
	return nil
}

// markdown renders the Markdown of the new pages, and of the pages whose
// links to content files now resolve elsewhere or whose shortcodes read a
// changed key; a body whose signature changed changes its key.
func (m *modelBuild) markdown(ctx context.Context) error {
	q, st, by := m.quickBuild, m.b.state, m.site.Sites.ByPath
	for p := range m.fresh {
		if p.File != "" {
			m.bodies[p] = true
		}
	}
	urls := m.urlsChanged()
	edited := map[string]bool{} // the edited files' base names: the only links that can resolve elsewhere
	for _, p := range slices.Concat(m.old, slices.Collect(maps.Keys(m.fresh))) {
		if p.File != "" {
			_, base, _ := source.SplitName(m.site.Config, strings.TrimPrefix(p.File, config.ContentDir+"/"))
			edited[base] = true
		}
	}
	for path := range m.bodyIndex().candidates(m.keys, edited, urls) {
		ps := st.Pages[path]
		if ps == nil || ps.Links == nil || ps.File == "" || m.gone[path] != nil {
			continue
		}
		if urls && !q.last.links.ValidAfter(ps.Links, edited) || len(ps.Links.Shortcodes) > 0 && m.anyKey(ps.Links.Deps) {
			if p := by[path]; p != nil {
				m.bodies[p] = true
			}
		}
	}
	list := make([]*content.Page, 0, len(m.bodies))
	for p := range m.bodies {
		list = append(list, p)
	}
	q.edited = list
	if err := q.render(ctx, list); err != nil {
		return err
	}
	for _, p := range list {
		if old := st.Pages[p.Path]; old == nil || old.MD.Sig != q.md[p].Sig {
			m.sigs[templates.BodyKey(p)] = q.md[p].Sig
			m.keys[templates.BodyKey(p)] = true
			q.redo[p.Path] = p
		}
	}
	return nil
}

// urlsChanged reports whether a content file's page came, went or has a
// new URL, so that a link to a content file may resolve elsewhere.
func (m *modelBuild) urlsChanged() bool {
	before := map[string]string{}
	for _, p := range m.old {
		before[p.Lang+"\x00"+p.File] = p.RelPermalink
	}
	n := 0
	for p := range m.fresh {
		if p.File == "" {
			continue
		}
		n++
		if url, ok := before[p.Lang+"\x00"+p.File]; !ok || url != p.RelPermalink {
			return true
		}
	}
	return n != len(before)
}

// anyKey reports whether any of keys changed.
func (m *modelBuild) anyKey(keys []string) bool {
	for _, k := range keys {
		if m.keys[k] {
			return true
		}
	}
	return false
}

// templates runs the templates of the new pages and of every page that
// read a changed key.
func (m *modelBuild) templates(ctx context.Context) error {
	q, st, by := m.quickBuild, m.b.state, m.site.Sites.ByPath
	for p := range m.fresh {
		q.redo[p.Path] = p
	}
	readers := q.readers()
	for k := range m.keys {
		for _, path := range readers[k] {
			if p := by[path]; p != nil {
				q.redo[path] = p
			}
		}
	}
	for path, p := range q.redo {
		if m.fresh[p] {
			continue // named by plan
		}
		if ps := st.Pages[path]; ps != nil && ps.Out != "" {
			m.names[path] = ps.Template
		}
	}
	var redo []*content.Page
	for path, p := range q.redo {
		if m.names[path] != "" {
			redo = append(redo, p)
		}
	}
	err := render.Parallel(ctx, len(redo), func(i int) string { return render.Describe(redo[i]) }, func(i int) error {
		p := redo[i]
		res, err := q.r.RunPage(p, m.names[p.Path], content.OutputFile(p.Path))
		if err != nil {
			return err
		}
		q.mu.Lock()
		q.pages[p.Path] = pageRun{deps: res.Deps, ids: res.IDs}
		m.pagers[p.Path] = res.Pagers
		q.mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	m.removals()
	return nil
}

// extras writes again the feeds that list a changed page, the sitemap
// and the [[outputs]].
func (m *modelBuild) extras(ctx context.Context) error {
	q, by := m.quickBuild, m.site.Sites.ByPath
	dirty := map[string]bool{}
	feed := func(p *content.Page) {
		switch p.Kind {
		case content.KindHome, content.KindSection:
			dirty[p.Path] = true
		case content.KindPage:
			dirty[p.Site.Home.Path] = true
			if p.Parent != nil {
				dirty[p.Parent.Path] = true
			}
		}
	}
	for _, p := range m.old {
		feed(p)
	}
	m.touchedPage = map[*content.Page]bool{}
	for _, p := range m.touched {
		feed(p)
		m.touchedPage[p] = true
	}
	for p := range m.bodies {
		feed(p)
	}
	var list []*content.Page
	for path := range dirty {
		if f := by[path]; f != nil && (f.Kind == content.KindHome || f.Kind == content.KindSection) {
			list = append(list, f)
		}
	}
	if !render.Owns(m.site, "sitemap.xml") && !m.sitemapHolds() {
		list = append(list, nil) // the sitemap
	}
	err := render.Parallel(ctx, len(list), func(i int) string { return "feeds" }, func(i int) error {
		f := list[i]
		if f == nil {
			return m.sitemap()
		}
		q.mu.Lock()
		m.written[f.Path] = true
		q.mu.Unlock()
		return m.feed(f, content.OutputFile(f.Path+"index.xml"))
	})
	if err != nil {
		return err
	}
	if len(m.site.Config.Outputs) > 0 {
		return q.r.Outputs()
	}
	return nil
}

// item is a page's feed item: the last build's while the page's
// signatures are the same.
func (m *modelBuild) item(p *content.Page) string {
	if !m.touchedPage[p] && !m.bodies[p] { // pointer keys: a home feed asks this of every page
		if x, ok := m.b.state.Items[p.Path]; ok { // neither signature changed
			return x.XML
		}
	}
	sig := render.ItemSig(m.sig(templates.MetaKey(p)), m.sig(templates.BodyKey(p)))
	if x, ok := m.b.state.Items[p.Path]; ok && x.Sig == sig {
		return x.XML
	}
	x := render.FeedItem{Sig: sig, XML: feeds.Item(p, m.Summary(p))}
	m.mu.Lock()
	m.newItem[p.Path] = x
	m.mu.Unlock()
	return x.XML
}

// sig is a model key's signature in this build.
func (m *modelBuild) sig(key string) uint64 {
	if v, ok := m.sigs[key]; ok {
		return v
	}
	return m.b.state.Sigs[key]
}

// pagersOf is how many pager pages the page at path has in this build.
func (m *modelBuild) pagersOf(path string) int {
	m.mu.Lock()
	n, ok := m.pagers[path]
	m.mu.Unlock()
	if ok {
		return n
	}
	if ps := m.b.state.Pages[path]; ps != nil {
		return ps.Pagers
	}
	return 0
}

// exists reports whether this build has the output file f.
func (m *modelBuild) exists(f string) bool {
	if m.out.Has(f) {
		return true
	}
	_, ok := m.b.state.Files[f]
	return ok && !m.remove[f]
}
