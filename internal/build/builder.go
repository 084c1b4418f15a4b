package build

import (
	"context"
	"hash/maphash"
	"io"
	"maps"
	"time"

	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/render"
)

// Builder builds a site again and again, each time redoing only what the
// changes since the last good build touch. It keeps its output in memory
// as the difference from the previous build, for serve to put in place.
//
// After any sequence of changes the files it reports are exactly those a
// clean Build of the same folder writes.
type Builder struct {
	opts    Options
	load    loader
	state   *render.State
	pending []string // changes of failed builds, retried with the next
	seed    maphash.Seed
	last    *lastBuild // for the quick path; nil: the next build is a full one
	edits   int        // builds by the model path (edit.go), for tests
	big     bigBuffers
	sizes   render.Sizes // big pages' last sizes, to presize their buffers
	first   func(file string, data []byte) error
	// firstCopy is first for files copied as they are.
	firstCopy func(file string, fill func(io.Writer) error) error
	// stage and stageCopy are first and firstCopy for the builds after
	// it that render the site whole (see StageTo).
	stage     func(file string, data []byte) error
	stageCopy func(file string, fill func(io.Writer) error) error
}

// Result is one build's difference from the previous one.
type Result struct {
	Stats *Stats
	// Write are the output files to write, new or changed. Their bytes
	// are valid until the next Build, which may reuse them (see
	// bigBuffers).
	Write  map[string][]byte
	Remove []string // output files to delete
	// Copy are output files to write, new or changed, that are copies of
	// site files (static/, bundles): each call writes the file's bytes to
	// w, streamed from the site folder, so that a video of gigabytes is
	// never held in memory.
	Copy map[string]func(w io.Writer) error
}

// NewBuilder returns a Builder for the site in o.Source.
func NewBuilder(o Options) *Builder {
	o.defaults()
	return &Builder{opts: o, load: loader{opts: o}, seed: maphash.MakeSeed()}
}

// Build brings the site up to date with the changed paths (relative to the
// site folder; Overflow or none on the first call means everything). A
// cancelled or failed build changes nothing: its changes are tried again
// with the next call.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	start := time.Now()
	all := append(append([]string(nil), b.pending...), changed...)
	b.pending = all
	if res, ok, err := b.quick(ctx, all); ok {
		return res, err
	}
	// The quick path's model is the one a full build may now update in
	// place (see model.go): until this build succeeds, none.
	last := b.last
	b.last = nil
	if b.state == nil {
		all = []string{Overflow}
	}
	// A failed load may leave the loader half updated: go back to the last
	// good one; the pending changes are read again next time.
	saved := b.load
	t0 := time.Now()
	site, fresh, err := b.load.load(all)
	if err != nil {
		b.load = saved
		return nil, err
	}
	timings := []Timing{{Stage: "load", Took: time.Since(t0)}}
	if res, ok, err := b.modelEdit(ctx, last, site, all, start); ok {
		if res != nil {
			res.Stats.Timings = append(timings, res.Stats.Timings...)
		}
		return res, err
	}
	out := output.NewMemory(b.seed, b.prevFiles())
	if b.state == nil {
		out.Direct, out.DirectCopy = b.first, b.firstCopy
	} else if b.stage != nil {
		out.Direct, out.DirectCopy = b.stage, b.stageCopy
	}
	r := &render.Renderer{Site: site, Opts: b.opts.render(), Out: out, Prev: b.state, Keep: out.Keep, Sizes: &b.sizes,
		Stage: func(name string, took time.Duration) { timings = append(timings, Timing{Stage: name, Took: took}) }}
	// Templates read the configuration untracked: a change to it renders
	// every page again. A template change renders the pages whose template
	// is, or calls, the changed file; a change to UI strings those whose
	// template shows some (see UsesStrings). Data is tracked as the model
	// is (templates.DataKey).
	touch := classify(all)
	r.RedoAll = touch&(touchConfig|touchResources) != 0
	if touch&touchTemplates != 0 && !r.RedoAll {
		r.RedoTemplates, r.RedoAll = site.Templates.Affected(all)
	}
	if touch&touchStrings != 0 && !r.RedoAll {
		leaves, all := site.Templates.UsesStrings()
		if r.RedoTemplates == nil {
			r.RedoTemplates = map[string]bool{}
		}
		maps.Copy(r.RedoTemplates, leaves)
		r.RedoAll = all
	}
	if b.state != nil && classify(all) != touchAll {
		r.Fresh, r.Changed = fresh, map[string]bool{}
		for _, c := range all {
			r.Changed[c] = true
		}
		if r.Fresh == nil { // content was not touched: no Markdown file is new
			r.Fresh = map[string]bool{}
		}
	}
	if err := r.Render(ctx); err != nil {
		return nil, err
	}
	r.Next.Files = out.Files
	b.state, b.pending = r.Next, nil
	st := r.Stats()
	st.Timings, st.Duration = timings, time.Since(start)
	st.Files = len(out.Files)
	b.last = newLastBuild(site, r.Links, st)
	return &Result{Stats: st, Write: out.Changed, Remove: out.Removed(), Copy: out.Copies}, nil
}

// WriteFirstTo makes the first build (and a full one after an error
// before it completed) write its files through write as it makes them,
// instead of returning them all at once in Result.Write.
func (b *Builder) WriteFirstTo(write func(file string, data []byte) error) { b.first = write }

// CopyFirstTo is WriteFirstTo for the files that are copies of site files:
// copy writes the file, whose bytes fill streams, instead of its going to
// Result.Copy.
func (b *Builder) CopyFirstTo(copy func(file string, fill func(w io.Writer) error) error) {
	b.firstCopy = copy
}

// StageTo makes the builds after the first that render the site whole (a
// template, partial, data file, UI string or configuration change) hand
// each changed file to write or copy as soon as it is made, instead of
// returning them all in Result.Write and Result.Copy: a template edit
// changes every page, and holding 10,000 pages until the build ends would
// double serve's memory. The quick and model paths, which change a few
// files, still return theirs in Result. A build that fails has still
// handed over the files it made: the caller discards them. Nil functions
// turn it off.
func (b *Builder) StageTo(write func(file string, data []byte) error, copy func(file string, fill func(w io.Writer) error) error) {
	b.stage, b.stageCopy = write, copy
}

func (b *Builder) prevFiles() map[string]uint64 {
	if b.state == nil {
		return map[string]uint64{}
	}
	return b.state.Files
}
