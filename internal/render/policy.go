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
	// alloc hands out the pages' render state (see renderAlloc).
	alloc(pages int) *renderAlloc
	// tracker records what a template reads, or nothing.
	tracker() *templates.Tracker
	// signModel records the signatures of every page's metadata and of
	// every site in next.
	signModel(in *Input, next *State)
	// signBodies records the signatures of the bodies rendered so far.
	signBodies(bs bodies, next *State)
	// bodySig is the signature of a page's rendered Markdown; 0 when none
	// is kept.
	bodySig(p *content.Page, html template.HTML, md *MarkdownOut) uint64
	// rendered keeps or drops what a rendered body leaves for a later
	// build (its heading ids).
	rendered(md *MarkdownOut)
	// dropped keeps or drops what a body keeps once its page's template
	// ran (its table of contents).
	dropped(md *MarkdownOut)
	// ran keeps what a page's template read and the ids it wrote.
	ran(ps *PageState, res *Rendered)
	// index keeps a language's search index, to update it next time.
	index(si *SearchIndex, idx *search.Index)
	// unchanged reports whether a generated file is as the previous build
	// wrote it, recording its signature sig() (see Renderer.unchanged).
	unchanged(r *Renderer, key string, sig func() uint64, file string) bool
	// feedItem is a page's feed <item>, kept from build to build or not.
	feedItem(r *Renderer, it *content.Page) string
}

var (
	// KeepState keeps, in Renderer.Next, everything the next build needs.
	KeepState StatePolicy = keepState{}
	// DropState keeps nothing for a next build: no signatures,
	// dependencies, feed items or search indexes.
	DropState StatePolicy = dropState{}
)

// policy is the Renderer's StatePolicy; KeepState unless one was chosen.
func (r *Renderer) policy() StatePolicy {
	if r.Policy == nil {
		return KeepState
	}
	return r.Policy
}

type keepState struct{}

func (keepState) strings() *strblock.Blocks                { return nil }
func (keepState) alloc(int) *renderAlloc                   { return &renderAlloc{} }
func (keepState) tracker() *templates.Tracker              { return templates.NewTracker() }
func (keepState) rendered(*MarkdownOut)                    {}
func (keepState) dropped(*MarkdownOut)                     {}
func (keepState) index(si *SearchIndex, idx *search.Index) { si.ix = idx }

func (keepState) signModel(in *Input, next *State) {
	// Every signature first: a body's shortcodes may have read any.
	for _, p := range in.Sites.Pages {
		next.Sigs[templates.MetaKey(p)] = signature.Meta(p)
	}
	for _, s := range in.Sites.Langs {
		signature.Site(s, next.Sigs)
	}
}

func (keepState) signBodies(bs bodies, next *State) {
	for p, b := range bs {
		if b.cached || b.ps.MD.Sig != 0 {
			next.Sigs[templates.BodyKey(p)] = b.ps.MD.Sig
		}
	}
}

func (keepState) bodySig(p *content.Page, html template.HTML, md *MarkdownOut) uint64 {
	return signature.Body(html, md.toc, md.Summary(p), md.WordCount(), md.minutes)
}

func (keepState) ran(ps *PageState, res *Rendered) { ps.Deps, ps.IDs = res.Deps, res.IDs }

func (keepState) unchanged(r *Renderer, key string, sig func() uint64, file string) bool {
	return r.unchanged(key, sig(), file)
}

// feedItem keeps a page's <item> from the previous build while the page's
// signatures are unchanged: a home feed lists every page, and one edit
// should not cost formatting them all again.
func (keepState) feedItem(r *Renderer, it *content.Page) string {
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

type dropState struct{}

func (dropState) strings() *strblock.Blocks { return new(strblock.Blocks) }
func (dropState) alloc(n int) *renderAlloc {
	return &renderAlloc{make([]PageState, n), make([]linkcheck.Links, n), make([]body, n)}
}
func (dropState) tracker() *templates.Tracker                               { return templates.Untracked() }
func (dropState) signModel(*Input, *State)                                  {}
func (dropState) signBodies(bodies, *State)                                 {}
func (dropState) bodySig(*content.Page, template.HTML, *MarkdownOut) uint64 { return 0 }
func (dropState) ran(*PageState, *Rendered)                                 {}
func (dropState) index(*SearchIndex, *search.Index)                         {}

// rendered drops the heading ids: only a later build compares them.
func (dropState) rendered(md *MarkdownOut) { md.HeadingIDs = nil }

// dropped gives the table of contents up with the HTML: only the page's
// own template usually shows it, and a later build would compare it (see
// signature.Body).
func (dropState) dropped(md *MarkdownOut) { md.toc = "" }

// unchanged: with no previous build, every generated file is written.
func (dropState) unchanged(*Renderer, string, func() uint64, string) bool { return false }

func (dropState) feedItem(r *Renderer, it *content.Page) string {
	return feeds.Item(it, r.Views.Summary(it))
}
