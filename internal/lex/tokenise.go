package lex

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
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
			Rules:          l.rules,
			MutatorContext: map[any]any{},
		},
	}
	t.end = len(t.state.Text)
	if added {
		t.end--
	}
	return t.next, nil
}

// tokeniser is one run of a lexer over a text. Its LexerState is the one
// chroma's emitters and mutators read and change.
type tokeniser struct {
	lexer   *lexer
	state   chroma.LexerState
	start   string // the first state, to which a stray newline returns
	end     int    // where matching stops: before a newline Tokenise added
	pending []chroma.Iterator
	buf     []int
	stillAt int // position of the last rule that consumed nothing
	still   int // how many such rules in a row
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
		i, groups, named := t.match(rules)
		if groups == nil {
			// As in Pygments and chroma: a newline no rule takes ends
			// whatever construct was open, so one error does not colour
			// the rest of the text.
			if l.Text[l.Pos] == '\n' && l.State != t.start {
				l.Stack = []string{t.start}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(l.Text[l.Pos-1 : l.Pos])}
		}
		rule := rules[i]
		l.Rule, l.Groups, l.NamedGroups = i, groups, named
		if groups[0] == "" && t.stalled() {
			return t.giveUp()
		}
		l.Pos += utf8.RuneCountInString(groups[0])
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(l); err != nil {
				panic(err)
			}
		}
		if rule.Type != nil {
			t.pending = append(t.pending, rule.Type.Emit(l.Groups, l))
		}
	}
	if tok, ok := t.drain(); ok {
		return tok
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		rest := string(l.Text[l.Pos:])
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: rest}
	}
	return chroma.EOF
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
	rest := string(l.Text[l.Pos:t.end])
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

// match tries, in order, the rules that can start with the character at
// the position, and returns the first that matches there with its groups
// (nil groups if none does).
func (t *tokeniser) match(rules []*chroma.CompiledRule) (int, []string, map[string]string) {
	l := &t.state
	idx := t.lexer.index[l.State]
	if idx != nil && len(idx.first) != len(rules) {
		idx = nil // a mutator changed the state's rules while tokenising
	}
	for _, i := range t.candidates(idx, len(rules)) {
		m, err := rules[i].Regexp.FindRunesMatchStartingAt(l.Text, l.Pos)
		if m == nil || err != nil || m.RuneIndex != l.Pos {
			continue
		}
		gs := m.Groups()
		groups := make([]string, len(gs))
		for k := range gs {
			groups[k] = gs[k].String()
		}
		var named map[string]string
		if idx == nil || idx.named[i] {
			named = make(map[string]string, len(gs))
			for k, g := range gs {
				named[g.Name] = groups[k]
			}
		}
		return i, groups, named
	}
	return 0, nil, nil
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
