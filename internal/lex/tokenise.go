package lex

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// Tokenise returns text's tokens, the same as the RegexLexer's Tokenise.
func (l *lexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil {
		options = &chroma.TokeniseOptions{State: "root", EnsureLF: true}
	}
	if options.EnsureLF {
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	}
	added := false
	if !options.Nested && l.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		added = true
	}
	t := &tokeniser{
		lexer: l,
		start: options.State,
		state: chroma.LexerState{
			Lexer:          l.RegexLexer,
			Registry:       l.registry,
			Text:           []rune(text),
			Stack:          []string{options.State},
			Rules:          l.rulesFor(),
			MutatorContext: map[any]any{},
		},
	}
	t.text = newSource(text, t.state.Text)
	t.end = len(t.state.Text)
	if added {
		t.end--
	}
	if l.mutable {
		return l.inTurn(t), nil
	}
	return t.next, nil
}

// inTurn runs t to the end while holding the lexer, and returns its
// tokens (see lexer.mutable).
func (l *lexer) inTurn(t *tokeniser) chroma.Iterator {
	l.mu.Lock()
	defer l.mu.Unlock()
	var toks []chroma.Token
	for tok := t.next(); tok != chroma.EOF; tok = t.next() {
		toks = append(toks, tok)
	}
	return chroma.Literator(toks...)
}

// tokeniser is one run of a lexer over a text. Its LexerState is the one
// chroma's emitters and mutators read and change.
type tokeniser struct {
	lexer   *lexer
	state   chroma.LexerState
	start   string // the first state, to which a stray newline returns
	end     int    // where matching stops: before a newline Tokenise added
	text    source // the runes' text, to take token values from
	pending []chroma.Iterator
	buf     []int
	last    *regexp2.Match // the last non-empty match, to go on from
	fast    matcher        // runs the rules that have a fast matcher
	stillAt int            // position of the last rule that consumed nothing
	still   int            // how many such rules in a row
}

// maxStill is how many rules in a row may match the empty string at one
// position before the lexer is taken to be looping. Some of chroma's
// lexers push and pop states forever on some inputs (Jungle and JSONata
// on a line starting with a quote); chroma then never returns, and a
// build would hang on one code block. Well-formed lexers need a few.
const maxStill = 10000

// next returns the next token, chroma.EOF at the end.
func (t *tokeniser) next() chroma.Token {
	l := &t.state
	for l.Pos < t.end && len(l.Stack) > 0 {
		if tok, ok := t.drain(); ok {
			return tok
		}
		l.State = l.Stack[len(l.Stack)-1]
		rules, ok := l.Rules[l.State]
		if !ok {
			panic("unknown state " + l.State)
		}
		idx := t.index(rules)
		h, ok := t.match(idx, rules)
		if !ok {
			// As in Pygments and chroma: a newline no rule takes ends
			// whatever construct was open, so one error does not colour
			// the rest of the text.
			if l.Text[l.Pos] == '\n' && l.State != t.start {
				l.Stack = []string{t.start}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: t.text.slice(l.Pos-1, l.Pos)}
		}
		if h.n == 0 && t.stalled() {
			return t.giveUp()
		}
		rule := rules[h.rule]
		l.Rule = h.rule
		if tt, ok := rule.Type.(chroma.TokenType); ok && idx != nil && idx.direct[h.rule] {
			if tok, ok := t.direct(tt, rule, h.n); ok {
				return tok
			}
			continue
		}
		l.Groups, l.NamedGroups = t.groups(idx, h.rule, h)
		l.Pos += h.n
		t.mutate(rule)
		if rule.Type != nil {
			t.pending = append(t.pending, rule.Type.Emit(l.Groups, l))
		}
	}
	if tok, ok := t.drain(); ok {
		return tok
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		rest := t.text.slice(l.Pos, len(l.Text))
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: rest}
	}
	return chroma.EOF
}

// direct applies a rule that emits one token type and reads no groups,
// and returns its token unless that is ignored: chroma's group slices and
// iterator are skipped for it.
func (t *tokeniser) direct(tt chroma.TokenType, rule *chroma.CompiledRule, n int) (chroma.Token, bool) {
	l := &t.state
	l.Groups, l.NamedGroups = nil, nil
	start := l.Pos
	l.Pos += n
	t.mutate(rule)
	tok := chroma.Token{Type: tt, Value: t.text.slice(start, start+n)}
	return tok, tt != chroma.Ignore && tok != chroma.EOF
}

// mutate applies the rule's mutator, as chroma does: an error is a bug in
// the lexer, and chroma panics on it too.
func (t *tokeniser) mutate(rule *chroma.CompiledRule) {
	if rule.Mutator != nil {
		if err := rule.Mutator.Mutate(&t.state); err != nil {
			panic(err)
		}
	}
}

