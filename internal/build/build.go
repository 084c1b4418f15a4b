// Package build turns a site folder into a deployable output folder.
//
// # Pipeline
//
// Load reads the configuration, data, UI strings, content and templates
// into a Site model (package content). Render then converts every page's
// Markdown in parallel, runs every page's template in parallel, adds the
// feeds, sitemap, robots.txt, alias pages, syntax stylesheet and [[outputs]],
// copies static/ and bundle files, and checks every internal link of the
// Markdown. Each stage is timed (--verbose shows the times).
//
// # Output
//
// Files are written to a fresh folder beside the destination and swapped in
// only when the build succeeds, so a failed or killed build leaves the
// previous output exactly as it was. See safety.go for what a build refuses
// to write over.
//
// # Errors
//
// Every problem of a build is collected and reported at once, each with its
// file and line (package diag).
package build

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/templates"
)

// Options configure a build.
type Options struct {
	Source      string // the site folder
	Destination string // the output folder; relative paths are relative to Source
	FS          fs.FS  // the site folder's files; default os.DirFS(Source)
	BaseURL     string // overrides the config's baseURL when set
	Drafts      bool
	Future      bool
	Expired     bool
	LinksWarn   bool // report broken links as warnings instead of errors
	Force       bool // write into a non-empty folder that sitegen did not create
	Now         time.Time
	Log         io.Writer // warnings and, with Verbose, stage timings
	Verbose     bool
}

// Site is a loaded site, ready to render.
type Site struct {
	Config    *config.Config
	Sites     *content.Sites
	Templates *templates.Templates
	Markdown  *markdown.Renderer
	Static    []string // files under static/, relative to the site folder
	Warnings  []string
}

// Stats summarise a build, as Hugo's summary does.
type Stats struct {
	Pages    map[string]int // regular and list pages per language
	Sections int
	Terms    int
	Aliases  int
	Static   int
	Files    int // every file written
	Duration time.Duration
	Timings  []Timing
	URLs     map[string]string // content file -> its page's URL
}

// Timing is how long a stage took.
type Timing struct {
	Stage string
	Took  time.Duration
}

// Build loads the site and writes it to the destination.
func Build(ctx context.Context, o Options) (*Stats, error) {
	start := time.Now()
	o.defaults()
	dest, err := o.destination()
	if err != nil {
		return nil, err
	}
	if err := checkDestination(o.Source, dest, o.Force); err != nil {
		return nil, err
	}
	var timings []Timing
	stage := func(name string, t0 time.Time) {
		timings = append(timings, Timing{name, time.Since(t0)})
	}
	t0 := time.Now()
	site, err := Load(o)
	if err != nil {
		return nil, err
	}
	stage("load", t0)
	out, err := newStaging(dest)
	if err != nil {
		return nil, err
	}
	defer out.discard()
	r := &renderer{site: site, opts: o, out: out, stage: stage}
	if err := r.render(ctx); err != nil {
		return nil, err
	}
	t0 = time.Now()
	if err := out.commit(); err != nil {
		return nil, err
	}
	stage("swap", t0)
	for _, w := range append(site.Warnings, r.warnings...) {
		fmt.Fprintln(o.Log, "warning:", w)
	}
	st := r.stats()
	st.Timings = timings
	st.Duration = time.Since(start)
	if o.Verbose {
		for _, t := range timings {
			fmt.Fprintf(o.Log, "%-10s %8.1f ms\n", t.Stage, float64(t.Took.Microseconds())/1000)
		}
	}
	return st, nil
}

func (o *Options) defaults() {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Destination == "" {
		o.Destination = "public"
	}
	if o.FS == nil {
		o.FS = os.DirFS(o.Source)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

func (o *Options) destination() (string, error) {
	d := o.Destination
	if !filepath.IsAbs(d) {
		d = filepath.Join(o.Source, d)
	}
	return filepath.Abs(d)
}

// Load reads a site folder into a Site.
func Load(o Options) (*Site, error) {
	o.defaults()
	c, err := config.Load(o.FS)
	if err != nil {
		return nil, err
	}
	if o.BaseURL != "" {
		if err := c.SetBaseURL(o.BaseURL); err != nil {
			return nil, err
		}
	}
	var errs diag.List
	s := &Site{Config: c, Markdown: markdown.New(markdown.WithUnsafe(c.Markup.Unsafe))}
	data, err := content.LoadData(o.FS)
	errs.Add(err)
	tr, err := templates.LoadTranslations(o.FS, c.DefaultLanguage)
	errs.Add(err)
	md, assets, links, err := content.Walk(o.FS, "content")
	errs.Add(err)
	for _, l := range links {
		s.Warnings = append(s.Warnings, l+": symbolic link not followed")
	}
	files, err := content.ReadFiles(o.FS, c, md)
	errs.Add(err)
	static, _, links, err := content.Walk(o.FS, "static")
	errs.Add(err)
	for _, l := range links {
		s.Warnings = append(s.Warnings, l+": symbolic link not copied")
	}
	s.Static = append(static, staticAssets(o.FS)...)
	if tr != nil {
		s.Templates, err = templates.Load(o.FS, c, s.Markdown, tr)
		errs.Add(err)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	s.Sites, err = content.Build(c, files, assets, data, content.Options{Drafts: o.Drafts, Future: o.Future, Expired: o.Expired, Now: o.Now})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// staticAssets lists static/ files that are not Markdown; Walk put .md
// files of static/ in the first list, and they are copied as they are too.
func staticAssets(fsys fs.FS) []string {
	_, assets, _, _ := content.Walk(fsys, "static")
	return assets
}
