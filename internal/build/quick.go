package build

import (
	"bytes"
	"context"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/search"
	"github.com/sitegen/sitegen/internal/source"
	"github.com/sitegen/sitegen/internal/templates"
)

// The quick path handles the commonest save in serve: text edited below
// front matter that did not change. Then the site model, every URL, every
// list and every output file's existence stay as they are, and only the
// edited pages' bodies differ. The quick path renders those bodies, the
// pages whose templates read them (a section listing summaries, say), the
// feeds whose items changed, and checks again only the links that can have
// changed: those of the edited pages and those pointing at anchors on a
// page whose ids changed. It costs what the edited pages cost, not what the
// site does.
//
// Anything else (a new, removed or renamed file, changed front matter, a
// template, static, data or config change) takes the full incremental
// build, as does the build after a failed quick one.

// lastBuild is what the quick path needs of the last good build. The quick
// path changes the model and the link checker in place; a failed quick
// build drops them, so the next build is a full one.
type lastBuild struct {
	site    *render.Input
	links   *linkcheck.Checker
	stats   *Stats
	byFile  map[string][]*content.Page  // content file -> its page, and its fallback pages in other languages
	readers map[string][]string         // model key -> paths of the pages whose template read it; made when first needed
	sitemap map[string]string           // sitemap entries by page path, kept by the model path (edit_sitemap.go)
	lists   map[*content.Site]*listMemo // the lists the model path last signed (edit_sign.go)
	bodies  *bodyIndex                  // made when first needed (edit_bodies.go)
}

func newLastBuild(site *render.Input, links *linkcheck.Checker, st *Stats) *lastBuild {
	l := &lastBuild{site: site, links: links, stats: st, byFile: map[string][]*content.Page{}}
	for _, p := range site.Sites.Pages {
		if p.File != "" {
			l.byFile[p.File] = append(l.byFile[p.File], p)
		}
	}
	return l
}

// quick brings the site up to date if every change is a body edit; ok is
// false when the changes need the full incremental build.
func (b *Builder) quick(ctx context.Context, changed []string) (res *Result, ok bool, err error) {
	start := time.Now()
	last := b.last
	if last == nil || b.state == nil || len(changed) == 0 {
		return nil, false, nil
	}
	files, ok := b.bodyEdits(changed)
	if !ok {
		return nil, false, nil
	}
	b.last = nil // until this build succeeds: see lastBuild
	q := &quickBuild{b: b, last: last, files: files, html: map[*content.Page]template.HTML{}}
	res, err = q.run(ctx)
	if err != nil {
		return nil, true, err
	}
	res.Stats.Duration = time.Since(start)
	b.last = last
	return res, true, nil
}

// bodyEdits reads the changed files if each is a Markdown file of the last
// build, still a regular file, whose front matter is unchanged.
func (b *Builder) bodyEdits(changed []string) ([]*source.File, bool) {
	seen := map[string]bool{}
	var paths []string
	for _, c := range changed {
		if seen[c] {
			continue
		}
		seen[c] = true
		if classify([]string{c}) != touchContent || b.load.files[c] == nil {
			return nil, false
		}
		if fi, err := fs.Lstat(b.opts.FS, c); err != nil || !fi.Mode().IsRegular() {
			return nil, false
		}
		paths = append(paths, c)
	}
	files, err := source.ReadFiles(b.opts.FS, b.load.cfg, paths)
	if err != nil || len(files) != len(paths) {
		return nil, false // the full build reports it
	}
	for _, f := range files {
		old := b.load.files[f.Path].Src
		if f.Src.Format != old.Format || f.Src.BodyLine != old.BodyLine || !bytes.Equal(f.Src.Front, old.Front) {
			return nil, false
		}
	}
	return files, true
}

// quickBuild is one quick build.
type quickBuild struct {
	b        *Builder
	last     *lastBuild
	files    []*source.File
	r        *render.Renderer
	out      *output.Memory
	edited   []*content.Page                      // the published pages of the files
	changed  []*content.Page                      // those whose rendered body differs
	md       map[*content.Page]render.MarkdownOut // their new bodies
	links    map[*content.Page]*linkcheck.Links   // and links
	html     map[*content.Page]template.HTML      // and HTML, for templates that show it
	redo     map[string]*content.Page             // pages whose template runs again, by path
	pages    map[string]pageRun                   // what those runs gave
	items    map[string]render.FeedItem           // new feed items
	oldItems map[*content.Page]string             // the edited pages' items before the edit
	feeds    map[string]bool                      // feed keys whose signature is no longer known
	searchIx map[string]*render.SearchIndex       // the search indexes as now written
	mu       sync.Mutex
}

