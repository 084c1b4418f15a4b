package shortcodes

import (
	"fmt"
	"html/template"
	"strings"
)

// Call is a shortcode call as its template sees it (the template's dot).
type Call struct {
	Name string
	// Page and Site are the calling page and its site, as page templates
	// see them (the build's views).
	Page, Site any
	// Parent is the call this one is inside, or nil.
	Parent *Call
	// Position is where the call stands in the content file.
	Position Position
	// Ordinal counts the calls inside the same parent (or the page) from 0.
	Ordinal int
	// IsNamedParams tells whether the arguments are key=value.
	IsNamedParams bool

	pos    []string
	named  map[string]string
	inner  string
	marked bool // inner is a {{% %}} call's marker (see Expand)
	env    *Env
}

// Position is a place in a content file; it prints as file:line:column.
type Position struct {
	Filename     string
	LineNumber   int
	ColumnNumber int
}

func (p Position) String() string {
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.LineNumber, p.ColumnNumber)
}

// Get is an argument: by index (0, 1...) for positional arguments, by name
// for named ones; "" when there is none.
func (c *Call) Get(key any) any {
	switch k := key.(type) {
	case int:
		if k >= 0 && k < len(c.pos) {
			return c.pos[k]
		}
	case string:
		if v, ok := c.named[k]; ok {
			return v
		}
	}
	return ""
}

// Params are the arguments: a list of positional ones or a map of named
// ones.
func (c *Call) Params() any {
	if c.IsNamedParams {
		m := make(map[string]any, len(c.named))
		for k, v := range c.named {
			m[k] = v
		}
		return m
	}
	l := make([]any, len(c.pos))
	for i, v := range c.pos {
		l[i] = v
	}
	return l
}

// Inner is the text between the opening and the closing tag; in a {{% %}}
// call it is Markdown, rendered with the page.
func (c *Call) Inner() template.HTML { return template.HTML(c.inner) }

// InnerDeindent is Inner without the indentation its lines share, for
// calls indented inside a list item.
func (c *Call) InnerDeindent() template.HTML {
	if c.marked {
		return deindMark
	}
	return template.HTML(deindent(c.inner))
}

// Ref is the absolute URL of the page at a content path ("news/a.md",
// "/about.md#team"), checked: a missing page is the build's error.
func (c *Call) Ref(path string) (string, error) { return c.ref(path, true) }

// RelRef is Ref without the scheme and host.
func (c *Call) RelRef(path string) (string, error) { return c.ref(path, false) }

func (c *Call) ref(path string, abs bool) (string, error) {
	if c.env == nil || c.env.Ref == nil {
		return "", fmt.Errorf("ref %q: pages cannot be looked up here", path)
	}
	return c.env.Ref(c, path, abs)
}

// deindent removes the indentation that every non-blank line shares.
func deindent(s string) string {
	prefix := indent(s)
	if prefix == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
	}
	return strings.Join(lines, "\n")
}

// indent is the leading whitespace every non-blank line of s shares.
func indent(s string) string {
	prefix, first := "", true
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ind, false
			continue
		}
		for !strings.HasPrefix(ind, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	return prefix
}
