package render

import (
	"bytes"
	"html/template"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/shortcodes"
	"github.com/sitegen/sitegen/internal/source"
)

// body is a page's rendered Markdown, made when first needed and given up
// once the page's own template has run: a site's HTML is never all in
// memory at once. Another page that reads .Content later gets it rendered
// again; lists read summaries, which stay. A build that no other follows
// gives the table of contents up too, as only the page's own template
// usually shows it.
type body struct {
	r  *Renderer
	p  *content.Page
	ps *PageState

	once   sync.Once
	err    error
	cached bool // the previous build's summary and links still hold
	hasTOC bool // the Markdown has headings for a table of contents

	mu      sync.Mutex
	html    template.HTML // until dropped
	dropped bool
}

// ensure renders the Markdown once, unless the previous build's result
// still holds; it fills the page's summary, table of contents and counts,
// and registers its links and ids for the check.
func (b *body) ensure() error {
	b.once.Do(func() {
		if b.cached {
			return
		}
		md, html, err := b.r.RenderMarkdown(b.p, b.ps.Links)
		if err != nil {
			b.err = err
			return
		}
		b.mu.Lock()
		b.html = html
		b.mu.Unlock()
		b.hasTOC = md.toc != ""
		b.r.Links.Add(b.p.Path, b.ps.Links)
		b.r.Links.AddIDs(b.p.Path, md.HeadingIDs)
		b.r.policy().rendered(&md)
		b.ps.MD = md
	})
	return b.err
}

// renderMarkdown renders a page's Markdown, resolving its links into pl,
// and puts the summary, table of contents and counts on the page.
func (r *Renderer) RenderMarkdown(p *content.Page, pl *linkcheck.Links) (MarkdownOut, template.HTML, error) {
	r.renders.Add(1)
	res, err := r.renderText(p, pl)
	if err != nil {
		return MarkdownOut{}, "", err
	}
	md := MarkdownOut{toc: markdown.TOC(res.Headings), summary: template.HTML(r.strs.String(string(htmlText(res.Summary)))), words: res.Counts,
		minutes: content.ReadingTime(p.Site.Language, res.Counts.Words, res.Counts.Cyrillic, res.Counts.CJK)}
	for _, h := range res.Headings {
		md.HeadingIDs = append(md.HeadingIDs, h.ID)
	}
	md.Search = r.searchDoc(p, res.HTML)
	html := template.HTML(res.HTML)
	md.Sig = r.policy().bodySig(p, html, &md)
	r.policy().keepHTML(&md, html)
	return md, html, nil
}

// contentHTML is a page's HTML rendered again (see renderAgain), with the
// same link rewriting.
func (r *Renderer) ContentHTML(p *content.Page) template.HTML {
	res, err := r.renderAgain(p)
	if err != nil {
		return ""
	}
	return template.HTML(res.HTML)
}

// renderAgain renders a page's Markdown that was rendered before, for
// what a build gave up; its links were counted the first time.
func (r *Renderer) renderAgain(p *content.Page) (*markdown.Result, error) {
	return r.renderText(p, &linkcheck.Links{})
}

// renderText renders a page's Markdown, read again if need be into a
// buffer that the next page's text reuses: nothing of the result points
// into the text (strings are copied out of goldmark's tree).
func (r *Renderer) renderText(p *content.Page, pl *linkcheck.Links) (*markdown.Result, error) {
	buf, _ := r.texts.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer r.texts.Put(buf)
	text, err := r.bodyText(p, buf)
	if err != nil {
		return nil, err
	}
	resolve := r.Links.Resolver(p, pl)
	t0 := time.Now()
	if shortcodes.Has(text) {
		res, err := r.renderShortcodes(p, text, pl, resolve)
		r.mdBusy.Add(int64(time.Since(t0)))
		pl.Seal(r.strs)
		return res, err
	}
	res, hookErrs, err := r.Site.Markdown.RenderImages(text, resolve, nil, r.imageHook(p))
	r.mdBusy.Add(int64(time.Since(t0)))
	pl.Seal(r.strs)
	if err != nil {
		return nil, diag.At(p.File, p.BodyLine(), "markdown: %v", err)
	}
	if err := hookErrors(hookErrs); err != nil {
		return nil, err
	}
	return res, nil
}

// hookErrors are the image hook's errors of a page, all at once.
func hookErrors(errs []error) error {
	var l diag.List
	for _, e := range errs {
		l.Add(e)
	}
	return l.Err()
}

// bodyText is a page's Markdown, read again if the loader let it go. A file
// changed since it was loaded gives its new text; the watcher's next batch
// builds it properly.
func (r *Renderer) bodyText(p *content.Page, buf *bytes.Buffer) ([]byte, error) {
	if text, ok := r.Edited[p]; ok {
		return text, nil
	}
	if !p.Source.BodyDropped() {
		return p.Source.Body, nil
	}
	return source.ReadBody(r.Opts.FS, p.File, buf)
}

// content is the page's HTML: kept, or rendered again when it was given up
// or kept only as a summary from the previous build (under DropState).
func (b *body) content() template.HTML {
	if err := b.ensure(); err != nil {
		return ""
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.html != "" {
		return b.html
	}
	if html := b.ps.MD.HTML(); html != "" { // kept from build to build (KeepState)
		return html
	}
	html := b.r.ContentHTML(b.p)
	if !b.dropped {
		b.html = html
	}
	return html
}

// tableOfContents is the page's table of contents: kept, or made again
// from its Markdown when it was given up.
func (b *body) tableOfContents() template.HTML {
	if err := b.ensure(); err != nil {
		return ""
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.dropped || b.ps.MD.toc != "" || !b.hasTOC {
		return b.ps.MD.toc // kept (see StatePolicy.dropped)
	}
	res, err := b.r.renderAgain(b.p)
	if err != nil {
		return ""
	}
	return markdown.TOC(res.Headings)
}

// drop gives the HTML up once the page's own template has run, and what
// the policy drops with it (DropState: the table of contents).
func (b *body) drop() {
	b.mu.Lock()
	b.html, b.dropped = "", true
	b.r.policy().dropped(&b.ps.MD)
	b.mu.Unlock()
}

// bodies answer the template views' questions about pages' bodies.
type bodies map[*content.Page]*body

func (bs bodies) Ensure(p *content.Page) {
	if b := bs[p]; b != nil {
		_ = b.ensure() // an error is reported by the page's own render
	}
}

func (bs bodies) TableOfContents(p *content.Page) template.HTML {
	if b := bs[p]; b != nil {
		return b.tableOfContents()
	}
	return ""
}

// md is a page's rendered Markdown once ready, copied under the body's
// lock: the page's own render may be dropping its table of contents
// meanwhile (see drop); ok is false for a page without.
func (bs bodies) md(p *content.Page) (md MarkdownOut, ok bool) {
	b := bs[p]
	if b == nil || b.ensure() != nil {
		return MarkdownOut{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ps.MD, true
}

func (bs bodies) Summary(p *content.Page) template.HTML {
	if md, ok := bs.md(p); ok {
		return md.Summary(p)
	}
	return p.Summary
}

func (bs bodies) WordCount(p *content.Page) int {
	if md, ok := bs.md(p); ok {
		return md.WordCount()
	}
	return 0
}

func (bs bodies) ReadingTime(p *content.Page) int {
	if md, ok := bs.md(p); ok {
		return md.ReadingTime()
	}
	return 0
}

func (bs bodies) Content(p *content.Page) template.HTML {
	if b := bs[p]; b != nil {
		return b.content()
	}
	return "" // a page without Markdown (a generated list) has no body
}
