package lex

import (
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Writer is what WriteHTML writes to: goldmark's util.BufWriter, a
// bytes.Buffer or a strings.Builder.
type Writer interface {
	io.Writer
	io.StringWriter
}

// escaper escapes as html.EscapeString does; its WriteString writes to a
// Writer without building the escaped string.
var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// maxCoalesce is chroma.Coalesce's limit: a run of one token type is
// joined only while the joined token is shorter than this.
const maxCoalesce = 8192

// WriteHTML writes the tokens of it as chroma's HTML formatter writes
// chroma.Coalesce's tokens with classes on and its other options at their
// defaults. chroma's formatter collects every token, splits them into
// lines and formats each with fmt; this writes them as they come, which
// leaves no garbage per token. TestSameHTMLAsChroma holds the two to the
// same bytes.
func WriteHTML(w Writer, it chroma.Iterator) error {
	h := htmlWriter{w: w}
	h.str("<pre")
	h.attr(chroma.PreWrapper)
	h.str("><code>")
	for tok := it(); tok != chroma.EOF; tok = it() {
		if tok.Value == "" {
			continue // chroma.Coalesce drops empty tokens
		}
		if !h.started || tok.Type != h.typ || h.run >= maxCoalesce {
			h.endSpan()
			h.started, h.typ, h.class, h.run = true, tok.Type, class(tok.Type), 0
		}
		h.run += len(tok.Value)
		h.text(tok.Value)
	}
	h.endSpan()
	if h.inLine {
		h.str("</span></span>")
	}
	h.str("</code></pre>")
	return h.err
}

// htmlWriter is the state of one WriteHTML: the coalesced token being
// written and which spans are open.
type htmlWriter struct {
	w       Writer
	err     error
	started bool             // whether a token has begun
	typ     chroma.TokenType // the current coalesced token's type
	class   string           // and its class
	run     int              // its length so far, in bytes
	inLine  bool             // a line's two spans are open
	inSpan  bool             // the token's span is open
}

// text writes part of the current token, which may end lines: chroma puts
// every line in its own spans and splits tokens at newlines to do so.
func (h *htmlWriter) text(s string) {
	for s != "" {
		if !h.inLine {
			h.str("<span")
			h.attr(chroma.Line)
			h.str("><span")
			h.attr(chroma.CodeLine)
			h.str(">")
			h.inLine = true
		}
		if !h.inSpan && h.class != "" {
			h.str(`<span class="`)
			h.str(h.class)
			h.str(`">`)
			h.inSpan = true
		}
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			h.escape(s)
			return
		}
		h.escape(s[:i+1])
		h.endSpan()
		h.str("</span></span>")
		h.inLine = false
		s = s[i+1:]
	}
}

func (h *htmlWriter) endSpan() {
	if h.inSpan {
		h.str("</span>")
		h.inSpan = false
	}
}

// attr writes the class attribute of t, if it has a class.
func (h *htmlWriter) attr(t chroma.TokenType) {
	if c := class(t); c != "" {
		h.str(` class="`)
		h.str(c)
		h.str(`"`)
	}
}

// escape writes s escaped as html.EscapeString does.
func (h *htmlWriter) escape(s string) {
	if h.err == nil {
		_, h.err = escaper.WriteString(h.w, s)
	}
}

func (h *htmlWriter) str(s string) {
	if h.err == nil && s != "" {
		_, h.err = h.w.WriteString(s)
	}
}

// class is the CSS class chroma gives t: that of t or of its nearest
// parent that has one.
func class(t chroma.TokenType) string {
	for t != 0 {
		if c, ok := chroma.StandardTypes[t]; ok {
			return c
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}
