package lex

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// matchTimeout bounds one rule's match; a rule that runs longer counts as
// not matching. Chroma uses 250 ms, but that is wall-clock time: on a
// loaded machine an ordinary match that loses the processor for 250 ms
// times out, and the same page highlights differently from one build to
// the next (seen at load average 20 on 2 cores, in Python samples). A
// limit 40 times longer still ends a runaway pattern, and an ordinary
// match never comes near it, so the output depends on the input alone.
const matchTimeout = 10 * time.Second

// lexer is a RegexLexer's rules compiled with a first-character index.
type lexer struct {
	*chroma.RegexLexer
	registry *chroma.LexerRegistry
	rules    chroma.CompiledRules
	index    map[string]*stateIndex
	stalls   atomic.Int64 // lexings ended because the lexer looped
	// mutable is set when a rule's mutator is a function of the lexer's
	// own, which may change the rules while tokenising (Raku's replaces
	// its first and last rules). Each tokenising then gets its own copy
	// of the rules, so that a block's highlighting does not depend on the
	// blocks before it; and tokenisings take turns (mu), because such a
	// lexer's nested lexing of itself runs chroma's own driver on
	// chroma's shared rules, and blocks highlighted at once would race.
	mutable bool
	mu      sync.Mutex
}

// stateIndex lists, for one state, the rules worth trying at a character.
type stateIndex struct {
	rules  []*chroma.CompiledRule // the rules indexed, to notice a mutator's change
	ascii  [128][]int             // rule numbers, in order, for each ASCII character
	first  []*syntax.Prefix
	named  []bool  // whether a rule's emitter or mutator may read NamedGroups
	direct []bool  // whether a rule emits one token type and reads no groups
	groups []int   // how many groups a rule's pattern has, the whole match included
	fast   []*fast // fast matchers, for rules whose groups are read by number or not at all
}

// canStart reports whether a match whose first characters are p can begin
// with ch; a nil p means regexp2 could not tell (or the rule can match the
// empty string), so the rule is always tried.
func canStart(p *syntax.Prefix, ch rune) bool {
	if p == nil || p.PrefixSet.CharIn(ch) {
		return true
	}
	if p.CaseInsensitive {
		for f := unicode.SimpleFold(ch); f != ch; f = unicode.SimpleFold(f) {
			if p.PrefixSet.CharIn(f) {
				return true
			}
		}
	}
	return false
}

// compile builds the rules of rl as chroma's RegexLexer does and indexes
// them. Any error leaves the lexer to chroma.
func compile(rl *chroma.RegexLexer, registry *chroma.LexerRegistry) (*lexer, error) {
	raw, err := rl.Rules()
	if err != nil {
		return nil, err
	}
	flags := ruleFlags(rl.Config())
	analyses := map[*regexp2.Regexp]analysis{}
	rules := chroma.CompiledRules{}
	for state, list := range raw {
		rules[state] = nil // a state with no rules still exists
		for _, r := range list {
			// Include rules are compiled too, like chroma: a combined
			// rule keeps its pattern and only its mutator is replaced.
			re, a, err := compileRule(r.Pattern, flags)
			if err != nil {
				return nil, fmt.Errorf("%s: state %s: %w", rl.Config().Name, state, err)
			}
			analyses[re] = a
			rules[state] = append(rules[state], &chroma.CompiledRule{Rule: r, Regexp: re})
		}
	}
	if err := applyLexerMutators(rules); err != nil {
		return nil, err
	}
	if err := validateEmitters(rules); err != nil {
		return nil, err
	}
	l := &lexer{RegexLexer: rl, registry: registry, rules: rules, index: map[string]*stateIndex{}}
	for state, list := range rules {
		l.index[state] = indexState(list, analyses)
		for _, r := range list {
			l.mutable = l.mutable || !plainMutator(r.Mutator)
		}
	}
	return l, nil
}

// rulesFor returns the rules one tokenising works on.
func (l *lexer) rulesFor() chroma.CompiledRules {
	if !l.mutable {
		return l.rules
	}
	c := make(chroma.CompiledRules, len(l.rules))
	for state, list := range l.rules {
		c[state] = slices.Clone(list)
	}
	return c
}

// ruleFlags are the inline flags chroma puts before every rule.
func ruleFlags(c *chroma.Config) string {
	flags := ""
	if !c.NotMultiline {
		flags += "m"
	}
	if c.CaseInsensitive {
		flags += "i"
	}
	if c.DotAll {
		flags += "s"
	}
	return flags
}

