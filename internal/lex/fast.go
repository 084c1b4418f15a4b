package lex

import (
	"math"

	"github.com/dlclark/regexp2/v2/syntax"
)

// A fast matcher matches a rule's pattern at a position without regexp2,
// for the patterns made only of what it knows: characters, sets, strings,
// loops of one character, alternatives, groups, anchors and lookaheads.
// Most tokens of most lexers come from such rules (spaces, names,
// punctuation, keywords), and each regexp2 match allocates a record of
// about 500 bytes: the largest share of a big build's garbage.
//
// It is built from regexp2's own parse tree, after regexp2's
// simplifications, and backtracks as regexp2 does: the first alternative,
// and the longest loop, that lets the rest of the pattern match. It
// records where each group starts and ends, for rules whose emitter reads
// the groups by number. TestFastSameAsRegexp2 holds it to regexp2's answer
// (the match, its length and its groups) for every rule of every lexer at
// every position of chroma's samples.
type fast struct {
	seq    []*node
	groups int  // the pattern's groups, the whole match included
	byNum  bool // groups are numbered densely and none is set inside a lookahead or atomic group
}

// Node types of the matcher's own: where group n starts and ends.
const (
	ntOpen  syntax.NodeType = -100
	ntClose syntax.NodeType = -101
)

// node is a node of regexp2's tree with its children as sequences, made
// once, so that matching allocates nothing.
type node struct {
	t        syntax.NodeType
	ch       rune
	str      []rune
	set      *syntax.CharSet
	min, max int       // a loop's bounds; max -1 for none
	group    int       // the group an ntOpen or ntClose marks
	seq      []*node   // a group's, atomic group's or lookahead's contents
	alts     [][]*node // an alternation's alternatives
}

// compileFast returns a fast matcher for the tree of `\G(?flags)(?:p)`,
// or nil if the pattern uses anything it does not know.
func compileFast(tree *syntax.RegexTree) *fast {
	root := tree.Root
	if root.T != syntax.NtCapture || len(root.Children) != 1 || tree.Options&(syntax.RightToLeft|syntax.ECMAScript|syntax.RE2) != 0 {
		return nil
	}
	ns := children(root.Children[0])
	if len(ns) == 0 || ns[0].T != syntax.NtStart {
		return nil
	}
	// Numbered densely, as regexp2's writer decides it: group n is slot n.
	c := converter{byNum: tree.Capnumlist == nil || tree.Captop == len(tree.Capnumlist)}
	seq, ok := c.convert(ns[1:], false)
	if !ok {
		return nil
	}
	return &fast{seq: seq, groups: tree.Captop, byNum: c.byNum}
}

// converter makes the matcher's nodes, and notes whether the groups can be
// read by number.
type converter struct{ byNum bool }

// children is a node as a sequence: a concatenation's parts, or itself.
func children(n *syntax.RegexNode) []*syntax.RegexNode {
	if n.T == syntax.NtConcatenate {
		return n.Children
	}
	return []*syntax.RegexNode{n}
}

// convert makes nodes of a sequence of regexp2's; ok is false if one is
// of a kind the matcher does not know. inner is set inside a lookahead or
// an atomic group, whose groups the matcher does not undo.
func (cv *converter) convert(ns []*syntax.RegexNode, inner bool) (seq []*node, ok bool) {
	for _, n := range ns {
		if n.Options&(syntax.IgnoreCase|syntax.RightToLeft|syntax.ECMAScript) != 0 {
			return nil, false
		}
		c := &node{t: n.T, ch: n.Ch, str: n.Str, set: n.Set, min: n.M, max: n.N}
		switch n.T {
		case syntax.NtOne, syntax.NtNotone, syntax.NtMulti,
			syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtOneloopatomic, syntax.NtNotoneloopatomic,
			syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
			syntax.NtBeginning, syntax.NtEndZ, syntax.NtEnd, syntax.NtEmpty, syntax.NtNothing:
		case syntax.NtSet, syntax.NtSetloop, syntax.NtSetloopatomic:
			if n.Set == nil {
				return nil, false
			}
		case syntax.NtCapture:
			if n.N != -1 { // a balancing group
				return nil, false
			}
			cv.byNum = cv.byNum && !inner
			kids, ok := cv.convert(n.Children, inner)
			if !ok {
				return nil, false
			}
			c.t = syntax.NtGroup
			c.seq = append(append([]*node{{t: ntOpen, group: n.M}}, kids...), &node{t: ntClose, group: n.M})
		case syntax.NtConcatenate, syntax.NtGroup, syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
			look := n.T == syntax.NtAtomic || n.T == syntax.NtPosLook || n.T == syntax.NtNegLook
			if c.seq, ok = cv.convert(n.Children, inner || look); !ok {
				return nil, false
			}
			if n.T == syntax.NtConcatenate {
				c.t = syntax.NtGroup // both only group
			}
		case syntax.NtAlternate:
			for _, a := range n.Children {
				alt, ok := cv.convert(children(a), inner)
				if !ok {
					return nil, false
				}
				c.alts = append(c.alts, alt)
			}
		default:
			return nil, false
		}
		if c.max == math.MaxInt32 {
			c.max = -1
		}
		seq = append(seq, c)
	}
	return seq, true
}

