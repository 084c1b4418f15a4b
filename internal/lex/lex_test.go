package lex

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/sitegen/sitegen/internal/lex/lextest"
)

func chromaSamples(t testing.TB) map[string][]string { return lextest.ChromaSamples(t) }

// variants are a sample and pieces of it: cuts leave strings and comments
// open, the CRLF form exercises EnsureLF, the last line without its
// newline exercises EnsureNL.
func variants(s string) map[string]string {
	r := []rune(s)
	if len(r) > 20000 {
		// One sample (OpenEdge ABL) is 150 KB; a part tests as much.
		r = r[:20000]
		s = string(r)
	}
	v := map[string]string{
		"whole":        s,
		"crlf":         strings.ReplaceAll(s, "\n", "\r\n"),
		"no final NL":  strings.TrimRight(s, "\n"),
		"reversed":     reverseLines(s),
		"empty":        "",
		"one newline":  "\n",
		"non-ASCII":    "«¡Ünïcödé!» 中文 кириллица " + s,
		"lone quote":   "\"" + s,
		"lone bracket": "(" + s,
	}
	for _, f := range []int{3, 2} {
		v[fmt.Sprintf("first 1/%d", f)] = string(r[:len(r)/f])
		v[fmt.Sprintf("last 1/%d", f)] = string(r[len(r)-len(r)/f:])
	}
	return v
}

func reverseLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return strings.Join(lines, "\n")
}

// tokens runs l over text and returns its tokens, or the panic it raised.
func tokens(l chroma.Lexer, text string) (toks []chroma.Token, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		return nil, err
	}
	return it.Tokens(), nil
}

// TestSameTokensAsChroma: for every lexer with a sample in chroma's test
// data, the indexed lexer gives exactly chroma's tokens, on the sample
// and on pieces of it.
func TestSameTokensAsChroma(t *testing.T) {
	var c Cache
	compiled, regex := 0, 0
	var looping []string
	for name, texts := range chromaSamples(t) {
		slow := lexers.Get(name)
		if slow == nil {
			continue
		}
		fast := c.Lexer(slow)
		if _, ok := slow.(*chroma.RegexLexer); ok {
			regex++
			if fast != slow {
				compiled++
			}
		}
		start := time.Now()
		for k, text := range texts {
			for vname, v := range variants(text) {
				stalls := stallsOf(fast)
				got, gerr := tokens(fast, v)
				if stallsOf(fast) != stalls {
					// chroma itself would never return on this input.
					looping = append(looping, name+" "+vname)
					continue
				}
				if d := chromaDiffers(slow, v, got, gerr); d != "" {
					t.Errorf("%s sample %d %s: %s", name, k, vname, d)
				}
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Logf("%s: %v", name, d)
		}
	}
	t.Logf("%d of %d regex lexers with samples compiled", compiled, regex)
	sort.Strings(looping)
	t.Logf("inputs on which chroma's lexer loops: %q", looping)
	// A lexer left to chroma is still right, but not faster; nearly all
	// should compile.
	if compiled < regex*9/10 {
		t.Errorf("only %d of %d regex lexers compiled", compiled, regex)
	}
}

// chromaDiffers tokenizes text with chroma's own lexer and describes the
// first difference from got (and gerr), or returns "". chroma gives each
// regexp match 250 ms of wall-clock time and reads a timeout as no match,
// so on a machine loaded to a load average of 20 its output can change
// from run to run; ours has 10 s. A difference counts only if chroma
// gives it three times in a row.
func chromaDiffers(slow chroma.Lexer, text string, got []chroma.Token, gerr error) string {
	d := ""
	for range 3 {
		want, werr := tokens(slow, text)
		switch {
		case fmt.Sprint(werr) != fmt.Sprint(gerr):
			d = fmt.Sprintf("error %v, chroma %v", gerr, werr)
		default:
			d = firstDifference(got, want)
		}
		if d == "" {
			return ""
		}
	}
	return d
}

func stallsOf(l chroma.Lexer) int64 {
	if f, ok := l.(*lexer); ok {
		return f.stalls.Load()
	}
	return 0
}

// TestLoopingLexerEnds: on a line that starts with a quote, chroma's
// Jungle lexer pushes and pops states forever without consuming anything.
// The indexed lexer stops, and the text is all there, the rest of it as
// one error token.
func TestLoopingLexerEnds(t *testing.T) {
	var c Cache
	l := c.Lexer(lexers.Get("jungle"))
	if _, ok := l.(*lexer); !ok {
		t.Fatalf("jungle not compiled: %T", l)
	}
	text := "base = x\n\"project.manifest = manifest.xml\n"
	toks, err := tokens(l, text)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, tok := range toks {
		all.WriteString(tok.Value)
	}
	if all.String() != text {
		t.Errorf("tokens spell %q, want %q", all.String(), text)
	}
	last := toks[len(toks)-1]
	if stallsOf(l) != 1 || last.Type != chroma.Error || !strings.HasPrefix(last.Value, "\"project") {
		t.Errorf("stalls %d, last token %v; want one stall and the rest as an error", stallsOf(l), last)
	}
}

func firstDifference(got, want []chroma.Token) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("token %d is %v, chroma gives %v", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d tokens, chroma gives %d", len(got), len(want))
	}
	return ""
}

// BenchmarkTokenise compares chroma's driver with the indexed one on
// chroma's samples for the languages of the benchmark corpus.
func BenchmarkTokenise(b *testing.B) {
	samples := chromaSamples(b)
	var c Cache
	for _, name := range []string{"go", "python", "yaml", "javascript"} {
		slow := lexers.Get(name)
		for _, driver := range []struct {
			name string
			l    chroma.Lexer
		}{{"chroma", slow}, {"indexed", c.Lexer(slow)}} {
			b.Run(name+"/"+driver.name, func(b *testing.B) {
				for b.Loop() {
					for _, text := range samples[name] {
						if _, err := tokens(driver.l, text); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// TestConcurrentUse: one Cache and its lexers serve many goroutines at
// once (the build renders pages in parallel); run with -race to check.
func TestConcurrentUse(t *testing.T) {
	samples := chromaSamples(t)
	var c Cache
	// Raku's lexer changes its rules while tokenising (see lexer.mutable).
	names := []string{"go", "python", "yaml", "javascript", "php", "typescript", "raku"}
	want := map[string][]chroma.Token{}
	for _, name := range names {
		toks, err := tokens(lexers.Get(name), samples[name][0])
		if err != nil {
			t.Fatal(err)
		}
		want[name] = toks
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(names))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range names {
				name := names[(g+k)%len(names)]
				got, err := tokens(c.Lexer(lexers.Get(name)), samples[name][0])
				if d := firstDifference(got, want[name]); err != nil || d != "" {
					// Ask chroma again before blaming the Cache: see chromaDiffers.
					if d := chromaDiffers(lexers.Get(name), samples[name][0], got, err); d != "" {
						errs <- fmt.Sprintf("%s: %v %s", name, err, d)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
