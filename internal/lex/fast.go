package lex

import (
	"github.com/dlclark/regexp2/v2/syntax"
)

// A fast matcher matches a rule's pattern at a position without regexp2,
// for the patterns made only of what it knows: characters, sets, strings,
// loops of one character, alternatives, groups, anchors and lookaheads.
// Most tokens of most lexers come from such rules (spaces, names,
// punctuation, keywords), and each regexp2 match allocates a record of
// about 500 bytes: the largest share of a big build's garbage.
//
// It walks regexp2's own parse tree, after regexp2's simplifications, and
// backtracks as regexp2 does: the first alternative, and the longest loop,
// that lets the rest of the pattern match. Only rules whose groups nobody
// reads use it (see stateIndex.direct), so it reports the length alone.
// TestFastSameAsRegexp2 holds it to regexp2's answer for every rule of
// every lexer at every position of chroma's samples.
type fast struct{ seq []*syntax.RegexNode }

// compileFast returns a fast matcher for the tree of `\G(?flags)(?:p)`,
// or nil if the pattern uses anything it does not know.
func compileFast(tree *syntax.RegexTree) *fast {
	root := tree.Root
	if root.T != syntax.NtCapture || len(root.Children) != 1 || tree.Options&(syntax.RightToLeft|syntax.ECMAScript|syntax.RE2) != 0 {
		return nil
	}
	seq := children(root.Children[0])
	if len(seq) == 0 || seq[0].T != syntax.NtStart || !supported(seq[1:]) {
		return nil
	}
	return &fast{seq: seq[1:]}
}

// children is a node as a sequence: a concatenation's parts, or itself.
func children(n *syntax.RegexNode) []*syntax.RegexNode {
	if n.T == syntax.NtConcatenate {
		return n.Children
	}
	return []*syntax.RegexNode{n}
}

func supported(ns []*syntax.RegexNode) bool {
	for _, n := range ns {
		if n.Options&(syntax.IgnoreCase|syntax.RightToLeft|syntax.ECMAScript) != 0 {
			return false
		}
		switch n.T {
		case syntax.NtOne, syntax.NtNotone, syntax.NtSet, syntax.NtMulti,
			syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop,
			syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic,
			syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
			syntax.NtBeginning, syntax.NtEndZ, syntax.NtEnd, syntax.NtEmpty, syntax.NtNothing:
			if (n.T == syntax.NtSet || n.T == syntax.NtSetloop || n.T == syntax.NtSetloopatomic) && n.Set == nil {
				return false
			}
		case syntax.NtConcatenate, syntax.NtAlternate, syntax.NtCapture, syntax.NtGroup,
			syntax.NtPosLook, syntax.NtNegLook, syntax.NtAtomic:
			if !supported(n.Children) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// match reports whether the pattern matches text at pos, and the length
// of the match.
func (f *fast) match(text []rune, pos int) (int, bool) {
	end := -1
	m := matcher{text: text}
	if m.seq(f.seq, pos, func(e int) bool { end = e; return true }) {
		return end - pos, true
	}
	return 0, false
}

// matcher backtracks over a text: seq matches nodes from pos and calls k
// with where they end, trying other ends while k refuses.
type matcher struct{ text []rune }

func (m matcher) seq(ns []*syntax.RegexNode, pos int, k func(int) bool) bool {
	if len(ns) == 0 {
		return k(pos)
	}
	n, rest := ns[0], ns[1:]
	next := func(e int) bool { return m.seq(rest, e, k) }
	switch n.T {
	case syntax.NtConcatenate, syntax.NtCapture, syntax.NtGroup:
		return m.seq(n.Children, pos, next)
	case syntax.NtAlternate:
		for _, c := range n.Children {
			if m.seq(children(c), pos, next) {
				return true
			}
		}
		return false
	case syntax.NtAtomic:
		end := -1
		if !m.seq(n.Children, pos, func(e int) bool { end = e; return true }) {
			return false
		}
		return next(end)
	case syntax.NtPosLook, syntax.NtNegLook:
		found := m.seq(n.Children, pos, func(int) bool { return true })
		if found != (n.T == syntax.NtPosLook) {
			return false
		}
		return next(pos)
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop:
		e := m.loop(n, pos)
		for ; e >= pos+n.M; e-- {
			if next(e) {
				return true
			}
		}
		return false
	case syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
		e := m.loop(n, pos)
		return e >= pos+n.M && next(e)
	}
	e, ok := m.one(n, pos)
	return ok && next(e)
}

// loop is where a loop of one character ends when it takes all it can.
func (m matcher) loop(n *syntax.RegexNode, pos int) int {
	max := len(m.text) - pos
	if n.N >= 0 && n.N < max {
		max = n.N
	}
	e := pos
	for e-pos < max && m.char(n, m.text[e]) {
		e++
	}
	return e
}

// char reports whether a loop's character, set or negation takes ch.
func (matcher) char(n *syntax.RegexNode, ch rune) bool {
	switch n.T {
	case syntax.NtOneloop, syntax.NtOneloopatomic:
		return ch == n.Ch
	case syntax.NtNotoneloop, syntax.NtNotoneloopatomic:
		return ch != n.Ch
	}
	return n.Set.CharIn(ch)
}

// one matches a node that takes a fixed number of characters, or none.
func (m matcher) one(n *syntax.RegexNode, pos int) (int, bool) {
	t := m.text
	switch n.T {
	case syntax.NtOne:
		return pos + 1, pos < len(t) && t[pos] == n.Ch
	case syntax.NtNotone:
		return pos + 1, pos < len(t) && t[pos] != n.Ch
	case syntax.NtSet:
		return pos + 1, pos < len(t) && n.Set.CharIn(t[pos])
	case syntax.NtMulti:
		if len(t)-pos < len(n.Str) {
			return 0, false
		}
		for i, r := range n.Str {
			if t[pos+i] != r {
				return 0, false
			}
		}
		return pos + len(n.Str), true
	case syntax.NtBol:
		return pos, pos == 0 || t[pos-1] == '\n'
	case syntax.NtEol:
		return pos, pos == len(t) || t[pos] == '\n'
	case syntax.NtBoundary:
		return pos, m.boundary(pos)
	case syntax.NtNonboundary:
		return pos, !m.boundary(pos)
	case syntax.NtBeginning:
		return pos, pos == 0
	case syntax.NtEndZ:
		return pos, pos == len(t) || (pos == len(t)-1 && t[pos] == '\n')
	case syntax.NtEnd:
		return pos, pos == len(t)
	case syntax.NtEmpty:
		return pos, true
	}
	return 0, false // NtNothing
}

// boundary is regexp2's \b: a word character on one side only.
func (m matcher) boundary(pos int) bool {
	t := m.text
	return (pos > 0 && syntax.IsWordChar(t[pos-1])) != (pos < len(t) && syntax.IsWordChar(t[pos]))
}
