package build

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/strblock"
	"github.com/sitegen/sitegen/internal/templates"
)

// renderer runs the render stages of one build. Given the state of the
// previous build it redoes only what changed: Markdown of files read again
// (or whose link targets moved), templates of pages that read a model key
// whose signature changed, copies of changed files.
type renderer struct {
	site     *Site
	opts     Options
	out      sink
	links    *linkChecker
	stage    func(string, time.Time)
	warnings []string
	rendered map[string]int // lang -> pages written
	itemsMu  sync.Mutex     // guards next.items while feeds are written
	warnMu   sync.Mutex     // guards warnings while pages render
	min      *resources.Minifier
	minOnce  sync.Once

	prev          *state          // nil for a cold build
	next          *state          // what this build leaves for the next
	fresh         map[string]bool // Markdown files read again; nil: all
	changed       map[string]bool // static and content files changed; nil: all
	keep          func(file string)
	bodies        bodies           // pages' rendered Markdown, made when needed
	views         templates.Bodies // what templates ask for bodies: bodies, or a quick build's
	bufs          sync.Pool        // output buffers (see buffer)
	texts         sync.Pool        // buffers for pages' Markdown read again (see renderText)
	redoAll       bool             // render every page's template, whatever it read
	redoTemplates map[string]bool  // render the pages of these templates
	// once: no build follows (sitegen build), so keep nothing for one: no
	// signatures, dependencies or feed items.
	once bool
	// strs keeps the strings a page leaves for the rest of a one-off
	// build (summary, links, ids, output file) in shared blocks; nil for a
	// build that others follow (see strblock).
	strs *strblock.Blocks
}

func (r *renderer) render(ctx context.Context) error {
	if r.once {
		r.strs = new(strblock.Blocks)
	}
	r.links = newLinkChecker(r.site.Sites)
	r.links.strs = r.strs
	r.next = newState()
	if r.keep == nil {
		r.keep = func(string) {}
	}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"markdown", r.markdown},
		{"templates", r.templates},
		{"extras", r.extras},
		{"resources", r.resources},
		{"copy", r.copyFiles},
		{"links", r.checkLinks},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		if err := s.run(ctx); err != nil {
			return err
		}
		r.stage(s.name, t0)
	}
	return nil
}

// safely runs fn(i), turning a panic (a bug in sitegen) into an error:
// the command's own recover cannot see a worker goroutine's panic, and a
// user must never get a Go trace.
func safely(fn func(int) error, i int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v; please report it with the file that caused it", r)
		}
	}()
	return fn(i)
}

// parallel runs fn for 0..n-1 on all cores and gathers the errors.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = safely(fn, i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	var l diag.List
	for _, e := range errs {
		l.Add(e)
	}
	return l.Err()
}

// markdown prepares every page's body: the previous build's summary and
// links where they still hold; otherwise the Markdown is rendered now in an
// incremental build (its signature decides what else to render) and when
// first needed in a cold one.
func (r *renderer) markdown(ctx context.Context) error {
	pages := r.site.Sites.Pages
	r.bodies = bodies{}
	r.views = r.bodies
	var eager []*body
	alloc := newRenderAlloc(r.once, len(pages))
	for _, p := range pages {
		ps := next(&alloc.states)
		ps.file, ps.links = p.File, next(&alloc.links)
		r.next.pages[p.Path] = ps
		if !r.once {
			r.next.sigs[templates.MetaKey(p)] = metaSig(p)
		}
		if p.File == "" {
			continue
		}
		b := next(&alloc.bodies)
		b.r, b.p, b.ps = r, p, ps
		r.bodies[p] = b
		if old := r.prev.page(p.Path); old != nil && old.file == p.File && r.fresh != nil && !r.fresh[p.File] && r.links.valid(old.links) {
			ps.md, ps.links, b.cached = old.md, old.links, true
			ps.md.apply(p)
			r.links.add(p.Path, ps.links)
			r.links.addIDs(p.Path, ps.md.headingIDs)
		} else if r.prev != nil {
			eager = append(eager, b)
		}
	}
	for _, s := range r.site.Sites.Langs {
		if !r.once {
			siteSigs(s, r.next.sigs)
		}
	}
	err := parallel(ctx, len(eager), func(i int) error { return eager[i].ensure() })
	r.bodySigs()
	return err
}

