// Package markdown is sitegen's one goldmark set-up.
//
// # Dialect
//
// CommonMark with GitHub's extensions (tables, strikethrough, autolinks,
// task lists), footnotes and definition lists. Raw HTML is left out unless
// the renderer is made WithUnsafe(true).
//
// # Headings
//
// Every heading gets an id made from its text that keeps letters of every
// script ("## 快速支付" -> id="快速支付", "## Итоги встречи" ->
// id="итоги-встречи"), unique within the document. The headings are
// returned so templates can show a table of contents.
//
// # Code
//
// Fenced code is highlighted with CSS classes by a Highlighter (package
// highlight; internal/lex unless WithHighlighter says otherwise), looked up
// first in a CodeCache when there is one; StyleSheet makes the matching
// light and dark stylesheet.
//
// # Links
//
// A Resolver given to Render sees every link and image destination with its
// line and returns the destination to write. The build uses it to turn links
// to content files into URLs and to record them for checking.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"sort"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/highlight"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// outs are output buffers reused across renders: a site renders
	// thousands of pages, and fresh buffers were a large share of what the
	// garbage collector had to clear.
	outs sync.Pool
}

// out is a reusable output buffer; goldmark writes through the bufio
// layer, and would make a new one for a plain buffer.
type out struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

type options struct {
	unsafe bool
	code   CodeCache
	engine highlight.Highlighter
}

// Option configures a Renderer.
type Option func(*options)

// WithUnsafe lets raw HTML in Markdown through to the output.
func WithUnsafe(on bool) Option { return func(o *options) { o.unsafe = on } }

// CodeCache keeps the HTML of highlighted code blocks between builds (see
// internal/cache). Highlighting depends only on the highlighter's version,
// the language and the text, so a block found there is written as it is.
type CodeCache interface {
	Key(version, lang, text string) [32]byte
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, html []byte)
}

// WithCodeCache makes the Renderer look code blocks up in c before
// highlighting them, and keep what it highlights there.
func WithCodeCache(c CodeCache) Option { return func(o *options) { o.code = c } }

// WithHighlighter makes the Renderer highlight code with h instead of
// internal/lex.
func WithHighlighter(h highlight.Highlighter) Option { return func(o *options) { o.engine = h } }

// New returns a Renderer.
func New(opts ...Option) *Renderer {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.engine == nil {
		o.engine = highlight.Lex()
	}
	code := &highlighter{engine: o.engine, cache: o.code}
	rOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(code, 100), util.Prioritized(newTableCells(), 100),
			util.Prioritized(trustedRenderer{}, 100), util.Prioritized(hookRenderer{}, 100)),
	}
	if o.unsafe {
		rOpts = append(rOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100), util.Prioritized(trustTransformer{unsafe: o.unsafe}, 101)),
		),
		goldmark.WithRendererOptions(rOpts...),
	)
	return &Renderer{md: md}
}

// Resolver rewrites a link (or, with image set, an image) destination found
// on a 1-based line of the source; it returns the destination to write.
type Resolver func(dest string, line int, image bool) string

// Heading is a heading of a document.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Result is a rendered document.
type Result struct {
	HTML      string
	Headings  []Heading
	Summary   string // plain text of the first paragraph, at most about 70 words
	WordCount int
	Counts    Counts // the words by script, for reading times
}

var resolverKey = parser.NewContextKey()

// Render converts src. resolve may be nil.
func (r *Renderer) Render(src []byte, resolve Resolver) (*Result, error) {
	return r.render(src, resolve, nil, nil, nil)
}

// RenderMapped converts src, whose lines and trusted HTML m tells (see
// Mapping); m may be nil.
func (r *Renderer) RenderMapped(src []byte, resolve Resolver, m Mapping) (*Result, error) {
	return r.render(src, resolve, m, nil, nil)
}

func (r *Renderer) render(src []byte, resolve Resolver, m Mapping, hook ImageHook, errs *[]error) (*Result, error) {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	if resolve != nil {
		ctx.Set(resolverKey, resolve)
	}
	if m != nil {
		ctx.Set(mappingKey, m)
	}
	if hook != nil {
		ctx.Set(imageHookKey, hook)
		ctx.Set(hookErrsKey, errs)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	o, _ := r.outs.Get().(*out)
	if o == nil {
		o = &out{}
		o.w = bufio.NewWriter(&o.buf)
	}
	defer r.outs.Put(o)
	o.buf.Reset()
	if err := r.md.Renderer().Render(o.w, src, doc); err != nil {
		return nil, err
	}
	if err := o.w.Flush(); err != nil {
		return nil, err
	}
	res := &Result{HTML: o.buf.String()}
	res.Headings, res.Summary, res.Counts = outline(doc, src)
	res.WordCount = res.Counts.Words
	return res, nil
}

// Inline renders a short text such as a front matter value; a single
// paragraph loses its <p> wrapper, as Hugo's markdownify does.
func (r *Renderer) Inline(src string) template.HTML {
	res, err := r.Render([]byte(src), nil)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	h := strings.TrimSpace(res.HTML)
	if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
		h = h[3 : len(h)-4]
	}
	return template.HTML(h)
}

// lines maps byte offsets of a source to 1-based line numbers.
type lines []int

func newLines(src []byte) lines {
	l := lines{0}
	for i, c := range src {
		if c == '\n' {
			l = append(l, i+1)
		}
	}
	return l
}

func (l lines) at(off int) int { return sort.SearchInts(l, off+1) }

// firstOffset is where a node's text starts in the source, or -1.
func firstOffset(n ast.Node) int {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := firstOffset(c); off >= 0 {
			return off
		}
	}
	return -1
}
