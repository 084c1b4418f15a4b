// Package build turns a site folder into a deployable output folder, once
// (Build, for sitegen build) or again and again (Builder, for sitegen serve).
//
// # Pipeline
//
// Load reads the configuration, data, UI strings, content and templates
// into the site model (package content) and what renders it, a
// render.Input; package render then renders it: every page's Markdown and
// template in parallel, the feeds, sitemap, robots.txt, alias pages, syntax
// stylesheet and [[outputs]], the copies of static/ and bundle files, and
// the check of every internal link. Each stage is timed (--verbose shows
// the times).
//
// Whether a build keeps what the next needs is chosen by which one runs:
// Build keeps nothing; a Builder keeps the render state (render.State) and
// renders next only what the changes touch, and takes the quick path
// (quick.go) when only pages' bodies changed. Data flows one way: build
// calls render, which never calls back.
//
// # Output
//
// Build writes to a fresh folder beside the destination, swapped in only
// when the build succeeds, so a failed or killed build leaves the previous
// output exactly as it was; a Builder gives its files in memory as the
// difference from the previous build. See package output for both, and for
// what a build refuses to write over.
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
	"path/filepath"
	"time"

	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/regular"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/resources"
)

// Options configure a build.
type Options struct {
	Source      string // the site folder
	Destination string // the output folder; relative paths are relative to Source
	FS          fs.FS  // the site folder's files; default regular.DirFS(Source)
	BaseURL     string // overrides the config's baseURL when set
	Drafts      bool
	Future      bool
	Expired     bool
	LinksWarn   bool // report broken links as warnings instead of errors
	Force       bool // write into a non-empty folder that sitegen did not create
	Now         time.Time
	Log         io.Writer // warnings and, with Verbose, stage timings
	Verbose     bool
	CodeCache   markdown.CodeCache // highlighted code kept between builds; nil for none

	// at, when set, is called as a one-off build passes each step
	// ("locked", "loaded", "staged", "rendered"): tests hold a build there.
	at         func(step string)
	ImageCache resources.Cache // processed images kept between builds; nil for none
	Minify     bool            // minify HTML pages, feeds and the sitemap, whatever [minify] says
}

// Build loads the site and writes it to the destination. Builds into one
// destination take turns (see output.LockDestination). A cancelled ctx stops the
// build and leaves the previous output as it was.
func Build(ctx context.Context, o Options) (*Stats, error) {
	start := time.Now()
	o.defaults()
	dest, err := o.destination()
	if err != nil {
		return nil, err
	}
	if err := output.CheckDestination(o.Source, dest, o.Force); err != nil {
		return nil, err
	}
	var st *Stats
	unlock, err := output.LockDestination(ctx, dest, o.Log)
	if err == nil {
		defer unlock()
		o.step("locked")
		st, err = build(ctx, o, dest, start)
	}
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("the build was stopped; %s is as it was: %w", dest, ctx.Err())
	}
	return st, err
}

// build is Build once the destination is checked and locked.
func build(ctx context.Context, o Options, dest string, start time.Time) (*Stats, error) {
	var timings []Timing
	stage := func(name string, took time.Duration) {
		timings = append(timings, Timing{Stage: name, Took: took})
	}
	t0 := time.Now()
	site, err := Load(o)
	if err != nil {
		return nil, err
	}
	stage("load", time.Since(t0))
	o.step("loaded")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out, err := output.NewStaging(dest)
	if err != nil {
		return nil, err
	}
	defer out.Discard()
	o.step("staged")
	r := &render.Renderer{Site: site, Opts: o.render(), Out: out, Stage: stage, Policy: render.DropState{}}
	if err := r.Render(ctx); err != nil {
		return nil, err
	}
	o.step("rendered")
	t0 = time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err // the last moment to stop: the swap is not undone
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	stage("swap", time.Since(t0))
	st := r.Stats()
	for _, w := range st.Warnings {
		fmt.Fprintln(o.Log, "warning:", w)
	}
	st.Timings = timings
	st.Duration = time.Since(start)
	if o.Verbose {
		for _, t := range timings {
			fmt.Fprintf(o.Log, "%-10s %8.1f ms\n", t.Stage, float64(t.Took.Microseconds())/1000)
		}
	}
	return st, nil
}

func (o *Options) step(name string) {
	if o.at != nil {
		o.at(name)
	}
}

func (o *Options) defaults() {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Destination == "" {
		o.Destination = "public"
	}
	if o.FS == nil {
		o.FS = regular.DirFS(o.Source)
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

// Stats summarise a build (see render.Stats).
type Stats = render.Stats

// Timing is how long a stage took.
type Timing = render.Timing

// render is what rendering takes of the options.
func (o *Options) render() render.Options {
	return render.Options{FS: o.FS, LinksWarn: o.LinksWarn, Minify: o.Minify}
}
