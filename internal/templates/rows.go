package templates

import (
	"bytes"
	htmltemplate "html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/sitegen/sitegen/internal/content"
)

// A list page's template runs the body of its {{ range .Pages }} once per
// listed page, and an edit that renders a list again runs it for every
// row, though only the edited page's row changes: at 10,000 pages a title
// edit ran some 5,000 rows (its section's and terms' lists) at about 7 µs
// each, most of it text/template's reflection. So a range whose body can
// show nothing but the listed page's own fields is run through a row
// memo: the body becomes a template of its own, run once per page, and
// its output is kept by page path with the values of the fields it read;
// the next list that shows the page, in this build or a later one, writes
// the kept row while those values are the same.
//
// Which ranges: no {{ else }}, no variables declared by the range, and a
// body of text, comments, actions and ifs whose pipelines read only the
// dot's fields in rowFields (a page's own metadata, compared by value), with
// constants and the pure functions in builtinPure and ownPure; no variables, no bare dot,
// no with, range, template, break or continue. A leaf so rewritten is
// escaped once when it is loaded, by a probe that calls every template of
// it; the rewrite is kept only if each rewritten range sits in HTML text
// (its action got html/template's HTML escaper and nothing else), where a
// row escaped on its own is escaped as it was in the range, and no
// template was escaped in a second context. Otherwise the leaf is the
// plain parse. Only tracked renders (serve's, which keep state for the
// next build) use the memo; a one-off build runs the range as written.

// rowFields are the page fields a memoized row may read, each with its
// value as a rowVal: a view's method of the same name returns the
// content.Page field, or one made of Kind.
var rowFields = map[string]func(p *content.Page) rowVal{
	"Title": str(func(p *content.Page) string { return p.Title }), "Description": str(func(p *content.Page) string { return p.Description }),
	"Slug": str(func(p *content.Page) string { return p.Slug }), "Layout": str(func(p *content.Page) string { return p.Layout }),
	"Section": str(func(p *content.Page) string { return p.Section }), "Path": str(func(p *content.Page) string { return p.Path }),
	"RelPermalink": str(func(p *content.Page) string { return p.RelPermalink }), "Permalink": str(func(p *content.Page) string { return p.Permalink }),
	"Term": str(func(p *content.Page) string { return p.Term }), "File": str(func(p *content.Page) string { return p.File }),
	"Kind": str(func(p *content.Page) string { return p.Kind }), "Lang": str(func(p *content.Page) string { return p.Lang }),
	"IsHome": str(func(p *content.Page) string { return p.Kind }), "IsSection": str(func(p *content.Page) string { return p.Kind }),
	"IsPage": str(func(p *content.Page) string { return p.Kind }), "IsNode": str(func(p *content.Page) string { return p.Kind }),
	"Date": tm(func(p *content.Page) time.Time { return p.Date }), "Lastmod": tm(func(p *content.Page) time.Time { return p.Lastmod }),
	"PublishDate": tm(func(p *content.Page) time.Time { return p.PublishDate }), "ExpiryDate": tm(func(p *content.Page) time.Time { return p.ExpiryDate }),
	"Draft": func(p *content.Page) rowVal {
		if p.Draft {
			return rowVal{n: 1}
		}
		return rowVal{}
	},
	"Weight": func(p *content.Page) rowVal { return rowVal{n: p.Weight} },
}

// rowVal is one field's value; a kept row holds while the values of the
// fields it reads are equal (time.Time's == is strict: the same instant
// in another Location differs, which only costs running the row again).
type rowVal struct {
	s string
	t time.Time
	n int
}

func str(f func(*content.Page) string) func(*content.Page) rowVal {
	return func(p *content.Page) rowVal { return rowVal{s: f(p)} }
}

func tm(f func(*content.Page) time.Time) func(*content.Page) rowVal {
	return func(p *content.Page) rowVal { return rowVal{t: f(p)} }
}

// builtinPure and ownPure are the functions a memoized row may call:
// text/template's built-ins and sitegen's that depend on their arguments
// alone (not T, whose strings change without the templates being loaded
// again).
var builtinPure = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"len": true, "index": true, "print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true,
}

var ownPure = map[string]bool{"safeHTML": true, "safeHTMLAttr": true, "safeURL": true, "urlize": true, "lower": true, "upper": true,
	"htmlEscape": true, "plainify": true, "replace": true, "hasPrefix": true, "default": true}

