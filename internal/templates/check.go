package templates

import (
	"strings"
	"text/template/parse"

	"github.com/sitegen/sitegen/internal/diag"
)

// call is a constant-named partial call found in a template.
type call struct {
	partial string
	at      string // "templates/x.html:12"
}

// partialUse is which partials each page template calls, directly or
// through others, as far as constant names tell.
type partialUse struct {
	uses    map[string]map[string]bool // leaf file -> partials
	dynamic bool                       // some call names its partial at run time
}

// checkPartials finds, before anything runs, calls of partials that do not
// exist and partials that include themselves, directly or through others;
// it also works out which partials each page template uses.
func checkPartials(s *Set) (partialUse, error) {
	use := partialUse{uses: map[string]map[string]bool{}}
	if s == nil {
		return use, nil
	}
	var errs diag.List
	graph := map[string][]call{} // partial -> partials it calls
	for _, t := range s.partials.Templates() {
		if t.Tree != nil && strings.HasPrefix(t.Name(), Dir+"/partials/") {
			name := strings.TrimPrefix(t.Name(), Dir+"/partials/")
			cs, dyn := calls(t.Tree)
			graph[name] = append(graph[name], cs...)
			use.dynamic = use.dynamic || dyn
		}
	}
	var roots []call
	for name, l := range s.pages {
		var direct []call
		for _, u := range l.t.Templates() {
			if u.Tree != nil {
				cs, dyn := calls(u.Tree)
				direct = append(direct, cs...)
				use.dynamic = use.dynamic || dyn
			}
		}
		roots = append(roots, direct...)
		use.uses[name] = closure(graph, direct)
	}
	if s.shortcodes != nil {
		for _, name := range s.shortcodes.names {
			t := s.shortcodes.tree.Lookup(Dir + "/" + shortcodeDir + name + ".html")
			if t == nil || t.Tree == nil {
				continue
			}
			direct, dyn := calls(t.Tree)
			use.dynamic = use.dynamic || dyn
			roots = append(roots, direct...)
			use.uses[shortcodeDir+name+".html"] = closure(graph, direct)
		}
	}
	for _, cs := range graph {
		roots = append(roots, cs...)
	}
	for _, c := range roots {
		if _, ok := graph[c.partial]; !ok {
			errs.Add(posError(c.at, "partial %q not found in templates/partials/", c.partial))
		}
	}
	for name := range graph {
		if cycle := findCycle(graph, name, []string{name}); cycle != nil {
			errs.Add(posError(cycle.at, "partial %q includes itself: %s", name, cycle.path))
		}
	}
	return use, dedupe(errs).Err()
}

// closure is every partial that the calls reach.
func closure(g map[string][]call, direct []call) map[string]bool {
	seen := map[string]bool{}
	stack := append([]call(nil), direct...)
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !seen[c.partial] {
			seen[c.partial] = true
			stack = append(stack, g[c.partial]...)
		}
	}
	return seen
}

type cycleInfo struct{ at, path string }

func findCycle(g map[string][]call, start string, stack []string) *cycleInfo {
	cur := stack[len(stack)-1]
	for _, c := range g[cur] {
		if c.partial == start {
			return &cycleInfo{at: c.at, path: strings.Join(append(stack, start), " -> ")}
		}
		seen := false
		for _, s := range stack {
			seen = seen || s == c.partial
		}
		if !seen {
			if r := findCycle(g, start, append(stack, c.partial)); r != nil {
				return r
			}
		}
	}
	return nil
}

func calls(tree *parse.Tree) (out []call, dynamic bool) {
	eachCommand(tree, func(n *parse.CommandNode) {
		if len(n.Args) >= 2 {
			if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "partial" {
				if s, ok := n.Args[1].(*parse.StringNode); ok {
					loc, _ := tree.ErrorContext(n)
					out = append(out, call{partial: s.Text, at: loc})
				} else {
					dynamic = true
				}
			}
		}
	})
	return out, dynamic
}

// eachCommand calls fn for every command of a template, nested ones
// included.
func eachCommand(tree *parse.Tree, fn func(*parse.CommandNode)) {
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			fn(n)
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	walk(tree.Root)
}

// posError makes an error at "file:line:col" as ErrorContext gives it.
func posError(at, format string, args ...any) *diag.Error {
	parts := strings.Split(at, ":")
	line := 0
	if len(parts) >= 2 {
		for _, c := range parts[1] {
			line = line*10 + int(c-'0')
		}
	}
	return diag.At(parts[0], line, format, args...)
}

func dedupe(l diag.List) diag.List {
	seen := map[string]bool{}
	out := l[:0]
	for _, e := range l {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}
