package shortcodes

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/diag"
)

// Templates is what expansion needs of a site's shortcode templates.
type Templates interface {
	// Lookup tells whether a shortcode exists and whether its template
	// reads .Inner or .InnerDeindent (then a call must be closed).
	Lookup(name string) (found, inner bool)
	// Names lists every shortcode, for "did you mean" hints.
	Names() []string
	// Execute runs a shortcode's template; its errors carry the template's
	// file and line.
	Execute(w io.Writer, name string, c *Call) error
}

// Env is what one page's expansion works with.
type Env struct {
	File      string // the content file, for errors and .Position
	Line      int    // the line of File where the body starts
	Page      any    // .Page
	Site      any    // .Site
	Templates Templates
	// Ref resolves a content path for ref and relref; nil where pages
	// cannot be looked up.
	Ref func(c *Call, path string, abs bool) (string, error)
}

// Has reports whether a body calls any shortcode; a body without calls is
// rendered as it is.
func Has(src []byte) bool {
	return bytes.Contains(src, []byte("{{<")) || bytes.Contains(src, []byte("{{%"))
}

// Reserved private-use characters: placeholders for {{< >}} output, the
// inner text of {{% %}} calls while their template runs, and warnings.
const (
	phOpen     = '\uE000'
	phClose    = '\uE001'
	innerMark  = "\uE002"
	deindMark  = "\uE003"
	warnOpen   = "\uE004"
	warnClose  = "\uE005"
	firstDigit = '\uE010'
)

// Expand replaces a body's calls: {{% %}} calls by their (Markdown)
// output, {{< >}} calls by placeholders that Result.HTML fills in after
// the Markdown is rendered. It returns nil for a body without calls.
func Expand(src []byte, env *Env) (*Result, error) {
	if !Has(src) {
		return nil, nil
	}
	x := &expander{env: env, src: src, lines: lineStarts(src)}
	if i := bytes.IndexFunc(src, reserved); i >= 0 {
		r, _ := utf8.DecodeRune(src[i:])
		return nil, diag.At(env.File, x.fileLine(i), "the text holds U+%04X, a private-use character sitegen reserves for shortcodes", r)
	}
	p := &parser{src: src, look: env.Templates.Lookup, names: env.Templates.Names(), fail: x.fail, line: x.fileLine}
	items, err := p.parse()
	if err != nil {
		return nil, err
	}
	out := &piece{}
	x.expand(items, nil, out)
	if err := x.errs.Err(); err != nil {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(x.names))
	return &Result{Text: out.buf, piece: out, lines: x.lines, html: x.html, used: make([]bool, len(x.html)), at: x.at, names: x.called, file: env.File, line0: env.Line,
		Names: names, Warnings: x.warnings}, nil
}

func reserved(r rune) bool { return r >= phOpen && r <= firstDigit+9 }

type expander struct {
	env      *Env
	src      []byte
	lines    []int // offsets where the body's lines start
	html     []string
	at       []int    // the body line of each placeholder's call
	called   []string // and its name
	names    map[string]bool
	warnings []string
	errs     diag.List
}

func (x *expander) fail(at int, hint, format string, args ...any) error {
	e := diag.At(x.env.File, x.fileLine(at), format, args...)
	if hint != "" {
		e.WithHint(hint)
	}
	return e
}

// bodyLine is the 1-based line of an offset in the body.
func (x *expander) bodyLine(off int) int { return sort.SearchInts(x.lines, off+1) }

func (x *expander) fileLine(off int) int { return x.bodyLine(off) + x.env.Line - 1 }

func (x *expander) expand(items []item, parent *Call, into *piece) {
	ordinal := 0
	for _, it := range items {
		switch {
		case it.literal != "":
			into.add(it.literal, span{-1, x.bodyLine(it.start)}, false)
		case it.call == nil:
			into.add(string(x.src[it.start:it.end]), span{it.start, 0}, false)
		default:
			x.call(it.call, parent, ordinal, into)
			ordinal++
		}
	}
}

func (x *expander) call(sc *call, parent *Call, ordinal int, into *piece) {
	if x.names == nil {
		x.names = map[string]bool{}
	}
	x.names[sc.name] = true
	line := x.bodyLine(sc.at)
	col := utf8.RuneCount(x.src[x.lines[line-1]:sc.at]) + 1
	c := &Call{Name: sc.name, Page: x.env.Page, Site: x.env.Site, Parent: parent, Ordinal: ordinal,
		Position: Position{x.env.File, line + x.env.Line - 1, col}, IsNamedParams: sc.isNamed,
		pos: sc.pos, named: sc.named, env: x.env}
	inner := &piece{}
	if sc.children != nil {
		x.expand(sc.children, c, inner)
	}
	if !sc.markdown {
		c.inner = string(inner.buf)
		out, ok := x.run(c)
		if ok {
			into.add(placeholder(len(x.html)), span{-1, line}, false)
			x.html, x.at, x.called = append(x.html, out), append(x.at, line), append(x.called, c.Name)
		}
		return
	}
	// The template sees markers for the inner text, so that the output
	// can be told apart: the template's own text is trusted (its raw HTML
	// is written even when Markdown's is not), the inner text is not.
	if len(inner.buf) > 0 {
		c.inner, c.marked = innerMark, true
	}
	out, ok := x.run(c)
	if !ok {
		return
	}
	for out != "" {
		i := strings.IndexAny(out, innerMark+deindMark)
		if i < 0 {
			into.add(out, span{-1, line}, true)
			break
		}
		into.add(out[:i], span{-1, line}, true)
		if strings.HasPrefix(out[i:], innerMark) {
			into.splice(inner, 0, len(inner.buf))
			out = out[i+len(innerMark):]
		} else {
			inner.deindentInto(into)
			out = out[i+len(deindMark):]
		}
	}
}

// run executes a call's template; errors are kept for the page's list.
func (x *expander) run(c *Call) (string, bool) {
	var b strings.Builder
	if err := x.env.Templates.Execute(&b, c.Name, c); err != nil {
		x.errs.Add(diag.At(x.env.File, c.Position.LineNumber, "shortcode %q: %v", c.Name, err))
		return "", false
	}
	out := b.String()
	for {
		i := strings.Index(out, warnOpen)
		if i < 0 {
			return out, true
		}
		j := strings.Index(out[i:], warnClose)
		if j < 0 {
			j = len(out) - i
		}
		msg := strings.TrimPrefix(out[i:i+j], warnOpen)
		x.warnings = append(x.warnings, fmt.Sprintf("%s:%d: shortcode %q: %s", x.env.File, c.Position.LineNumber, c.Name, msg))
		out = out[:i] + strings.TrimPrefix(out[i+j:], warnClose)
	}
}

// Warning is what warnf writes: a marker that the expansion takes out of
// the output and reports with the call's file and line.
func Warning(msg string) string {
	return warnOpen + strings.NewReplacer(warnOpen, "", warnClose, "").Replace(msg) + warnClose
}

// placeholder stands for the output of the i-th {{< >}} call until the
// Markdown is rendered: characters that Markdown passes through as text.
func placeholder(i int) string {
	var b strings.Builder
	b.WriteRune(phOpen)
	for _, d := range fmt.Sprint(i) {
		b.WriteRune(firstDigit + (d - '0'))
	}
	b.WriteRune(phClose)
	return b.String()
}

// lineStarts are the offsets where the lines of src start.
func lineStarts(src []byte) []int {
	l := []int{0}
	for i, c := range src {
		if c == '\n' {
			l = append(l, i+1)
		}
	}
	return l
}
