package shortcodes

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// MaxDepth is how deep calls may nest. Content cannot recurse forever, but
// a generated or pasted file can nest absurdly; past this the build stops
// with an error rather than a stack the size of the file.
const MaxDepth = 32

// item is a piece of a body: text (call nil) or a call.
type item struct {
	start, end int // the text's bytes in the source, or the whole call's
	call       *call
	literal    string // for a {{</* */>}} call: what it writes
}

// call is a shortcode call as written.
type call struct {
	name     string
	markdown bool // {{% %}}: its inner text and output are Markdown
	at       int  // offset of its "{{"
	named    map[string]string
	pos      []string
	isNamed  bool
	children []item // the inner text, parsed; nil for a call without one
	inner    [2]int // the raw inner text's offsets
	paired   bool
}

// lookup tells whether a shortcode exists and whether its template reads
// .Inner, which decides whether a call must be closed.
type lookup func(name string) (found, inner bool)

// parser reads one body.
type parser struct {
	src   []byte
	pos   int
	look  lookup
	names []string // every shortcode, for hints
	fail  func(at int, hint, format string, args ...any) error
	line  func(at int) int // the line of the file at an offset
}

// open is a paired call waiting for its closing tag.
type open struct {
	c     *call
	items []item
}

// parse splits a body into text and calls; it stops at the first error,
// as what follows a malformed call cannot be trusted.
func (p *parser) parse() ([]item, error) {
	var stack []*open
	top := &open{}
	text := 0
	flush := func(end int) {
		if end > text {
			top.items = append(top.items, item{start: text, end: end})
		}
	}
	for {
		i := p.next()
		if i < 0 {
			break
		}
		flush(i)
		p.pos = i
		d := p.src[i+2]
		if bytes.HasPrefix(p.src[i+3:], []byte("/*")) {
			lit, err := p.comment(d)
			if err != nil {
				return nil, err
			}
			top.items = append(top.items, item{start: i, end: p.pos, literal: lit})
			text = p.pos
			continue
		}
		t, err := p.tag(d)
		if err != nil {
			return nil, err
		}
		text = p.pos
		if t.closing {
			if err := p.close(t, &stack, &top); err != nil {
				return nil, err
			}
			continue
		}
		found, inner := p.look(t.c.name)
		if !found {
			return nil, p.unknown(t.c)
		}
		if !inner || t.selfClosing {
			top.items = append(top.items, item{start: i, end: p.pos, call: t.c})
			continue
		}
		if len(stack) >= MaxDepth {
			return nil, p.fail(i, "", "shortcodes nested more than %d deep: %q", MaxDepth, t.c.name)
		}
		t.c.inner[0] = p.pos
		stack = append(stack, top)
		top = &open{c: t.c}
	}
	flush(len(p.src))
	if top.c != nil {
		c := top.c
		return nil, p.fail(c.at, fmt.Sprintf("close it with %s, or write %s if it has no inner text", tagText(c, true), selfClose(c)),
			"shortcode %q is not closed", c.name)
	}
	return top.items, nil
}

// next finds the next "{{<" or "{{%" from p.pos.
func (p *parser) next() int {
	for k := p.pos; ; {
		j := bytes.Index(p.src[k:], []byte("{{"))
		if j < 0 || k+j+2 >= len(p.src) {
			return -1
		}
		if d := p.src[k+j+2]; d == '<' || d == '%' {
			return k + j
		}
		k += j + 2
	}
}

// comment reads {{</* ... */>}} and returns the call it writes.
func (p *parser) comment(d byte) (string, error) {
	start := p.pos
	end := "*/" + string(closer(d)) + "}}"
	j := bytes.Index(p.src[start+5:], []byte(end))
	if j < 0 {
		return "", p.fail(start, "", "%s without its closing %s", "{{"+string(d)+"/*", end)
	}
	p.pos = start + 5 + j + len(end)
	return "{{" + string(d) + string(p.src[start+5:start+5+j]) + string(closer(d)) + "}}", nil
}

