package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/pool"
	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/strblock"
	"github.com/sitegen/sitegen/internal/templates"
)

// Renderer runs the render stages of one build. Given the state of the
// previous build it redoes only what changed: Markdown of files read again
// (or whose link targets moved), templates of pages that read a model key
// whose signature changed, copies of changed files.
type Renderer struct {
	Site     *Input
	Opts     Options
	Out      output.Sink
	Links    *linkcheck.Checker // made by Render unless given (a quick build's)
	Stage    func(name string, took time.Duration)
	warnings []string
	rendered map[string]int // lang -> pages written
	itemsMu  sync.Mutex     // guards Next.Items while feeds are written
	warnMu   sync.Mutex     // guards warnings while pages render
	min      *resources.Minifier
	minOnce  sync.Once

	Prev    *State            // nil for a cold build
	Next    *State            // what this build leaves for the next
	Fresh   map[string]bool   // Markdown files read again; nil: all
	Changed map[string]bool   // static and content files changed; nil: all
	Keep    func(file string) // carries a file of the previous build over
	bodies  bodies            // pages' rendered Markdown, made when needed
	renders atomic.Int64      // bodies rendered (Stats.Bodies)
	runs    atomic.Int64      // pages whose template ran (Stats.Templates)
	Views   templates.Bodies  // what templates ask for bodies: bodies, or a quick build's
	bufs    sync.Pool         // output buffers (see buffer)
	texts   sync.Pool         // buffers for pages' Markdown read again (see renderText)
	RedoAll bool              // render every page's template, whatever it read
	// Edited holds the Markdown of pages whose file changed since the
	// model was loaded (a quick build's body edits): the model is frozen,
	// so the new text stays here, not in the page.
	Edited        map[*content.Page][]byte
	RedoTemplates map[string]bool // render the pages of these templates
	// Policy is what this build keeps for the next (see StatePolicy);
	// nil: KeepState.
	Policy StatePolicy
	// Sizes, kept by a Builder from build to build, presizes the buffers
	// of big pages (see Sizes); nil: none.
	Sizes *Sizes
	// strs keeps the strings a page leaves for the rest of a one-off
	// build (summary, links, ids, output file) in shared blocks; nil for a
	// build that others follow (see strblock).
	strs *strblock.Blocks
	// mdBusy is the workers' time in Markdown, in nanoseconds: a cold
	// build renders a page's Markdown when its template first needs it,
	// inside the templates stage (see render).
	mdBusy atomic.Int64
	// owned are the output files the site gives itself (static/ and
	// content/ files copied as they are); see ownFiles.
	owned map[string]bool
}

// Render runs every stage: Markdown, templates, extras (feeds, sitemap,
// robots.txt, aliases, the syntax stylesheet, [[outputs]]), the search
// index, resources, copies and the link check.
func (r *Renderer) Render(ctx context.Context) error {
	r.strs = r.policy().strings()
	r.owned = ownFiles(r.Site)
	r.Links = linkcheck.NewChecker(r.Site.Sites, r.strs)
	r.Next = newState()
	if r.Keep == nil {
		r.Keep = func(string) {}
	}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"markdown", r.markdown},
		{"templates", r.templates},
		{"extras", r.extras},
		{"search", r.writeSearch},
		{"resources", r.Resources},
		{"copy", r.copyFiles},
		{"links", r.checkLinks},
	}
	took, md := make([]time.Duration, len(steps)), make([]time.Duration, len(steps))
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0, busy0 := time.Now(), r.mdBusy.Load()
		if err := s.run(ctx); err != nil {
			return err
		}
		took[i], md[i] = time.Since(t0), time.Duration(r.mdBusy.Load()-busy0)
	}
	for i, t := range markdownFirst(took, md, pool.Workers()) {
		r.Stage(steps[i].name, t)
	}
	return nil
}

// markdownFirst times Markdown rendered in a later step as the first
// step's (markdown): md[i] is the workers' time in Markdown during step i,
// and that time spread over the workers is taken off step i's wall time
// took[i], so that the stages still add up to the whole.
func markdownFirst(took, md []time.Duration, workers int) []time.Duration {
	out := append([]time.Duration(nil), took...)
	for i := 1; i < len(out); i++ {
		lazy := min(md[i]/time.Duration(workers), out[i])
		out[i] -= lazy
		out[0] += lazy
	}
	return out
}