// pageRun is the result of running one page's template again.
type pageRun struct{ deps, ids []string }

func (q *quickBuild) run(ctx context.Context) (*Result, error) {
	st := q.b.state
	q.out = output.NewMemory(q.b.seed, st.Files)
	q.r = &render.Renderer{Site: q.last.site, Opts: q.b.opts.render(), Out: q.out, Links: q.last.links, Prev: st, Views: q,
		Sizes: &q.b.sizes, Edited: map[*content.Page][]byte{}}
	q.md, q.links = map[*content.Page]render.MarkdownOut{}, map[*content.Page]*linkcheck.Links{}
	q.redo, q.pages = map[string]*content.Page{}, map[string]pageRun{}
	q.items, q.feeds, q.oldItems = map[string]render.FeedItem{}, map[string]bool{}, map[*content.Page]string{}
	steps := []step{{"markdown", q.markdown}, {"templates", q.templates}, {"extras", q.extras}, {"resources", q.r.Resources}}
	timings, warnings, err := runSteps(ctx, steps, q.checkLinks)
	if err != nil {
		return nil, err
	}
	q.commit()
	stats := *q.last.stats
	stats.Timings, stats.Quick, stats.URLsWere = timings, true, nil
	stats.Bodies, stats.Templates = len(q.edited), len(q.pages)
	stats.Warnings = append(append([]string(nil), q.last.site.Warnings...), warnings...)
	q.last.stats = &stats
	return &Result{Stats: &stats, Write: q.out.Changed}, nil
}

// step is a named stage of a quick or model build.
type step struct {
	name string
	run  func(context.Context) error
}

// runSteps runs the stages and then the link check, timing each, and
// gives the link check's warnings; it stops at the first error or when
// ctx is done.
func runSteps(ctx context.Context, steps []step, links func() ([]string, error)) ([]Timing, []string, error) {
	var timings []Timing
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		t0 := time.Now()
		if err := s.run(ctx); err != nil {
			return nil, nil, err
		}
		timings = append(timings, Timing{Stage: s.name, Took: time.Since(t0)})
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	t0 := time.Now()
	warnings, err := links()
	if err == nil {
		err = ctx.Err()
	}
	return append(timings, Timing{Stage: "links", Took: time.Since(t0)}), warnings, err
}

// markdown renders the edited pages' bodies and decides which pages'
// templates run again: an edited page whose body changed, and every page
// that read it.
func (q *quickBuild) markdown(ctx context.Context) error {
	for _, f := range q.files {
		for _, p := range q.last.byFile[f.Path] {
			q.oldItems[p] = feeds.Item(p, q.Summary(p))
			q.r.Edited[p] = f.Src.Body // read with its body: bodyEdits
			q.edited = append(q.edited, p)
		}
	}
	if err := q.render(ctx, q.edited); err != nil {
		return err
	}
	for _, p := range q.edited {
		if q.md[p].Sig != q.b.state.Pages[p.Path].MD.Sig {
			q.changed = append(q.changed, p)
		}
	}
	for _, p := range q.changed {
		q.redo[p.Path] = p
		for _, path := range q.readers()[templates.BodyKey(p)] {
			q.redo[path] = q.last.site.Sites.ByPath[path]
		}
	}
	return nil
}

// render renders the Markdown of pages into q.md, q.links and q.html.
func (q *quickBuild) render(ctx context.Context, pages []*content.Page) error {
	return render.Parallel(ctx, len(pages), func(i int) string { return render.Describe(pages[i]) }, func(i int) error {
		p, pl := pages[i], &linkcheck.Links{}
		md, html, err := q.r.RenderMarkdown(p, pl)
		q.mu.Lock()
		defer q.mu.Unlock()
		q.md[p], q.links[p], q.html[p] = md, pl, html
		return err
	})
}

// readers indexes which pages read which model keys, from the last
// build's dependencies.
func (q *quickBuild) readers() map[string][]string {
	if q.last.readers == nil {
		m := map[string][]string{}
		for path, ps := range q.b.state.Pages {
			for _, d := range ps.Deps {
				m[d] = append(m[d], path)
			}
		}
		q.last.readers = m
	}
	return q.last.readers
}