// close matches a closing tag with the innermost open call.
func (p *parser) close(t tag, stack *[]*open, top **open) error {
	c := (*top).c
	if c == nil {
		if found, inner := p.look(t.c.name); found && !inner {
			return p.fail(t.c.at, fmt.Sprintf("templates/shortcodes/%s.html does not use .Inner; write %s alone", t.c.name, tagText(t.c, false)),
				"closing %s without an opening one", tagText(t.c, true))
		}
		return p.fail(t.c.at, "", "closing %s without an opening one", tagText(t.c, true))
	}
	if c.name != t.c.name {
		return p.fail(t.c.at, fmt.Sprintf("close %q first with %s", c.name, tagText(c, true)),
			"closing %s, but %q opened on line %d is still open", tagText(t.c, true), c.name, p.line(c.at))
	}
	if c.markdown != t.c.markdown {
		return p.fail(t.c.at, fmt.Sprintf("close it as it was opened: %s", tagText(c, true)),
			"%q is opened with %s and closed with %s", c.name, delims(c.markdown), delims(t.c.markdown))
	}
	c.inner[1] = t.c.at
	c.children, c.paired = (*top).items, true
	if c.children == nil {
		c.children = []item{}
	}
	*top = (*stack)[len(*stack)-1]
	*stack = (*stack)[:len(*stack)-1]
	(*top).items = append((*top).items, item{start: c.at, end: p.pos, call: c})
	return nil
}

func (p *parser) unknown(c *call) error {
	hint := ""
	if near := closest(c.name, p.names); near != "" {
		hint = fmt.Sprintf("did you mean %q?", near)
	} else {
		d := delim(c.markdown)
		hint = fmt.Sprintf("add templates/shortcodes/%s.html, or write %s to show the call as text", c.name, "{{"+string(d)+"/* "+c.name+" */"+string(closer(d))+"}}")
	}
	return p.fail(c.at, hint, "unknown shortcode %q", c.name)
}

// tag is one {{< ... >}} as written.
type tag struct {
	c                    *call
	closing, selfClosing bool
}

// tag reads a call's tag at p.pos, which is at its "{{".
func (p *parser) tag(d byte) (tag, error) {
	t := tag{c: &call{markdown: d == '%', at: p.pos}}
	p.pos += 3
	p.space()
	if p.peek('/') {
		t.closing = true
		p.pos++
		p.space()
	}
	t.c.name = p.name()
	if t.c.name == "" {
		return t, p.fail(t.c.at, "write {{< name >}}", "a shortcode call needs a name")
	}
	for {
		sp := p.space()
		if p.pos >= len(p.src) {
			return t, p.fail(t.c.at, fmt.Sprintf("end the call with %s}}", string(closer(d))), "shortcode %q is not ended", t.c.name)
		}
		if p.ends(d, "") {
			return t, nil
		}
		if p.ends(d, "/") {
			if t.closing {
				return t, p.fail(t.c.at, "", "%s cannot also be self-closing", tagText(t.c, true))
			}
			t.selfClosing = true
			return t, nil
		}
		if p.src[p.pos] == '{' && p.pos+2 < len(p.src) && p.src[p.pos+1] == '{' {
			return t, p.fail(t.c.at, fmt.Sprintf("end the call with %s}}", string(closer(d))), "shortcode %q is not ended", t.c.name)
		}
		if !sp {
			return t, p.fail(t.c.at, "separate arguments with spaces", "shortcode %q: malformed arguments at %q", t.c.name, p.around())
		}
		if t.closing {
			return t, p.fail(t.c.at, "", "closing %s takes no arguments", tagText(t.c, true))
		}
		if err := p.arg(t.c, d); err != nil {
			return t, err
		}
	}
}

// arg reads one argument: a value, or key=value.
func (p *parser) arg(c *call, d byte) error {
	at := p.pos
	if p.peek('=') {
		return p.fail(c.at, "write key=value", "shortcode %q: argument without a name at %q", c.name, p.around())
	}
	v, quoted, err := p.value(c, d)
	if err != nil {
		return err
	}
	if !quoted && p.peek('=') {
		p.pos++
		if p.pos >= len(p.src) || isSpace(p.src[p.pos]) || p.ends(d, "") || p.ends(d, "/") {
			return p.fail(c.at, fmt.Sprintf(`write %s="" for an empty value`, v), "shortcode %q: argument %s= has no value", c.name, v)
		}
		val, _, err := p.value(c, d)
		if err != nil {
			return err
		}
		if len(c.pos) > 0 {
			return p.mixed(c)
		}
		if c.named == nil {
			c.named = map[string]string{}
		}
		if _, dup := c.named[v]; dup {
			return p.fail(c.at, "", "shortcode %q: argument %s given twice", c.name, v)
		}
		c.named[v], c.isNamed = val, true
		return nil
	}
	if c.isNamed {
		return p.mixed(c)
	}
	if p.pos == at {
		return p.fail(c.at, "", "shortcode %q: malformed arguments at %q", c.name, p.around())
	}
	c.pos = append(c.pos, v)
	return nil
}

