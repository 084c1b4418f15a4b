package lex

import (
	"sort"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
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
	rules, withFast, tries := 0, 0, 0
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
				if !idx.direct[i] {
					continue
				}
				rules++
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
					}
				}
			}
		}
	}
	t.Logf("%d of %d rules that emit one token type have a fast matcher; %d positions tried", withFast, rules, tries)
	if withFast < rules/2 {
		t.Errorf("only %d of %d direct rules have a fast matcher", withFast, rules)
	}
}