// bodySigs records the signatures of the bodies known so far.
func (r *renderer) bodySigs() {
	if r.once {
		return
	}
	for p, b := range r.bodies {
		if b.cached || b.ps.md.sig != 0 {
			r.next.sigs[templates.BodyKey(p)] = b.ps.md.sig
		}
	}
}

// apply puts rendered Markdown on its page; a summary from front matter
// wins over the first paragraph.
func (m mdOut) apply(p *content.Page) {
	p.TableOfContents, p.WordCount = m.toc, m.words
	p.ReadingTime = (m.words + 212) / 213
	if p.Summary == "" {
		p.Summary = m.summary
	}
}

func (s *state) page(path string) *pageState {
	if s == nil {
		return nil
	}
	return s.pages[path]
}

// stale reports whether any of the keys changed since the previous build.
func (r *renderer) stale(keys []string) bool {
	for _, k := range keys {
		a, ok1 := r.prev.sigs[k]
		b, ok2 := r.next.sigs[k]
		if ok1 != ok2 || a != b {
			return true
		}
	}
	return false
}

func (r *renderer) templates(ctx context.Context) error {
	pages := r.site.Sites.Pages
	names := make([]string, len(pages))
	var errs diag.List
	missing := map[string]bool{}
	for i, p := range pages {
		set := r.site.Templates.Set(p.Lang)
		name, err := set.Lookup(p)
		if err != nil {
			errs.Add(err)
			continue
		}
		if name == "" && (p.Kind == content.KindHome || p.Kind == content.KindSection || p.Kind == content.KindPage) && !missing[p.Kind] {
			missing[p.Kind] = true
			errs.Add(diag.At("templates", 0, "no template for %s pages such as %s", p.Kind, describe(p)).
				WithHint(fmt.Sprintf("add templates/%s.html", map[string]string{"home": "home", "section": "section", "page": "page"}[p.Kind])))
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
	err := parallel(ctx, len(order), func(k int) error {
		i := order[k]
		if names[i] == "" {
			return nil
		}
		p := pages[i]
		ps := r.next.pages[p.Path]
		ps.template, ps.out = names[i], r.strs.String(content.OutputFile(p.Path))
		mu.Lock()
		r.rendered[p.Lang]++
		mu.Unlock()
		if old := r.prev.page(p.Path); !r.redoAll && !r.redoTemplates[ps.template] && old != nil && old.out == ps.out && old.template == ps.template && !r.stale(old.deps) {
			ps.deps, ps.ids = old.deps, old.ids
			r.links.addIDs(p.Path, ps.ids)
			r.keep(ps.out)
			return nil
		}
		if b := r.bodies[p]; b != nil {
			if err := b.ensure(); err != nil {
				return err
			}
			defer b.drop()
		}
		buf := r.buffer()
		defer r.release(buf)
		deps, err := r.execPage(buf, p, names[i])
		if err != nil {
			return err
		}
		ids := scanIDs(buf.Bytes())
		if !r.once {
			ps.deps, ps.ids = deps, ids
		}
		r.links.addIDs(p.Path, ids)
		data, err := r.minified(ps.out, buf.Bytes())
		if err != nil {
			return err
		}
		return r.out.write(ps.out, data, describe(p))
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
	err = parallel(ctx, len(rest), func(i int) error {
		err := rest[i].ensure()
		rest[i].drop()
		return err
	})
	r.bodySigs()
	return err
}

// execPage runs a page's template into buf and returns the model keys it
// read.
func (r *renderer) execPage(buf *bytes.Buffer, p *content.Page, name string) ([]string, error) {
	t := templates.NewTracker()
	if r.once {
		t = templates.Untracked()
	}
	t.WithBodies(r.views)
	if err := r.site.Templates.Set(p.Lang).ExecutePage(buf, name, p, t); err != nil {
		return nil, err
	}
	return t.Deps(), nil
}

// buffer is an empty output buffer, to release once its bytes are written.
func (r *renderer) buffer() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// release reuses a written buffer, unless the sink kept its bytes.
func (r *renderer) release(b *bytes.Buffer) {
	if !r.out.keeps() {
		r.bufs.Put(b)
	}
}

func describe(p *content.Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind + " page " + p.Path
}

func (r *renderer) stats() *Stats {
	st := &Stats{Pages: r.rendered, Static: len(r.site.Static), Aliases: len(r.site.Sites.Aliases), Files: r.out.count(),
		URLs: map[string]string{}, Warnings: append(append([]string(nil), r.site.Warnings...), r.warnings...)}
	for _, p := range r.site.Sites.Pages {
		if p.File != "" {
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