// The names the rewrite gives: the function that runs a range's rows,
// each range's row and plain range templates, and the load-time probe.
const (
	rowsFunc  = "_sitegen_rows"
	rowName   = "_sitegen_row_"
	rangeName = "_sitegen_range_"
	probeName = "_sitegen_probe"
)

// rowRange is one rewritten range of a leaf.
type rowRange struct {
	row, plain *htmltemplate.Template       // the body on one page; the range on the whole value
	fields     []string                     // the page fields the body reads
	get        []func(*content.Page) rowVal // their rowFields, in order
	action     *parse.ActionNode            // the action that took the range's place
	mu         sync.Mutex
	kept       map[string]*keptRow // by page path
	lists      listRuns            // the lists run, by their first page (rows_lists.go)
}

// keptRow is a page's row and the values of the fields it read.
type keptRow struct {
	vals []rowVal // of the range's fields, in order
	html string
	key  string // the page's MetaKey, recorded again without being made again
}

// memoRows rewrites t's eligible ranges (see above). It reports whether
// t can be used: true when it had none (t is as parsed) or the rewrite is
// kept; false when a rewrite could not be kept, and t is spoiled.
func memoRows(t *htmltemplate.Template, funcs map[string]any) bool {
	var ranges []*rowRange
	for _, u := range t.Templates() {
		if u.Tree != nil {
			ranges = rewriteList(t, u.Tree, u.Tree.Root, funcs, ranges)
		}
	}
	if len(ranges) == 0 {
		return true
	}
	if ranges[len(ranges)-1] == nil {
		return false
	}
	t.Funcs(htmltemplate.FuncMap{rowsFunc: func(i int, v any) (htmltemplate.HTML, error) { return ranges[i].run(v) }})
	var probe strings.Builder
	probe.WriteString("{{ if false }}")
	for _, u := range t.Templates() {
		probe.WriteString("{{ template " + strconv.Quote(u.Name()) + " . }}")
	}
	probe.WriteString("{{ end }}")
	if _, err := t.New(probeName).Parse(probe.String()); err != nil {
		return false
	}
	if err := t.ExecuteTemplate(io.Discard, probeName, nil); err != nil {
		return false
	}
	for _, u := range t.Templates() {
		if strings.Contains(u.Name(), "$htmltemplate_") {
			return false // escaped in a second context
		}
	}
	for _, r := range ranges {
		cmds := r.action.Pipe.Cmds
		if len(cmds) != 2 || !isIdent(cmds[1], "_html_template_htmlescaper") {
			return false
		}
	}
	return true
}

func isIdent(c *parse.CommandNode, name string) bool {
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && len(c.Args) == 1 && id.Ident == name
}

// rewriteList replaces the eligible ranges of list, at any depth, with a
// call of rowsFunc. A nil last element of the result means a row
// template could not be added.
func rewriteList(t *htmltemplate.Template, tree *parse.Tree, list *parse.ListNode, funcs map[string]any, ranges []*rowRange) []*rowRange {
	if list == nil {
		return ranges
	}
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			ranges = rewriteList(t, tree, n.List, funcs, ranges)
			ranges = rewriteList(t, tree, n.ElseList, funcs, ranges)
		case *parse.WithNode:
			ranges = rewriteList(t, tree, n.List, funcs, ranges)
			ranges = rewriteList(t, tree, n.ElseList, funcs, ranges)
		case *parse.RangeNode:
			fields := map[string]bool{}
			if n.ElseList != nil || len(n.Pipe.Decl) > 0 || !pureList(n.List, funcs, fields) {
				ranges = rewriteList(t, tree, n.List, funcs, ranges)
				continue
			}
			k := strconv.Itoa(len(ranges))
			r := &rowRange{kept: map[string]*keptRow{}}
			r.fields = slices.Sorted(maps.Keys(fields))
			for _, f := range r.fields {
				r.get = append(r.get, rowFields[f])
			}
			var err1, err2 error
			r.row, err1 = t.New(rowName+k).AddParseTree(rowName+k, subtree(tree, rowName+k, n.List.CopyList()))
			// The plain range is parsed, not built, so that its nodes know
			// their tree (an error's position is read from it).
			r.plain, err2 = t.New(rangeName + k).Parse("{{ range . }}{{ end }}")
			if err2 == nil {
				r.plain.Tree.Root.Nodes[0].(*parse.RangeNode).List = n.List
			}
			if err1 != nil || err2 != nil {
				return append(ranges, nil)
			}
			r.action = &parse.ActionNode{NodeType: parse.NodeAction, Pos: n.Position(), Line: n.Line, Pipe: &parse.PipeNode{
				NodeType: parse.NodePipe, Pos: n.Position(), Line: n.Line, Cmds: []*parse.CommandNode{{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{
					&parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: n.Position(), Ident: rowsFunc},
					&parse.NumberNode{NodeType: parse.NodeNumber, Pos: n.Position(), IsInt: true, Int64: int64(len(ranges)), Text: k},
					n.Pipe}}}}}
			list.Nodes[i] = r.action
			ranges = append(ranges, r)
		}
	}
	return ranges
}

