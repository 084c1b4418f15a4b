package render

import (
	"html/template"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/search"
	"github.com/sitegen/sitegen/internal/signature"
	"github.com/sitegen/sitegen/internal/strblock"
	"github.com/sitegen/sitegen/internal/templates"
)

// StatePolicy is what a build keeps for the build after it, chosen when
// the Renderer is made: KeepState for a build that others follow (serve's
// Builder, the quick path), DropState for a one-off build (sitegen build),
// which keeps nothing it would only need for a next build, to save memory.
// The render code asks the policy; it never branches on the kind of build.
type StatePolicy interface {
	// strings are the shared blocks for the strings a page leaves for
	// the rest of the build; nil to give each its own (see strblock).
	strings() *strblock.Blocks
	alloc(pages int) *renderAlloc // hands out pages' render state
	tracker() *templates.Tracker  // records what a template reads, or not
	// signModel records in next the signatures of every page's metadata
	// and every site; signBodies those of the bodies rendered so far;
	// bodySig is a rendered body's (0: none kept).
	signModel(in *Input, next *State)
	signBodies(bs bodies, next *State)
	bodySig(p *content.Page, html template.HTML, md *MarkdownOut) uint64
	// rendered and dropped keep or drop what a body leaves for a later
	// build once rendered (heading ids) and once its template ran (TOC).
	rendered(md *MarkdownOut)
	dropped(md *MarkdownOut)
	// keepHTML keeps a rendered body's HTML for later builds, or not.
	keepHTML(md *MarkdownOut, html template.HTML)
	ran(ps *PageState, res *Rendered)         // what a page's template read, its ids
	index(si *SearchIndex, idx *search.Index) // a search index, to update next time
	// unchanged reports whether a generated file is as the previous build
	// wrote it, recording its signature sig() (see Renderer.unchanged).
	unchanged(r *Renderer, key string, sig func() uint64, file string) bool
	feedItem(r *Renderer) func(it *content.Page) string // a page's feed <item>
}

// policy is the Renderer's StatePolicy; KeepState unless one was chosen.
func (r *Renderer) policy() StatePolicy {
	if r.Policy == nil {
		return KeepState{}
	}
	return r.Policy
}

// KeepState keeps, in Renderer.Next, everything the next build needs.
type KeepState struct{}

func (KeepState) strings() *strblock.Blocks                 { return nil }
func (KeepState) alloc(int) *renderAlloc                    { return &renderAlloc{} }
func (KeepState) tracker() *templates.Tracker               { return templates.NewTracker() }
func (KeepState) rendered(*MarkdownOut)                     {}
func (KeepState) keepHTML(md *MarkdownOut, h template.HTML) { md.html = pack(h) }
func (KeepState) dropped(*MarkdownOut)                      {}
func (KeepState) index(si *SearchIndex, idx *search.Index)  { si.ix = idx }
func (KeepState) ran(ps *PageState, res *Rendered)          { ps.Deps, ps.IDs = res.Deps, res.IDs }

func (KeepState) signModel(in *Input, next *State) {
	// Every signature first: a body's shortcodes may have read any.
	for _, p := range in.Sites.Pages {
		next.Sigs[templates.MetaKey(p)] = signature.Meta(p)
	}
	for _, s := range in.Sites.Langs {
		signature.Site(s, next.Sigs)
	}
}

func (KeepState) signBodies(bs bodies, next *State) {
	for p, b := range bs {
		if b.cached || b.ps.MD.Sig != 0 {
			next.Sigs[templates.BodyKey(p)] = b.ps.MD.Sig
		}
	}
}

func (KeepState) bodySig(p *content.Page, html template.HTML, md *MarkdownOut) uint64 {
	return signature.Body(html, md.toc, md.Summary(p), md.WordCount(), md.minutes)
}

func (KeepState) unchanged(r *Renderer, key string, sig func() uint64, file string) bool {
	return r.unchanged(key, sig(), file)
}

// feedItem keeps a page's <item> from the previous build while the page's
// signatures are unchanged: a home feed lists every page, and one edit
// should not cost formatting them all again.
func (KeepState) feedItem(r *Renderer) func(*content.Page) string {
	return func(it *content.Page) string {
		sig := ItemSig(r.Next.Sigs[templates.MetaKey(it)], r.Next.Sigs[templates.BodyKey(it)])
		x, ok := r.Prev.item(it.Path)
		if !ok || x.Sig != sig || r.RedoAll {
			x = FeedItem{Sig: sig, XML: feeds.Item(it, r.Views.Summary(it))}
		}
		r.itemsMu.Lock() // feeds are written at the same time, and share pages
		r.Next.Items[it.Path] = x
		r.itemsMu.Unlock()
		return x.XML
	}
}

// DropState keeps nothing for a next build: no signatures, dependencies,
// heading ids, feed items or search indexes; and it gives a page's table
// of contents up with its HTML, as only the page's own template usually
// shows it.
type DropState struct{}

func (DropState) strings() *strblock.Blocks { return new(strblock.Blocks) }
func (DropState) alloc(n int) *renderAlloc {
	return &renderAlloc{make([]PageState, n), make([]linkcheck.Links, n), make([]body, n)}
}
func (DropState) tracker() *templates.Tracker                               { return templates.Untracked() }
func (DropState) signModel(*Input, *State)                                  {}
func (DropState) signBodies(bodies, *State)                                 {}
func (DropState) bodySig(*content.Page, template.HTML, *MarkdownOut) uint64 { return 0 }
func (DropState) rendered(md *MarkdownOut)                                  { md.HeadingIDs = nil }
func (DropState) keepHTML(*MarkdownOut, template.HTML)                      {}
func (DropState) dropped(md *MarkdownOut)                                   { md.toc = "" }
func (DropState) ran(*PageState, *Rendered)                                 {}
func (DropState) index(*SearchIndex, *search.Index)                         {}
func (DropState) unchanged(*Renderer, string, func() uint64, string) bool   { return false }

func (DropState) feedItem(r *Renderer) func(*content.Page) string {
	return func(it *content.Page) string { return feeds.Item(it, r.Views.Summary(it)) }
}
