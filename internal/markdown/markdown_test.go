package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Each testdata/*.txtar holds in.md and the expected out.html; with
// -update the expected output is rewritten from what the renderer does.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	r := New()
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in []byte
			outIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "in.md":
					in = f.Data
				case "out.html":
					outIdx = i
				}
			}
			var log []string
			res, err := r.Render(in, func(dest string, line int, image bool) string {
				log = append(log, fmt.Sprintf("%d %v %s", line, image, dest))
				return dest
			})
			if err != nil {
				t.Fatal(err)
			}
			got := string(res.HTML)
			if len(log) > 0 {
				got += "<!-- links\n" + strings.Join(log, "\n") + "\n-->\n"
			}
			if toc := TOC(res.Headings); toc != "" {
				got += "<!-- toc -->\n" + string(toc) + "\n"
			}
			if !strings.HasSuffix(got, "\n") {
				got += "\n"
			}
			if *update {
				if outIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "out.html"})
					outIdx = len(ar.Files) - 1
				}
				ar.Files[outIdx].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if outIdx < 0 {
				t.Fatal("no out.html; run go test -update")
			}
			if want := string(ar.Files[outIdx].Data); got != want {
				t.Errorf("output differs (run go test -update to accept):\n%s", diffLines(want, got))
			}
		})
	}
}

// diffLines shows the lines that differ, marked - (want) and + (got).
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, a, c)
		}
	}
	return b.String()
}

func TestHeadingIDs(t *testing.T) {
	res, err := New().Render([]byte("## 快速支付\n\n## Итоги встречи\n\n## Итоги встречи\n\n## Hello, World!\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Headings {
		got = append(got, h.ID)
	}
	want := "快速支付 итоги-встречи итоги-встречи-1 hello-world"
	if strings.Join(got, " ") != want {
		t.Errorf("ids %q, want %q", got, want)
	}
	if !strings.Contains(res.HTML, `<h2 id="快速支付">`) {
		t.Errorf("html %s", res.HTML)
	}
}

func TestManyEqualHeadingsStayUnique(t *testing.T) {
	src := strings.Repeat("## Same\n\n", 5000)
	res, err := New().Render([]byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range res.Headings {
		if seen[h.ID] {
			t.Fatalf("duplicate id %s", h.ID)
		}
		seen[h.ID] = true
	}
	if len(seen) != 5000 {
		t.Errorf("%d ids", len(seen))
	}
}

func TestUnsafe(t *testing.T) {
	src := []byte("<div class=x>hi</div>\n")
	safe, _ := New().Render(src, nil)
	if strings.Contains(safe.HTML, "<div") {
		t.Errorf("raw HTML passed by default: %s", safe.HTML)
	}
	unsafe, _ := New(WithUnsafe(true)).Render(src, nil)
	if !strings.Contains(unsafe.HTML, "<div class=x>") {
		t.Errorf("raw HTML dropped with unsafe: %s", unsafe.HTML)
	}
}

func TestInline(t *testing.T) {
	if got := New().Inline("*a* b"); got != "<em>a</em> b" {
		t.Errorf("got %q", got)
	}
}

func TestSummaryAndWords(t *testing.T) {
	res, _ := New().Render([]byte("# T\n\nOne two three 快速支付.\n\nMore words here.\n"), nil)
	if res.Summary != "One two three 快速支付." {
		t.Errorf("summary %q", res.Summary)
	}
	if res.WordCount != 1+3+4+3 {
		t.Errorf("words %d", res.WordCount)
	}
}

func TestStyleSheet(t *testing.T) {
	css, err := StyleSheet("github", "github-dark")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(css, []byte(".chroma")) || !bytes.Contains(css, []byte("prefers-color-scheme: dark")) {
		t.Errorf("css %s", css[:200])
	}
	if _, err := StyleSheet("nope", "github-dark"); err == nil {
		t.Error("unknown style accepted")
	}
}

// The word counter's ASCII fast path counts as the plain rune loop does,
// on every script and on bytes that are not UTF-8.
func TestWordCounterFastPath(t *testing.T) {
	slow := func(b []byte) int {
		n, in := 0, false
		for _, r := range string(b) {
			switch {
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
				n, in = n+1, false
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if !in {
					n++
				}
				in = true
			default:
				in = false
			}
		}
		return n
	}
	cases := []string{"", "one two  three", "Zz09 _x", "итоги встречи 2016", "中俄网络媒体论坛", "ひらがな カタカナ 한국어",
		"mixed中文words и слова", "\xff\xfe bad \xc3", "tab\tnew\nline", "émigré naïve"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ9 _-.\n\tжЯ中ひカ한é\uFFFD")
	for i := 0; i < 2000; i++ {
		var b []byte
		for j := r.IntN(30); j > 0; j-- {
			if r.IntN(10) == 0 {
				b = append(b, byte(r.IntN(256)))
			} else {
				b = utf8.AppendRune(b, alphabet[r.IntN(len(alphabet))])
			}
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		var w wordCounter
		w.add([]byte(c))
		if want := slow([]byte(c)); w.Words != want {
			t.Errorf("%q: %d words, want %d", c, w.Words, want)
		}
	}
}

// A summary stops after 70 words, not 70 letters.
func TestSummaryKeepsSeventyWords(t *testing.T) {
	words := strings.Repeat("word ", 100)
	res, _ := New().Render([]byte(words+"\n"), nil)
	if got := len(strings.Fields(strings.TrimSuffix(res.Summary, "…"))); got != summaryWords || !strings.HasSuffix(res.Summary, "…") {
		t.Errorf("summary of %d words (%q), want %d and an ellipsis", got, res.Summary, summaryWords)
	}
	short := "Six short words are kept whole."
	if res, _ := New().Render([]byte(short+"\n"), nil); res.Summary != short {
		t.Errorf("summary %q, want %q", res.Summary, short)
	}
}

// TestLoopingLexerEnds: chroma's Jungle lexer never returns on a line that
// starts with a quote; a page with such a block must still build, with
// the code shown.
func TestLoopingLexerEnds(t *testing.T) {
	res, err := New().Render([]byte("```jungle\n\"project.manifest = manifest.xml\n```\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, "project.manifest = manifest.xml") {
		t.Errorf("code missing: %s", res.HTML)
	}
}

// Words are counted by script: Cyrillic words and CJK characters apart,
// for reading times that count each at its own rate.
func TestCountsByScript(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Counts
	}{
		{"one two three", Counts{Words: 3}},
		{"итоги встречи 2016", Counts{Words: 3, Cyrillic: 2}},
		{"中俄网络媒体论坛", Counts{Words: 8, CJK: 8}},
		{"WeChat 微信 и слова", Counts{Words: 5, Cyrillic: 2, CJK: 2}},
		{"код\n\n```\nне считается\n```\n", Counts{Words: 1, Cyrillic: 1}}, // code blocks are not read
	} {
		res, err := New().Render([]byte(tc.text), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Counts != tc.want || res.WordCount != tc.want.Words {
			t.Errorf("%q: %+v (%d words), want %+v", tc.text, res.Counts, res.WordCount, tc.want)
		}
	}
}

// A Chinese summary ends at the last sentence end within its budget, not
// in the middle of a sentence; without one it is cut as other text is.
func TestSummaryCutsChineseAtSentenceEnd(t *testing.T) {
	first := strings.Repeat("字", 30) + "。"
	second := strings.Repeat("文", 25) + "！"
	third := strings.Repeat("句", 30) + "？"
	res, _ := New().Render([]byte(first+second+third+"\n"), nil)
	if res.Summary != first+second {
		t.Errorf("summary %q, want the first two sentences", res.Summary)
	}
	long := strings.Repeat("长", 100)
	res, _ = New().Render([]byte(long+"\n"), nil)
	if res.Summary != strings.Repeat("长", summaryWords)+"…" {
		t.Errorf("summary of one long sentence %q", res.Summary)
	}
}