// redep brings the readers index, when made, up to date with the page at
// path reading the keys now instead of was: a list page that ran again
// mostly reads what it read before, and taking it out of the readers of
// each of its thousands of keys (some read by every page) and putting it
// back cost an edit milliseconds. Deps are sorted (Tracker.Deps).
func (l *lastBuild) redep(path string, was, now []string) {
	if l.readers == nil {
		return
	}
	gone, added := was, now
	if slices.IsSorted(was) && slices.IsSorted(now) {
		gone, added = sortedDiff(was, now)
	}
	for _, d := range gone {
		unlist(l.readers, d, path)
	}
	for _, d := range added {
		l.readers[d] = append(l.readers[d], path)
	}
}

// unlist takes path out of the paths listed under key k.
func unlist(m map[string][]string, k, path string) {
	if r := slices.DeleteFunc(m[k], func(r string) bool { return r == path }); len(r) > 0 {
		m[k] = r
	} else {
		delete(m, k)
	}
}

// sortedDiff are the strings of sorted a not in sorted b, and of b not in a.
func sortedDiff(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i, j = i+1, j+1
		case a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		default:
			onlyB = append(onlyB, b[j])
			j++
		}
	}
	return append(onlyA, a[i:]...), append(onlyB, b[j:]...)
}

// templates runs the templates of the pages to redo.
func (q *quickBuild) templates(ctx context.Context) error {
	var redo []*content.Page
	for _, p := range q.redo {
		if p != nil && q.b.state.Pages[p.Path].Out != "" {
			redo = append(redo, p)
		}
	}
	return render.Parallel(ctx, len(redo), func(i int) string { return render.Describe(redo[i]) }, func(i int) error {
		p := redo[i]
		ps := q.b.state.Pages[p.Path]
		res, err := q.r.RunPage(p, ps.Template, ps.Out)
		if err != nil {
			return err
		}
		q.mu.Lock()
		q.pages[p.Path] = pageRun{deps: res.Deps, ids: res.IDs}
		q.mu.Unlock()
		return nil
	})
}

// extras writes again the feeds whose items changed and the [[outputs]],
// which read the model untracked.
func (q *quickBuild) extras(ctx context.Context) error {
	st := q.b.state
	for _, p := range q.changed {
		if p.Kind != content.KindPage {
			continue
		}
		x := render.FeedItem{Sig: render.ItemSig(st.Sigs[templates.MetaKey(p)], q.md[p].Sig), XML: feeds.Item(p, q.Summary(p))}
		q.items[p.Path] = x
		if x.XML == q.oldItems[p] {
			continue
		}
		for _, f := range q.last.site.Sites.Pages {
			if (f.Kind == content.KindHome || f.Kind == content.KindSection) && slices.Contains(feeds.Items(f), p) {
				q.feeds[f.Path] = true
			}
		}
	}
	for path := range q.feeds {
		f := q.last.site.Sites.ByPath[path]
		file := content.OutputFile(path + "index.xml")
		if err := q.b.stream(q.out, file, render.Describe(f), q.r.MinFill(file, func(w io.Writer) error { return feeds.RSS(w, f, q.item) })); err != nil {
			return err
		}
	}
	if len(q.last.site.Config.Outputs) > 0 {
		if err := q.r.Outputs(); err != nil {
			return err
		}
	}
	return q.search(ctx)
}

// search updates the search index of the pages whose body changed.
func (q *quickBuild) search(ctx context.Context) error {
	if !q.last.site.Config.Search.Enabled || len(q.changed) == 0 {
		return nil
	}
	neu := map[*content.Page]*search.Doc{}
	for _, p := range q.changed {
		if d := q.md[p].Search; d != nil { // not a search page
			neu[p] = d
		}
	}
	done, err := q.r.UpdateSearch(ctx, neu)
	q.searchIx = done
	return err
}

// item is a page's feed item: new, or the last build's.
func (q *quickBuild) item(p *content.Page) string {
	if x, ok := q.items[p.Path]; ok {
		return x.XML
	}
	if x, ok := q.b.state.Items[p.Path]; ok {
		return x.XML
	}
	return feeds.Item(p, q.Summary(p))
}