func (p *parser) mixed(c *call) error {
	return p.fail(c.at, "give every argument a name, or none", "shortcode %q mixes positional and named arguments", c.name)
}

// value reads a quoted ("..." with \ escapes, or `raw`) or bare value.
func (p *parser) value(c *call, d byte) (string, bool, error) {
	if p.pos < len(p.src) && (p.src[p.pos] == '"' || p.src[p.pos] == '`') {
		q := p.src[p.pos]
		var b strings.Builder
		for k := p.pos + 1; k < len(p.src); k++ {
			switch ch := p.src[k]; {
			case ch == q:
				p.pos = k + 1
				return b.String(), true, nil
			case ch == '\\' && q == '"' && k+1 < len(p.src):
				k++
				b.WriteByte(p.src[k])
			case ch == '\n' && q == '"':
				return "", false, p.fail(c.at, "close the quote on the same line, or use `back quotes`", "shortcode %q: unterminated quoted argument", c.name)
			default:
				b.WriteByte(ch)
			}
		}
		return "", false, p.fail(c.at, "", "shortcode %q: unterminated quoted argument", c.name)
	}
	start := p.pos
	for p.pos < len(p.src) {
		ch := p.src[p.pos]
		if isSpace(ch) || ch == '=' || ch == '"' || ch == '`' || p.ends(d, "") || p.ends(d, "/") {
			break
		}
		p.pos++
	}
	if p.pos < len(p.src) && (p.src[p.pos] == '"' || p.src[p.pos] == '`') && p.pos > start {
		return "", false, p.fail(c.at, "put a space before the quote, or quote the whole value", "shortcode %q: malformed arguments at %q", c.name, p.around())
	}
	return string(p.src[start:p.pos]), false, nil
}

// ends reports whether the call's end (with the given prefix: "/" for a
// self-closing one) is at p.pos, and moves past it if so.
func (p *parser) ends(d byte, prefix string) bool {
	end := prefix + string(closer(d)) + "}}"
	if bytes.HasPrefix(p.src[p.pos:], []byte(end)) {
		p.pos += len(end)
		return true
	}
	return false
}

func (p *parser) peek(b byte) bool { return p.pos < len(p.src) && p.src[p.pos] == b }

func (p *parser) space() bool {
	start := p.pos
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// name reads a shortcode name: letters, digits, _ and -, with / between
// the parts of a name in a subfolder.
func (p *parser) name() string {
	start := p.pos
	for p.pos < len(p.src) {
		ch := p.src[p.pos]
		if ch == '_' || ch == '-' || ch == '.' || ch >= '0' && ch <= '9' || ch|0x20 >= 'a' && ch|0x20 <= 'z' || ch == '/' && p.pos > start {
			p.pos++
			continue
		}
		break
	}
	return string(p.src[start:p.pos])
}

// around is a short quote of the source at p.pos, for errors.
func (p *parser) around() string {
	end := p.pos + 12
	if end > len(p.src) {
		end = len(p.src)
	}
	s := string(p.src[p.pos:end])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func delim(markdown bool) byte {
	if markdown {
		return '%'
	}
	return '<'
}

// closer is the character that ends a call opened with d: {{< >}}, {{% %}}.
func closer(d byte) byte {
	if d == '<' {
		return '>'
	}
	return d
}

func delims(markdown bool) string {
	d := delim(markdown)
	return "{{" + string(d) + " " + string(closer(d)) + "}}"
}

// tagText writes a call's tag for messages: {{< name >}} or {{< /name >}}.
func tagText(c *call, closing bool) string {
	d := delim(c.markdown)
	slash := ""
	if closing {
		slash = "/"
	}
	return "{{" + string(d) + " " + slash + c.name + " " + string(closer(d)) + "}}"
}

func selfClose(c *call) string {
	d := delim(c.markdown)
	return "{{" + string(d) + " " + c.name + " /" + string(closer(d)) + "}}"
}

// closest is the name nearest to s by edit distance, if it is near enough
// to be a likely typo.
func closest(s string, names []string) string {
	best, bestD := "", len(s)/3+2
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for _, n := range sorted {
		if d := distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance of two names.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