// subtree is a template tree of root whose nodes' positions still point
// into tree's text, so errors name the template file and line.
func subtree(tree *parse.Tree, name string, root *parse.ListNode) *parse.Tree {
	return &parse.Tree{Name: name, ParseName: tree.ParseName, Root: root, Mode: tree.Mode}
}

// pureList reports whether a range body shows only the dot's rowFields,
// noting them in fields.
func pureList(list *parse.ListNode, funcs map[string]any, fields map[string]bool) bool {
	if list == nil {
		return true
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode, *parse.CommentNode:
		case *parse.ActionNode:
			if !purePipe(n.Pipe, funcs, fields) {
				return false
			}
		case *parse.IfNode:
			if !purePipe(n.Pipe, funcs, fields) || !pureList(n.List, funcs, fields) || !pureList(n.ElseList, funcs, fields) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func purePipe(p *parse.PipeNode, funcs map[string]any, fields map[string]bool) bool {
	if p == nil || len(p.Decl) > 0 || p.IsAssign {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if !pureArg(a, funcs, fields) {
				return false
			}
		}
	}
	return true
}

func pureArg(a parse.Node, funcs map[string]any, fields map[string]bool) bool {
	switch a := a.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	case *parse.FieldNode:
		if rowFields[a.Ident[0]] == nil {
			return false
		}
		fields[a.Ident[0]] = true
		return true
	case *parse.IdentifierNode:
		_, own := funcs[a.Ident] // the site's functions take over built-ins of the same name
		return own && ownPure[a.Ident] || !own && builtinPure[a.Ident]
	case *parse.PipeNode:
		return purePipe(a, funcs, fields)
	}
	return false
}

// run writes the range's rows for v, a range's value: each page's kept row
// while the fields it read are the same, when the render is tracked;
// otherwise the range as written.
func (r *rowRange) run(v any) (htmltemplate.HTML, error) {
	pages, ok := v.([]*Page)
	if !ok || len(pages) == 0 || !pages[0].t.tracked {
		return r.exec(r.plain, v)
	}
	var b strings.Builder
	last := r.lists.get(&r.mu, pages[0].p)
	if last != nil {
		b.Grow(last.size * 9 / 8) // one copy of a big list, not a doubling series
	}
	next := &listRun{pages: make([]*content.Page, 0, len(pages)), rows: make([]*keptRow, 0, len(pages))}
	var vals []rowVal // this page's, reused
	j := 0            // the row of last that the next page may be
	for _, pv := range pages {
		p := pv.p
		vals = vals[:0]
		for _, get := range r.get {
			vals = append(vals, get(p))
		}
		var k *keptRow
		k, j = last.find(p, j)
		if k == nil || !slices.Equal(k.vals, vals) { // another list may have run it since
			r.mu.Lock()
			k = r.kept[p.Path]
			r.mu.Unlock()
		}
		if k != nil && slices.Equal(k.vals, vals) {
			if len(r.fields) > 0 && !pv.read { // what running the row records (Page.m)
				pv.read = true
				pv.t.dep(k.key)
			}
		} else {
			html, err := r.exec(r.row, pv)
			if err != nil {
				return "", err
			}
			k = &keptRow{vals: slices.Clone(vals), html: string(html), key: MetaKey(p)}
			r.mu.Lock()
			r.kept[p.Path] = k
			r.mu.Unlock()
		}
		b.WriteString(k.html)
		next.pages, next.rows = append(next.pages, p), append(next.rows, k)
	}
	next.size = b.Len()
	r.lists.put(&r.mu, next)
	return htmltemplate.HTML(b.String()), nil
}

func (r *rowRange) exec(t *htmltemplate.Template, data any) (htmltemplate.HTML, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return htmltemplate.HTML(b.String()), nil
}