// checkLinks puts the edited pages' links and the changed ids in the
// checker and checks what they can have broken.
func (q *quickBuild) checkLinks() ([]string, error) {
	st := q.b.state
	return q.recheck(map[string]bool{}, func(f string) bool { _, ok := st.Files[f]; return ok })
}

// recheck checks the links of the edited pages, of the pages in pages,
// and of those that link to ids that changed, against the files exists
// gives.
func (q *quickBuild) recheck(pages map[string]bool, exists func(string) bool) ([]string, error) {
	c := q.last.links
	for _, p := range q.edited {
		c.Add(p.Path, q.links[p])
		pages[p.Path] = true
	}
	idsChanged := q.newIDs()
	w, err := q.r.Opts.BrokenLinks(c.Recheck(pages, idsChanged, exists))
	return append(w, c.Warnings()...), err
}

// newIDs gives the edited and re-run pages the ids of their headings and
// of their written output, and returns the paths whose ids changed.
func (q *quickBuild) newIDs() map[string]bool {
	paths := map[string]*content.Page{}
	for _, p := range q.edited {
		paths[p.Path] = p
	}
	for path := range q.pages {
		paths[path] = q.redo[path]
	}
	changed := map[string]bool{}
	for path, p := range paths {
		var headings, written []string
		if ps := q.b.state.Pages[path]; ps != nil {
			headings, written = ps.MD.HeadingIDs, ps.IDs
		}
		if md, ok := q.md[p]; ok {
			headings = md.HeadingIDs
		}
		if run, ok := q.pages[path]; ok {
			written = run.ids
		}
		if q.last.links.SetIDs(path, headings, written) {
			changed[path] = true
		}
	}
	return changed
}

// commit makes this build's results the state the next build starts from.
func (q *quickBuild) commit() {
	st := q.b.state
	for _, f := range q.files {
		f.Src.DropBody(nil) // apart from blocks: an edit's few must not pin one
		q.b.load.files[f.Path] = f
	}
	for _, p := range q.edited {
		ps := st.Pages[p.Path]
		q.last.relink(p.Path, ps.Links, q.links[p])
		ps.MD, ps.Links = q.md[p], q.links[p]
		st.Sigs[templates.BodyKey(p)] = ps.MD.Sig
	}
	for path, run := range q.pages {
		ps := st.Pages[path]
		q.last.redep(path, ps.Deps, run.deps)
		ps.Deps, ps.IDs = run.deps, run.ids
	}
	for path, x := range q.items {
		st.Items[path] = x
	}
	for path := range q.feeds {
		delete(st.Sigs, "rss:"+path) // unknown: the next full build writes the feed again
	}
	for lang, si := range q.searchIx {
		st.Search[lang] = si
	}
	for f, h := range q.out.Files {
		st.Files[f] = h
	}
	q.b.pending = nil
}

// Ensure: every page's summary is on the model already.
func (q *quickBuild) Ensure(*content.Page) {}

// rendered is a page's Markdown: an edited page's new one, or the
// last build's.
func (q *quickBuild) rendered(p *content.Page) render.MarkdownOut {
	q.mu.Lock()
	md, ok := q.md[p]
	q.mu.Unlock()
	if ok {
		return md
	}
	if ps := q.b.state.Pages[p.Path]; ps != nil {
		return ps.MD
	}
	return render.MarkdownOut{}
}

// TableOfContents: a quick build keeps every page's in its state.
func (q *quickBuild) TableOfContents(p *content.Page) template.HTML { return q.rendered(p).TOC() }

// Summary, WordCount and ReadingTime: as TableOfContents.
func (q *quickBuild) Summary(p *content.Page) template.HTML { return q.rendered(p).Summary(p) }
func (q *quickBuild) WordCount(p *content.Page) int         { return q.rendered(p).WordCount() }
func (q *quickBuild) ReadingTime(p *content.Page) int       { return q.rendered(p).ReadingTime() }

// Content is an edited page's new HTML, or another page's rendered again.
func (q *quickBuild) Content(p *content.Page) template.HTML {
	q.mu.Lock()
	html, ok := q.html[p]
	q.mu.Unlock()
	if ok {
		return html
	}
	if ps := q.b.state.Pages[p.Path]; ps != nil {
		if html := ps.MD.HTML(); html != "" {
			return html
		}
	}
	return q.r.ContentHTML(p)
}
