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
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/templates"
)

// renderer runs the render stages of one build.
type renderer struct {
	site     *Site
	opts     Options
	out      *staging
	links    *linkChecker
	stage    func(string, time.Time)
	warnings []string
	rendered map[string]int // lang -> pages written
}

func (r *renderer) render(ctx context.Context) error {
	r.links = newLinkChecker(r.site.Sites)
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"markdown", r.markdown},
		{"templates", r.templates},
		{"extras", r.extras},
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
				errs[i] = fn(i)
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

func (r *renderer) markdown(ctx context.Context) error {
	pages := r.site.Sites.Pages
	return parallel(ctx, len(pages), func(i int) error {
		p := pages[i]
		if p.File == "" {
			return nil
		}
		res, err := r.site.Markdown.Render(p.Source.Body, r.links.resolver(p))
		if err != nil {
			return diag.At(p.File, p.BodyLine(), "markdown: %v", err)
		}
		p.Content = bytesHTML(res.HTML)
		p.TableOfContents = markdown.TOC(res.Headings)
		if p.Summary == "" {
			p.Summary = htmlText(res.Summary)
		}
		p.WordCount = res.WordCount
		p.ReadingTime = (res.WordCount + 212) / 213
		r.links.addIDs(p.Path, res.Headings)
		return nil
	})
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
	var mu sync.Mutex
	r.rendered = map[string]int{}
	return parallel(ctx, len(pages), func(i int) error {
		if names[i] == "" {
			return nil
		}
		p := pages[i]
		var b bytes.Buffer
		if err := r.site.Templates.Set(p.Lang).ExecutePage(&b, names[i], p, templates.NewTracker()); err != nil {
			return err
		}
		r.links.scanIDs(p.Path, b.Bytes())
		mu.Lock()
		r.rendered[p.Lang]++
		mu.Unlock()
		return r.out.write(content.OutputFile(p.Path), b.Bytes(), describe(p))
	})
}

func describe(p *content.Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind + " page " + p.Path
}

func (r *renderer) stats() *Stats {
	st := &Stats{Pages: r.rendered, Static: len(r.site.Static), Aliases: len(r.site.Sites.Aliases), Files: r.out.count(),
		URLs: map[string]string{}}
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