// analysis is what compile learns of a rule's pattern besides regexp2's
// program: the characters a match can start with, and a fast matcher.
type analysis struct {
	first *syntax.Prefix
	fast  *fast
}

// compileRule compiles a pattern the way chroma does (anchored at the
// position by \G) and analyses it.
func compileRule(pattern, flags string) (*regexp2.Regexp, analysis, error) {
	p := "(?:" + pattern + ")"
	if flags != "" {
		p = "(?" + flags + ")" + p
	}
	p = `\G` + p
	re, err := regexp2.Compile(p)
	if err != nil {
		return nil, analysis{}, err
	}
	re.MatchTimeout = matchTimeout
	tree, err := syntax.Parse(p, syntax.ParseOptions{})
	if err != nil {
		return nil, analysis{}, err
	}
	f := compileFast(tree) // before Write; it copies what it needs of the tree
	code, err := syntax.Write(tree)
	if err != nil {
		return nil, analysis{}, err
	}
	return re, analysis{first: code.FcPrefix, fast: f}, nil
}

// applyLexerMutators expands include and combined rules. Each expansion
// changes the rule lists, so the search starts again after each one, as in
// chroma.
func applyLexerMutators(rules chroma.CompiledRules) error {
	for {
		state, i, m := findLexerMutator(rules)
		if m == nil {
			return nil
		}
		if err := m.MutateLexer(rules, state, i); err != nil {
			return err
		}
	}
}

func findLexerMutator(rules chroma.CompiledRules) (string, int, chroma.LexerMutator) {
	for state, list := range rules {
		for i, r := range list {
			if m, ok := r.Mutator.(chroma.LexerMutator); ok {
				return state, i, m
			}
		}
	}
	return "", 0, nil
}

func validateEmitters(rules chroma.CompiledRules) error {
	for _, list := range rules {
		for _, r := range list {
			if v, ok := r.Type.(chroma.ValidatingEmitter); ok {
				if err := v.ValidateEmitter(r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func indexState(list []*chroma.CompiledRule, analyses map[*regexp2.Regexp]analysis) *stateIndex {
	n := len(list)
	s := &stateIndex{rules: slices.Clone(list), first: make([]*syntax.Prefix, n), named: make([]bool, n),
		direct: make([]bool, n), groups: make([]int, n), fast: make([]*fast, n)}
	for i, r := range list {
		a := analyses[r.Regexp]
		s.first[i] = a.first
		s.named[i] = !plainEmitter(r.Type) || !plainMutator(r.Mutator)
		_, tokenType := r.Type.(chroma.TokenType)
		s.direct[i] = tokenType && plainMutator(r.Mutator)
		s.groups[i] = len(r.Regexp.GetGroupNumbers())
		switch f := a.fast; {
		case f == nil:
		case s.direct[i]: // only the length of the match is read
			s.fast[i] = f
		case f.byNum && !s.named[i] && f.groups == s.groups[i]: // and the groups, by number
			s.fast[i] = f
		}
	}
	for ch := range s.ascii {
		for i, p := range s.first {
			if canStart(p, rune(ch)) {
				s.ascii[ch] = append(s.ascii[ch], i)
			}
		}
	}
	return s
}

// plainEmitter reports whether e is known to read only the groups it is
// given, not the state's NamedGroups: a token type, or groups of those.
// Building NamedGroups is a map per token, so it is skipped for such
// rules; any other emitter (ByGroupNames, functions of a lexer) gets it.
func plainEmitter(e chroma.Emitter) bool {
	switch e := e.(type) {
	case nil, chroma.TokenType:
		return true
	case chroma.SerialisableEmitter:
		if e.EmitterKind() != "bygroups" {
			return false
		}
		v := reflect.ValueOf(e)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return false
		}
		subs, ok := v.Elem().FieldByName("Emitters").Interface().(chroma.Emitters)
		if !ok {
			return false
		}
		for _, sub := range subs {
			if !plainEmitter(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// plainMutator reports whether m only pushes or pops states.
func plainMutator(m chroma.Mutator) bool {
	if m == nil {
		return true
	}
	s, ok := m.(chroma.SerialisableMutator)
	return ok && (s.MutatorKind() == "push" || s.MutatorKind() == "pop")
}
