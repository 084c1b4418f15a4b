package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	benchtemplates "github.com/sitegen/sitegen/bench/templates"
)

// bench/gencorpus is a command (package main) and cannot be imported, so the
// benchmark writes a corpus of the same shape itself: five sections, pages
// with title, date and tags, paragraphs in three scripts, headings, a list,
// a table, a fenced code block and links to other pages; the templates and
// config are bench/templates' sitegen set.

var benchSections = []string{"news", "guides", "reports", "events", "people"}

var benchWords = strings.Fields(`forum media internet cooperation delegation
journalists platform payment messaging partnership exchange audience digital
report session panel speech agreement technology network users growth`)

var benchRu = strings.Fields(`форум сотрудничество интернет журналисты
платформа делегация обмен аудитория встреча технологии развитие`)

func benchPath(i int) (section, name string) {
	return benchSections[i%len(benchSections)], fmt.Sprintf("page-%05d", i)
}

// writeCorpus writes an n-page site into dir.
func writeCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	sub, err := fs.Sub(benchtemplates.FS, "sitegen")
	if err != nil {
		tb.Fatal(err)
	}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(p)), data)
	})
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string]string{"content/_index.md": "---\ntitle: Bench\n---\nThe benchmark corpus.\n"}
	for _, s := range benchSections {
		files["content/"+s+"/_index.md"] = "---\ntitle: " + strings.ToUpper(s[:1]) + s[1:] + "\n---\n"
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := func(list []string, k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = list[r.IntN(len(list))]
		}
		return strings.Join(out, " ")
	}
	for i := 1; i <= n; i++ {
		sec, name := benchPath(i)
		var b strings.Builder
		date := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(4*365*24)) * time.Hour)
		fmt.Fprintf(&b, "---\ntitle: \"%s %05d\"\ndate: %s\ntags: [%s, %s]\n---\n\n",
			words(benchWords, 2), i, date.Format(time.RFC3339), words(benchWords, 1), words(benchWords, 1))
		for k := 0; k < 3; k++ {
			j := 1 + r.IntN(n)
			jsec, jname := benchPath(j)
			fmt.Fprintf(&b, "%s [%s](/%s/%s/) %s. %s.\n\n", words(benchWords, 40), words(benchWords, 2), jsec, jname,
				words(benchWords, 30), words(benchRu, 25))
			fmt.Fprintf(&b, "## %s %d\n\n", words(benchWords, 3), k)
			fmt.Fprintf(&b, "中俄网络媒体论坛在广州举行，双方就互联网合作进行了交流。%s\n\n", words(benchWords, 20))
		}
		b.WriteString("- one item\n- two *items*\n- three `items`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n")
		fmt.Fprintf(&b, "```go\nfunc page%d() int {\n\treturn %d // %s\n}\n```\n\n", i, i, words(benchWords, 3))
		j := 1 + r.IntN(n)
		jsec, jname := benchPath(j)
		rel := "../" + jsec + "/" + jname + ".md"
		fmt.Fprintf(&b, "See also [the other page](%s).\n", rel)
		files["content/"+sec+"/"+name+".md"] = b.String()
	}
	for p, text := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(text)); err != nil {
			tb.Fatal(err)
		}
	}
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// BenchmarkBuild1000 builds a 1,000-page site per iteration; pages/s counts
// the regular pages.
func BenchmarkBuild1000(b *testing.B) {
	const n = 1000
	src := b.TempDir()
	writeCorpus(b, src, n)
	dest := filepath.Join(b.TempDir(), "public")
	o := Options{Source: src, Destination: dest, Now: fixtureNow}
	// One build outside the timer checks the corpus and warms the caches.
	st, err := Build(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	if st.Pages["en"] < n {
		b.Fatalf("built %d pages, want at least %d", st.Pages["en"], n)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(context.Background(), o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestBenchCorpus keeps the benchmark's corpus buildable (a small one).
func TestBenchCorpus(t *testing.T) {
	src := t.TempDir()
	writeCorpus(t, src, 30)
	st, err := Build(context.Background(), Options{Source: src, Destination: filepath.Join(t.TempDir(), "p"), Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages["en"] < 30 {
		t.Errorf("pages: %v", st.Pages)
	}
}

// BenchmarkRebuildOnePage times what serve does after a save: an
// incremental build of one edited page, as a difference in memory, on
// 1,000- and 10,000-page sites. The edit appends a sentence at the end, as
// bench/servelat's does.
func BenchmarkRebuildOnePage(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) { benchRebuild(b, n, appendSentence) })
	}
}

// BenchmarkRebuildTitle is BenchmarkRebuildOnePage with the edit in the
// front matter (bench/servelat -edit title): the model is built again and
// every list that shows the page is written again.
func BenchmarkRebuildTitle(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) { benchRebuild(b, n, retitle) })
	}
}

func appendSentence(orig []byte, i int) []byte {
	return fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i)
}

func retitle(orig []byte, i int) []byte {
	return bytes.Replace(orig, []byte("title: \""), fmt.Appendf(nil, "title: \"Edit %d ", i), 1)
}

func benchRebuild(b *testing.B, n int, edit func(orig []byte, i int) []byte) {
	dir := b.TempDir()
	writeCorpus(b, dir, n)
	bd := NewBuilder(Options{Source: dir, Now: fixtureNow})
	if _, err := bd.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	sec, name := benchPath(7)
	rel := "content/" + sec + "/" + name + ".md"
	orig, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := os.WriteFile(filepath.Join(dir, rel), edit(orig, i), 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := bd.Build(context.Background(), []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Write) == 0 {
			b.Fatal("the edit changed no file")
		}
	}
}

// BenchmarkEqualHeadings times a page of n equal headings, whose ids must
// all be made unique; ns/heading should stay flat as n grows (the
// allocation count is TestEqualHeadingsLinear's).
func BenchmarkEqualHeadings(b *testing.B) {
	for _, n := range []int{2500, 10000} {
		b.Run(fmt.Sprintf("headings=%d", n), func(b *testing.B) {
			src := equalHeadingsSite(b, n)
			dest := filepath.Join(b.TempDir(), "p")
			for b.Loop() {
				if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Force: true}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/heading")
		})
	}
}