// matcher backtracks over a text. What is left to match after the nodes
// at hand is a stack of sequences (k), kept from match to match, so that
// matching allocates nothing once the stack has grown; so are the groups'
// bounds.
type matcher struct {
	text []rune
	k    [][]*node
	caps []int // start and end of each group, -1 while unset
}

// match reports whether f's pattern matches text at pos, and the length
// of the match; group reads its groups.
func (m *matcher) match(f *fast, text []rune, pos int) (int, bool) {
	m.text, m.k = text, m.k[:0]
	m.caps = m.caps[:0]
	for range 2 * f.groups {
		m.caps = append(m.caps, -1)
	}
	end, ok := m.seq(f.seq, pos)
	return end - pos, ok
}

// group returns the bounds of group n of the last match, ok false if it
// took no part in it.
func (m *matcher) group(n int) (start, end int, ok bool) {
	if 2*n+1 >= len(m.caps) || m.caps[2*n] < 0 || m.caps[2*n+1] < 0 {
		return 0, 0, false
	}
	return m.caps[2*n], m.caps[2*n+1], true
}

// seq matches ns from pos and then what is left, and returns where the
// whole match ends, trying other alternatives and shorter loops while the
// rest fails.
func (m *matcher) seq(ns []*node, pos int) (int, bool) {
	if len(ns) == 0 {
		if len(m.k) == 0 {
			return pos, true
		}
		top := m.k[len(m.k)-1]
		m.k = m.k[:len(m.k)-1]
		end, ok := m.seq(top, pos)
		m.k = append(m.k, top) // as it was, for the caller to try another way
		return end, ok
	}
	n, rest := ns[0], ns[1:]
	switch n.t {
	case ntOpen, ntClose:
		i := 2 * n.group
		if n.t == ntClose {
			i++
		}
		if i >= len(m.caps) { // numbered sparsely: nobody reads it (see fast.byNum)
			return m.seq(rest, pos)
		}
		old := m.caps[i]
		m.caps[i] = pos
		end, ok := m.seq(rest, pos)
		if !ok {
			m.caps[i] = old
		}
		return end, ok
	case syntax.NtGroup:
		return m.then(n.seq, rest, pos)
	case syntax.NtAlternate:
		for _, alt := range n.alts {
			if end, ok := m.then(alt, rest, pos); ok {
				return end, true
			}
		}
		return 0, false
	case syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook: // matched once, never backtracked into
		e, ok := m.alone(n.seq, pos)
		switch {
		case n.t == syntax.NtAtomic && ok:
			return m.seq(rest, e)
		case n.t != syntax.NtAtomic && ok == (n.t == syntax.NtPosLook):
			return m.seq(rest, pos)
		}
		return 0, false
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop:
		for e := m.loop(n, pos); e >= pos+n.min; e-- {
			if end, ok := m.seq(rest, e); ok {
				return end, true
			}
		}
		return 0, false
	case syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
		if e := m.loop(n, pos); e >= pos+n.min {
			return m.seq(rest, e)
		}
		return 0, false
	}
	if e, ok := m.one(n, pos); ok {
		return m.seq(rest, e)
	}
	return 0, false
}

// then matches ns and then rest.
func (m *matcher) then(ns, rest []*node, pos int) (int, bool) {
	m.k = append(m.k, rest)
	end, ok := m.seq(ns, pos)
	m.k = m.k[:len(m.k)-1]
	return end, ok
}

// alone matches ns by itself, with nothing after it.
func (m *matcher) alone(ns []*node, pos int) (int, bool) {
	saved := m.k
	m.k = m.k[len(m.k):]
	end, ok := m.seq(ns, pos)
	m.k = saved
	return end, ok
}

// loop is where a loop of one character ends when it takes all it can.
func (m *matcher) loop(n *node, pos int) int {
	limit := len(m.text) - pos
	if n.max >= 0 && n.max < limit {
		limit = n.max
	}
	e := pos
	for e-pos < limit && n.takes(m.text[e]) {
		e++
	}
	return e
}

// takes reports whether a loop's character, set or negation takes ch.
func (n *node) takes(ch rune) bool {
	switch n.t {
	case syntax.NtOneloop, syntax.NtOneloopatomic:
		return ch == n.ch
	case syntax.NtNotoneloop, syntax.NtNotoneloopatomic:
		return ch != n.ch
	}
	return n.set.CharIn(ch)
}

// one matches a node that takes a fixed number of characters, or none.
func (m *matcher) one(n *node, pos int) (int, bool) {
	t := m.text
	switch n.t {
	case syntax.NtOne:
		return pos + 1, pos < len(t) && t[pos] == n.ch
	case syntax.NtNotone:
		return pos + 1, pos < len(t) && t[pos] != n.ch
	case syntax.NtSet:
		return pos + 1, pos < len(t) && n.set.CharIn(t[pos])
	case syntax.NtMulti:
		if len(t)-pos < len(n.str) {
			return 0, false
		}
		for i, r := range n.str {
			if t[pos+i] != r {
				return 0, false
			}
		}
		return pos + len(n.str), true
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
func (m *matcher) boundary(pos int) bool {
	t := m.text
	return (pos > 0 && syntax.IsWordChar(t[pos-1])) != (pos < len(t) && syntax.IsWordChar(t[pos]))
}