// parallel runs fn for 0..n-1 on all cores and gathers the errors; a
// panic in fn(i) is an error at the file name(i) (see package pool).
func Parallel(ctx context.Context, n int, name func(i int) string, fn func(i int) error) error {
	return pool.Run(ctx, n, name, func(_, i int) error { return fn(i) })
}

// markdown prepares every page's body: the previous build's summary and
// links where they still hold; otherwise the Markdown is rendered now in an
// incremental build (its signature decides what else to render) and when
// first needed in a cold one.
func (r *Renderer) markdown(ctx context.Context) error {
	pages := r.Site.Sites.Pages
	r.bodies = bodies{}
	r.Views = r.bodies
	var eager []*body
	alloc := r.policy().alloc(len(pages))
	r.policy().signModel(r.Site, r.Next)
	for _, p := range pages {
		ps := next(&alloc.states)
		ps.File, ps.Links = p.File, next(&alloc.links)
		r.Next.Pages[p.Path] = ps
		if p.File == "" {
			continue
		}
		b := next(&alloc.bodies)
		b.r, b.p, b.ps = r, p, ps
		r.bodies[p] = b
		if old := r.Prev.page(p.Path); old != nil && old.File == p.File && r.Fresh != nil && !r.Fresh[p.File] && r.Links.Valid(old.Links) && r.bodyHolds(old.Links) {
			ps.MD, ps.Links, b.cached = old.MD, old.Links, true
			r.Links.Add(p.Path, ps.Links)
			r.Links.AddIDs(p.Path, ps.MD.HeadingIDs)
		} else if r.Prev != nil {
			eager = append(eager, b)
		}
	}
	err := Parallel(ctx, len(eager), func(i int) string { return Describe(eager[i].p) }, func(i int) error { return eager[i].ensure() })
	r.policy().signBodies(r.bodies, r.Next)
	return err
}

// Summary is a page's summary: its front matter's wins over its
// Markdown's first paragraph.
func (m MarkdownOut) Summary(p *content.Page) template.HTML {
	if p.Summary != "" {
		return p.Summary
	}
	return m.summary
}

// TOC is the page's table of contents.
func (m MarkdownOut) TOC() template.HTML { return m.toc }

// WordCount is the number of words of the page's Markdown.
func (m MarkdownOut) WordCount() int { return m.words.Words }

// ReadingTime is the page's reading time in minutes.
func (m MarkdownOut) ReadingTime() int { return m.minutes }

func (s *State) page(path string) *PageState {
	if s == nil {
		return nil
	}
	return s.Pages[path]
}

// stale reports whether any of the keys changed since the previous build.
func (r *Renderer) stale(keys []string) bool {
	for _, k := range keys {
		a, ok1 := r.Prev.Sigs[k]
		b, ok2 := r.Next.Sigs[k]
		if ok1 != ok2 || a != b {
			return true
		}
	}
	return false
}