// stalled counts an empty match and reports whether there have been too
// many in a row at this position.
func (t *tokeniser) stalled() bool {
	if t.state.Pos != t.stillAt {
		t.stillAt, t.still = t.state.Pos, 0
	}
	t.still++
	return t.still > maxStill
}

// giveUp ends a looping lexer: the rest of the text becomes one error
// token, which the formatter shows unhighlighted.
func (t *tokeniser) giveUp() chroma.Token {
	l := &t.state
	t.lexer.stalls.Add(1)
	rest := t.text.slice(l.Pos, t.end)
	l.Pos, l.Stack, t.pending = len(l.Text), nil, nil
	return chroma.Token{Type: chroma.Error, Value: rest}
}

// drain returns the next token of the emitted iterators, newest first.
func (t *tokeniser) drain() (chroma.Token, bool) {
	for len(t.pending) > 0 {
		n := len(t.pending) - 1
		tok := t.pending[n]()
		switch {
		case tok.Type == chroma.Ignore:
		case tok == chroma.EOF:
			t.pending = t.pending[:n]
		default:
			return tok, true
		}
	}
	return chroma.Token{}, false
}

// hit is a rule that matched at the position.
type hit struct {
	rule int
	n    int            // runes matched
	m    *regexp2.Match // nil when a fast matcher matched
}

// match tries, in order, the rules that can start with the character at
// the position, and returns the first that matches there.
func (t *tokeniser) match(idx *stateIndex, rules []*chroma.CompiledRule) (hit, bool) {
	l := &t.state
	for _, i := range t.candidates(idx, len(rules)) {
		if idx != nil && idx.fast[i] != nil {
			if n, ok := t.fast.match(idx.fast[i], l.Text, l.Pos); ok {
				return hit{i, n, nil}, true
			}
			continue
		}
		m, err := t.find(rules[i].Regexp)
		if m == nil || err != nil || m.RuneIndex != l.Pos {
			continue
		}
		if m.RuneLength > 0 {
			t.last = m
		}
		return hit{i, m.RuneLength, m}, true
	}
	return hit{}, false
}

// find runs re at the position. regexp2 allocates a record of the text
// for every search that starts from a rune slice, but FindNextMatch
// reuses the one of an earlier match; the last non-empty match ends where
// the next token starts unless an error token or a mutator moved the
// position, so most tries go on from it.
func (t *tokeniser) find(re *regexp2.Regexp) (*regexp2.Match, error) {
	l := &t.state
	if m := t.last; m != nil && m.RuneIndex+m.RuneLength == l.Pos && t.text.same(l.Text) {
		return re.FindNextMatch(m)
	}
	return re.FindRunesMatchStartingAt(l.Text, l.Pos)
}

// index returns the current state's index, or nil if a mutator has
// changed the state's rules while tokenising (Raku's lexer replaces its
// first and last rules to follow the delimiters it meets). Only a mutable
// lexer's rules can change, so only its rules are compared.
func (t *tokeniser) index(rules []*chroma.CompiledRule) *stateIndex {
	idx := t.lexer.index[t.state.State]
	if idx == nil || len(idx.rules) != len(rules) {
		return nil
	}
	if !t.lexer.mutable {
		return idx
	}
	for i, r := range rules {
		if idx.rules[i] != r {
			return nil
		}
	}
	return idx
}

// groups returns the groups of a match of rule i at the position, and the
// named groups if the rule may read them (nil otherwise).
func (t *tokeniser) groups(idx *stateIndex, i int, h hit) ([]string, map[string]string) {
	pos := t.state.Pos
	if idx != nil && idx.groups[i] == 1 && !idx.named[i] {
		return []string{t.text.slice(pos, pos+h.n)}, nil
	}
	if h.m == nil { // a fast match (see stateIndex.fast)
		groups := make([]string, idx.groups[i])
		groups[0] = t.text.slice(pos, pos+h.n)
		for k := 1; k < len(groups); k++ {
			if start, end, ok := t.fast.group(k); ok {
				groups[k] = t.text.slice(start, end)
			}
		}
		return groups, nil
	}
	m := h.m
	gs := m.Groups()
	groups := make([]string, len(gs))
	for k, g := range gs {
		groups[k] = t.text.slice(g.RuneIndex, g.RuneIndex+g.RuneLength)
	}
	if idx != nil && !idx.named[i] {
		return groups, nil
	}
	named := make(map[string]string, len(gs))
	for k, g := range gs {
		named[g.Name] = groups[k]
	}
	return groups, named
}

// candidates returns the numbers of the n rules of the current state worth
// trying at the position, in order: all of them when there is no index.
func (t *tokeniser) candidates(idx *stateIndex, n int) []int {
	ch := t.state.Text[t.state.Pos]
	if idx != nil && ch >= 0 && ch < 128 {
		return idx.ascii[ch]
	}
	t.buf = t.buf[:0]
	for i := range n {
		if idx == nil || canStart(idx.first[i], ch) {
			t.buf = append(t.buf, i)
		}
	}
	return t.buf
}
