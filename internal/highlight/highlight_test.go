package highlight

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/lex/lextest"
)

// chromaCorpus is chroma's sample inputs (see lextest), each named by its
// lexer and number, in order.
func chromaCorpus(t testing.TB) (files []string, langs, texts map[string]string) {
	t.Helper()
	langs, texts = map[string]string{}, map[string]string{}
	for lang, samples := range lextest.ChromaSamples(t) {
		for i, text := range samples {
			f := fmt.Sprintf("%s/%d", lang, i)
			files = append(files, f)
			langs[f], texts[f] = lang, text
		}
	}
	sort.Strings(files)
	return files, langs, texts
}

func engines(t testing.TB) (lexH, chromaH Highlighter) {
	t.Helper()
	l, err := New(config.EngineLex)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(config.EngineChroma)
	if err != nil {
		t.Fatal(err)
	}
	return l, c
}

func highlightString(t testing.TB, h Highlighter, lang, code string) string {
	t.Helper()
	var b strings.Builder
	if err := h.Highlight(&b, lang, code); err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return b.String()
}

// TestEnginesAgree: lex and chroma write the same bytes for the samples
// (internal/lex's own tests hold them to it on chroma's whole corpus).
func TestEnginesAgree(t *testing.T) {
	l, c := engines(t)
	names, _ := fs.Glob(samples, "samples/*")
	if len(names) < 15 {
		t.Fatalf("only %d samples", len(names))
	}
	for _, name := range names {
		code, _ := fs.ReadFile(samples, name)
		lang, _, _ := strings.Cut(strings.TrimPrefix(name, "samples/"), ".")
		a, b := highlightString(t, l, lang, string(code)), highlightString(t, c, lang, string(code))
		// chroma reads its 250 ms match timeout as no match, so under heavy
		// load its output can change: a difference counts if it repeats.
		for try := 0; a != b && try < 2; try++ {
			b = highlightString(t, c, lang, string(code))
		}
		if a != b {
			t.Errorf("%s: lex wrote\n%s\nchroma wrote\n%s", name, a, b)
		}
		if !strings.HasPrefix(a, `<pre class="chroma"><code>`) {
			t.Errorf("%s: %.60q is not highlighted code", name, a)
		}
	}
}

func TestNewUnknownEngine(t *testing.T) {
	if _, err := New("pygments"); err == nil || !strings.Contains(err.Error(), `"pygments"`) {
		t.Errorf("got %v", err)
	}
}

// TestVersionNamesEngine: the engines write the same samples, so only
// their names tell their cached blocks apart; a version is stable, and a
// language's own samples are in its version.
func TestVersionNamesEngine(t *testing.T) {
	l, c := engines(t)
	lv, cv := l.Version("go"), c.Version("go")
	if lv == cv {
		t.Errorf("both engines are %q", lv)
	}
	if !strings.HasPrefix(lv, config.EngineLex+" ") || !strings.HasPrefix(cv, config.EngineChroma+" ") {
		t.Errorf("versions %q and %q do not start with the engine", lv, cv)
	}
	if strings.Fields(lv)[1] != strings.Fields(cv)[1] {
		t.Errorf("the engines' sample hashes differ: %q, %q", lv, cv)
	}
	if l2, _ := engines(t); l2.Version("go") != lv {
		t.Errorf("version %q, then %q", lv, l2.Version("go"))
	}
	if !strings.HasSuffix(lv, ", "+Modules()) {
		t.Errorf("version %q lacks the module versions", lv)
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"go", "golang", true},               // an alias: the same lexer
		{"nosuch", "no-such-language", true}, // both the fallback
		{"go", "python", false},
		{"go", "nosuch", false},
		{"haskell", "nosuch", true}, // no samples of its own: the formatter's
	} {
		if same := l.Version(tc.a) == l.Version(tc.b); same != tc.same {
			t.Errorf("versions of %s and %s: same %v, want %v", tc.a, tc.b, same, tc.same)
		}
	}
}

// BenchmarkVersion is what a build with a cache spends on naming the
// engine's output for a language whose lexer it has compiled (go test
// -bench Version ./internal/highlight/).
func BenchmarkVersion(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h := Lex()
		if err := h.Highlight(new(strings.Builder), "go", "x := 1"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		h.Version("go")
	}
}

// TestHighlightConcurrent: one engine serves a build's goroutines (run
// under -race by .ci/run).
func TestHighlightConcurrent(t *testing.T) {
	for _, name := range []string{config.EngineLex, config.EngineChroma} {
		h, _ := New(name)
		langs := []string{"go", "python", "nosuch", "yaml", "go"}
		got := make([]string, 2*len(langs))
		var wg sync.WaitGroup
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lang := langs[i%len(langs)]
				got[i] = h.Version(lang) + "\n" + highlightString(t, h, lang, "x = 1 // "+lang)
			}()
		}
		wg.Wait()
		for i := range langs {
			if got[i] != got[i+len(langs)] {
				t.Errorf("%s %s: %q, then %q", name, langs[i], got[i], got[i+len(langs)])
			}
		}
	}
}