func (r *Renderer) templates(ctx context.Context) error {
	pages := r.Site.Sites.Pages
	names := make([]string, len(pages))
	var errs diag.List
	missing := map[string]bool{}
	for i, p := range pages {
		set := r.Site.Templates.Set(p.Lang)
		name, err := set.Lookup(p)
		if err != nil {
			errs.Add(err)
			continue
		}
		if name == "" && (p.Kind == content.KindHome || p.Kind == content.KindSection || p.Kind == content.KindPage) && !missing[p.Kind] {
			missing[p.Kind] = true
			errs.Add(diag.At("templates", 0, "no template for %s pages such as %s: looked for templates/%s", p.Kind, Describe(p),
				strings.Join(templates.Candidates(p), ", templates/")).
				WithHint("add one of them; list.html serves every list page, single.html every regular page"))
		}
		names[i] = name
	}
	if err := errs.Err(); err != nil {
		return err
	}
	// Regular pages first: each renders its own Markdown and gives the
	// HTML up after its template, and the lists that come later need only
	// their summaries.
	order := make([]int, 0, len(pages))
	for _, regular := range []bool{true, false} {
		for i, p := range pages {
			if (p.Kind == content.KindPage) == regular {
				order = append(order, i)
			}
		}
	}
	var mu sync.Mutex
	r.rendered = map[string]int{}
	err := Parallel(ctx, len(order), func(k int) string { return Describe(pages[order[k]]) }, func(k int) error {
		i := order[k]
		if names[i] == "" {
			return nil
		}
		p := pages[i]
		if p.Kind == content.Kind404 && r.owned[content.OutputFile(p.Path)] {
			return nil // the site's own 404 page
		}
		ps := r.Next.Pages[p.Path]
		ps.Template, ps.Out = names[i], r.strs.String(content.OutputFile(p.Path))
		mu.Lock()
		r.rendered[p.Lang]++
		mu.Unlock()
		if old := r.Prev.page(p.Path); !r.RedoAll && !r.RedoTemplates[ps.Template] && old != nil && old.Out == ps.Out && old.Template == ps.Template && !r.stale(old.Deps) {
			ps.Deps, ps.IDs, ps.Pagers = old.Deps, old.IDs, old.Pagers
			r.Links.AddIDs(p.Path, ps.IDs)
			r.Keep(ps.Out)
			r.keepPagers(p, ps.Pagers)
			return nil
		}
		if b := r.bodies[p]; b != nil {
			if err := b.ensure(); err != nil {
				return err
			}
			defer b.drop()
		}
		res, err := r.RunPage(p, names[i], ps.Out)
		if err != nil {
			return err
		}
		ps.Pagers = res.Pagers
		r.policy().ran(ps, &res)
		r.Links.AddIDs(p.Path, res.IDs)
		return nil
	})
	if err != nil {
		return err
	}
	// Pages no template showed still have their links checked and their
	// signatures kept for the next build.
	rest := make([]*body, 0)
	for _, b := range r.bodies {
		rest = append(rest, b)
	}
	err = Parallel(ctx, len(rest), func(i int) string { return Describe(rest[i].p) }, func(i int) error {
		err := rest[i].ensure()
		rest[i].drop()
		return err
	})
	r.policy().signBodies(r.bodies, r.Next)
	return err
}

// execPage runs a page's template into buf, with its pagination if it is
// a list, and returns the model keys it read.
func (r *Renderer) execPage(buf *bytes.Buffer, p *content.Page, name string, pg *templates.Paging) ([]string, error) {
	t := r.policy().tracker()
	t.WithBodies(r.Views).WithPaging(pg)
	if err := r.Site.Templates.Set(p.Lang).ExecutePage(buf, name, p, t); err != nil {
		return nil, err
	}
	return t.Deps(), nil
}

// buffer is an empty output buffer, to release once its bytes are written.
func (r *Renderer) buffer() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// release reuses a written buffer, unless the sink kept its bytes.
func (r *Renderer) release(b *bytes.Buffer) {
	if !r.Out.Keeps() {
		r.bufs.Put(b)
	}
}

func Describe(p *content.Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind + " page " + p.Path
}

func (r *Renderer) Stats() *Stats {
	st := &Stats{Pages: r.rendered, Static: len(r.Site.Static), Aliases: len(r.Site.Sites.Aliases), Files: r.Out.Count(), Bodies: int(r.renders.Load()), Templates: int(r.runs.Load()),
		URLs: map[string]string{}, Warnings: append(append([]string(nil), r.Site.Warnings...), r.warnings...)}
	for _, p := range r.Site.Sites.Pages {
		if p.File != "" && !p.IsFallback() {
			st.URLs[p.File] = p.RelPermalink
		}
		switch p.Kind {
		case content.KindSection:
			st.Sections++
		case content.KindTerm:
			st.Terms++
		}
	}
	return st
}

// Summary is the line printed after a build.
func (st *Stats) Summary() string {
	langs := make([]string, 0, len(st.Pages))
	for l := range st.Pages {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var per []string
	for _, l := range langs {
		per = append(per, fmt.Sprintf("%s %d", l, st.Pages[l]))
	}
	return fmt.Sprintf("pages: %s | sections %d | terms %d | aliases %d | static files %d | %d files written in %d ms",
		strings.Join(per, ", "), st.Sections, st.Terms, st.Aliases, st.Static, st.Files, st.Duration.Milliseconds())
}
