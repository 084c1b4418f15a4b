package templates

import (
	"strings"
	"text/template/parse"
)

// UsesStrings tells which page templates (leaf file names such as
// "page.html") and shortcode templates ("shortcodes/x.html") show UI
// strings (T, i18n), themselves or through the partials they call, so
// that a change to i18n/ renders only their pages again; all is set when
// every page's can (a partial that shows strings, called by a computed
// name).
func (t *Templates) UsesStrings() (leaves map[string]bool, all bool) {
	leaves = map[string]bool{}
	var s *Set
	for _, set := range t.sets { // every language's templates are the same files
		s = set
		break
	}
	if s == nil {
		return leaves, false
	}
	partials := map[string]bool{} // partials that show strings themselves
	for _, pt := range s.partials.Templates() {
		if name, ok := strings.CutPrefix(pt.Name(), Dir+"/partials/"); ok && pt.Tree != nil && showsStrings(pt.Tree) {
			partials[name] = true
		}
	}
	if len(partials) > 0 && t.use.dynamic {
		return nil, true
	}
	for name, l := range s.pages {
		for _, u := range l.t.Templates() {
			own := !strings.HasPrefix(u.Name(), Dir+"/partials/") // the leaf, base.html and their blocks
			if own && u.Tree != nil && showsStrings(u.Tree) {
				leaves[name] = true
			}
		}
	}
	if s.shortcodes != nil {
		for _, name := range s.shortcodes.names {
			if u := s.shortcodes.tree.Lookup(Dir + "/" + shortcodeDir + name + ".html"); u != nil && u.Tree != nil && showsStrings(u.Tree) {
				leaves[shortcodeDir+name+".html"] = true
			}
		}
	}
	for leaf, uses := range t.use.uses {
		for p := range uses {
			if partials[p] {
				leaves[leaf] = true
			}
		}
	}
	return leaves, false
}

// showsStrings reports whether a template calls T or i18n.
func showsStrings(tree *parse.Tree) bool {
	found := false
	eachCommand(tree, func(n *parse.CommandNode) {
		for _, a := range n.Args {
			if id, ok := a.(*parse.IdentifierNode); ok && (id.Ident == "T" || id.Ident == "i18n") {
				found = true
			}
		}
	})
	return found
}
