package lex

import (
	"sort"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
)

// mixed is text with a little of everything rules look at: words, digits,
// Unicode letters and marks, spaces, newlines, quotes, punctuation.
const mixed = "func main() {\n\tx := 0x1F + 3.14e-2 // note\n  if (a <= b && c != 'd') { return \"s\\\"t\" }\n}\n" +
	"# héllo wörld 日本語 Привет _x9 $y @z ~`!%^&*-=+[]\\|;:,.<>/?\r\n\n  \t\n<!-- x --> /* y */ '''z''' ${v} #{w}"

// The fast matcher gives regexp2's answer, match or not and length, for
// every rule that has one, of every lexer with samples, at every position
// of a sample and of a mixed text.
func TestFastSameAsRegexp2(t *testing.T) {
	samples := chromaSamples(t)
	names := make([]string, 0, len(samples))
	for name := range samples {
		names = append(names, name)
	}
	sort.Strings(names)
	rules, withFast, tries, grouped := 0, 0, 0, 0
	var fm matcher
	for _, name := range names {
		rl, ok := lexers.Get(name).(*chroma.RegexLexer)
		if !ok {
			continue
		}
		l, err := compile(rl, lexers.GlobalLexerRegistry)
		if err != nil {
			continue
		}
		text := []rune(samples[name][0])
		if len(text) > 3000 {
			text = text[:3000]
		}
		texts := [][]rune{text, []rune(mixed)}
		for state, idx := range l.index {
			for i, f := range idx.fast {
				if idx.direct[i] || f != nil {
					rules++
				}
				if f == nil {
					continue
				}
				withFast++
				re := idx.rules[i].Regexp
				for _, text := range texts {
					for pos := 0; pos < len(text); pos++ {
						tries++
						n, ok := fm.match(f, text, pos)
						m, err := re.FindRunesMatchStartingAt(text, pos)
						wantOK := err == nil && m != nil && m.RuneIndex == pos
						if ok != wantOK || ok && n != m.RuneLength {
							want := -1
							if wantOK {
								want = m.RuneLength
							}
							t.Fatalf("%s state %s rule %d %q at %d: fast %v %d, regexp2 %d", name, state, i, idx.rules[i].Pattern, pos, ok, n, want)
						}
						if ok && !idx.direct[i] {
							if got, want := fastGroups(&fm, text, pos, n, idx.groups[i]), regexp2Groups(text, m); got != want {
								t.Fatalf("%s state %s rule %d %q at %d: groups %q, regexp2 %q", name, state, i, idx.rules[i].Pattern, pos, got, want)
							}
							grouped++
						}
					}
				}
			}
		}
	}
	t.Logf("%d of %d rules that emit one token type or read groups by number have a fast matcher; %d positions tried, %d matches' groups compared", withFast, rules, tries, grouped)
	if withFast < rules/2 || grouped == 0 {
		t.Errorf("only %d of %d rules have a fast matcher, %d matches' groups compared", withFast, rules, grouped)
	}
}

// fastGroups and regexp2Groups give a match's groups as one string to
// compare.
func fastGroups(m *matcher, text []rune, pos, n, count int) string {
	out := []string{string(text[pos : pos+n])}
	for k := 1; k < count; k++ {
		s := ""
		if start, end, ok := m.group(k); ok {
			s = string(text[start:end])
		}
		out = append(out, s)
	}
	return strings.Join(out, "\x00")
}

func regexp2Groups(text []rune, m *regexp2.Match) string {
	var out []string
	for _, g := range m.Groups() {
		out = append(out, string(text[g.RuneIndex:g.RuneIndex+g.RuneLength]))
	}
	return strings.Join(out, "\x00")
}

// Groups set on a path that fails are unset again, as in regexp2.
func TestFastGroupsBacktrack(t *testing.T) {
	var fm matcher
	for _, tc := range []struct{ pattern, text string }{
		{`(?:(a)x|ab)`, "ab"},
		{`(a)?(a)b`, "ab"},
		{`(\w+)(\d)`, "abc1"},
		{`(?:(x)|(y))+?z`, "yz"},
		{`(a|ab)(c|bcd)(d*)`, "abcd"},
		{`([a-z]+)\s*(=)?`, "key = 1"},
	} {
		re, a, err := compileRule(tc.pattern, "m")
		if err != nil {
			t.Fatal(err)
		}
		if a.fast == nil {
			continue // a pattern the matcher leaves to regexp2
		}
		text := []rune(tc.text)
		for pos := range text {
			n, ok := fm.match(a.fast, text, pos)
			m, _ := re.FindRunesMatchStartingAt(text, pos)
			wantOK := m != nil && m.RuneIndex == pos
			if ok != wantOK {
				t.Fatalf("%q on %q at %d: fast %v, regexp2 %v", tc.pattern, tc.text, pos, ok, wantOK)
			}
			if !ok {
				continue
			}
			if got, want := fastGroups(&fm, text, pos, n, a.fast.groups), regexp2Groups(text, m); got != want {
				t.Errorf("%q on %q at %d: groups %q, regexp2 %q", tc.pattern, tc.text, pos, got, want)
			}
		}
	}
}
