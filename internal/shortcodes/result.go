package shortcodes

import (
	"html"
	"sort"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
)

// Result is a body with its calls expanded, ready for Markdown.
type Result struct {
	Text     []byte   // the Markdown to render
	Names    []string // the shortcodes called, sorted
	Warnings []string // what warnf reported, each with file:line

	piece *piece
	lines []int    // line starts of the body as written
	html  []string // the output of each {{< >}} call
	used  []bool   // and whether it was placed (by Inline)
	at    []int    // and the body line of the call
	names []string // and its shortcode
	file  string
	line0 int
}

// span tells where expanded text comes from: the body as written (src is
// its offset there) or a call's output (src -1, line the call's line).
type span struct{ src, line int }

type seg struct {
	at int // offset in the piece
	span
}

// piece is expanded text with the origin of its bytes and the ranges a
// template wrote (trusted raw HTML).
type piece struct {
	buf     []byte
	segs    []seg
	trusted [][2]int
}

func (p *piece) add(s string, sp span, trusted bool) {
	if s == "" {
		return
	}
	p.segs = append(p.segs, seg{len(p.buf), sp})
	if trusted {
		p.trust(len(p.buf), len(p.buf)+len(s))
	}
	p.buf = append(p.buf, s...)
}

// trust marks bytes start..end trusted. Ranges come in order; one that
// follows another without a gap extends it, so that HTML two templates
// wrote side by side is one trusted range.
func (p *piece) trust(start, end int) {
	if n := len(p.trusted); n > 0 && p.trusted[n-1][1] == start {
		p.trusted[n-1][1] = end
		return
	}
	p.trusted = append(p.trusted, [2]int{start, end})
}

// splice appends q's bytes a..b with their origins and trust.
func (p *piece) splice(q *piece, a, b int) {
	if a >= b {
		return
	}
	shift := len(p.buf) - a
	for i, s := range q.segs {
		end := len(q.buf)
		if i+1 < len(q.segs) {
			end = q.segs[i+1].at
		}
		if end <= a || s.at >= b {
			continue
		}
		start := max(s.at, a)
		sp := s.span
		if sp.src >= 0 {
			sp.src += start - s.at
		}
		p.segs = append(p.segs, seg{start + shift, sp})
	}
	for _, t := range q.trusted {
		if lo, hi := max(t[0], a), min(t[1], b); lo < hi {
			p.trust(lo+shift, hi+shift)
		}
	}
	p.buf = append(p.buf, q.buf[a:b]...)
}

// deindentInto appends the piece without the indentation its lines share.
func (p *piece) deindentInto(into *piece) {
	s := string(p.buf)
	cut := len(indent(s))
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start + 1
		}
		line := s[start:end]
		into.splice(p, start+min(cut, len(line)-len(strings.TrimLeft(line, " \t"))), end)
		start = end
	}
}

// Line is the line of the body as written where the byte at off of Text
// comes from; a call's output counts as the call's line.
func (r *Result) Line(off int) int {
	segs := r.piece.segs
	i := sort.Search(len(segs), func(i int) bool { return segs[i].at > off }) - 1
	if i < 0 {
		return 1
	}
	s := segs[i]
	if s.src < 0 {
		return s.line
	}
	return sort.SearchInts(r.lines, s.src+off-s.at+1)
}

// Trusted reports whether Text's bytes start..end were all written by
// shortcode templates, whose raw HTML is the site's own.
func (r *Result) Trusted(start, end int) bool {
	ts := r.piece.trusted
	i := sort.Search(len(ts), func(i int) bool { return ts[i][1] >= end })
	return i < len(ts) && ts[i][0] <= start
}

// HTML puts the output of the {{< >}} calls into the rendered page in
// place of their placeholders; a placeholder alone in a paragraph takes
// the paragraph's place. Output that Markdown did not keep as text (in a
// link title, say) is an error at its call.
func (r *Result) HTML(rendered string) (string, error) {
	used := append([]bool(nil), r.used...)
	out := rendered
	for depth := 0; depth <= MaxDepth+1 && strings.ContainsRune(out, phOpen); depth++ {
		out = r.replace(out, used)
	}
	var errs diag.List
	for i, ok := range used {
		if !ok {
			errs.Add(diag.At(r.file, r.at[i]+r.line0-1, "shortcode %q: its HTML cannot go inside an HTML tag (a link's title, say)", r.names[i]).
				WithHint("a {{< >}} call's HTML goes in the text or a link's address; move the call"))
		}
	}
	return out, errs.Err()
}

func (r *Result) replace(s string, used []bool) string {
	ps := r.parts(s)
	for i := 1; i+1 < len(ps); i++ {
		if ps[i].n >= 0 && strings.HasSuffix(ps[i-1].text, "<p>") && ps[i+1].n < 0 && strings.HasPrefix(ps[i+1].text, "</p>") {
			// Alone in a paragraph: the output takes the paragraph's place.
			ps[i-1].text, ps[i+1].text = strings.TrimSuffix(ps[i-1].text, "<p>"), ps[i+1].text[4:]
		}
	}
	var b strings.Builder
	for _, p := range ps {
		if p.n < 0 {
			b.WriteString(p.text)
			continue
		}
		if pre := b.String(); strings.LastIndexByte(pre, '<') > strings.LastIndexByte(pre, '>') {
			// Inside a tag (a link's title): HTML cannot go there.
			b.WriteString(p.text)
			continue
		}
		b.WriteString(r.html[p.n])
		used[p.n] = true
	}
	return b.String()
}

// part is text (n -1) or the placeholder of the n-th call.
type part struct {
	text string
	n    int
}

// parts splits s at its placeholders.
func (r *Result) parts(s string) []part {
	var out []part
	for {
		i := strings.IndexRune(s, phOpen)
		if i < 0 {
			return append(out, part{s, -1})
		}
		n, size, ok := readPlaceholder(s[i:])
		if !ok || n >= len(r.html) {
			size = len(string(phOpen))
			out = append(out, part{s[:i+size], -1})
		} else {
			out = append(out, part{s[:i], -1}, part{s[i : i+size], n})
		}
		s = s[i+size:]
	}
}

// readPlaceholder reads the placeholder at the start of s.
func readPlaceholder(s string) (n, size int, ok bool) {
	var digits strings.Builder
	for i, c := range s {
		switch {
		case i == 0 && c == phOpen:
		case c >= firstDigit && c <= firstDigit+9:
			digits.WriteByte(byte('0' + c - firstDigit))
		case c == phClose && digits.Len() > 0:
			n, err := strconv.Atoi(digits.String())
			return n, i + len(string(phClose)), err == nil
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// Inline fills the placeholders of a link or image address with their
// calls' output as text, so that [x]({{< relref "a.md" >}}) is a link the
// build can check.
func (r *Result) Inline(dest string) string {
	if !strings.ContainsRune(dest, phOpen) {
		return dest
	}
	var b strings.Builder
	for _, p := range r.parts(dest) {
		if p.n < 0 {
			b.WriteString(p.text)
			continue
		}
		b.WriteString(strings.TrimSpace(html.UnescapeString(r.html[p.n])))
		r.used[p.n] = true
	}
	return b.String()
}

// Strip removes placeholders from text made of the rendered page (a
// summary, a heading in the table of contents).
func Strip(s string) string {
	if !strings.ContainsRune(s, phOpen) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if reserved(r) {
			return -1
		}
		return r
	}, s)
}
