package build

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
)

// BenchmarkRebuildEdit times the incremental build after each kind of edit
// an editor makes in serve (bench/servelat times the same edits from the
// save to the reload event), on 1,000- and 10,000-page sites. Each
// iteration makes the edit and the next one undoes it, so the site stays
// the same size; both are timed.
//
//	go test ./internal/build/ -run XXX -bench RebuildEdit/pages=10000
func BenchmarkRebuildEdit(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, e := range benchEdits {
			b.Run(fmt.Sprintf("pages=%d/%s", n, e.name), func(b *testing.B) { benchEdit(b, n, e.do, false) })
		}
	}
}

// BenchmarkRebuildEditSearch is BenchmarkRebuildEdit on the corpus with
// its search index on, which the model path keeps (edit_search.go).
//
//	go test ./internal/build/ -run XXX -bench RebuildEditSearch/pages=10000
func BenchmarkRebuildEditSearch(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, e := range benchEdits {
			b.Run(fmt.Sprintf("pages=%d/%s", n, e.name), func(b *testing.B) { benchEdit(b, n, e.do, true) })
		}
	}
}

// editProfile, when set, is where benchEdit writes a CPU profile of the
// edits alone: -cpuprofile's is mostly the corpus written and built.
// Each sub-benchmark's last run writes it again: name one.
//
//	go test ./internal/build -run XXX -bench '^BenchmarkRebuildEdit$/pages=10000/title$' -benchtime 100x -args -editprofile title.out
var editProfile = flag.String("editprofile", "", "write a CPU profile of BenchmarkRebuildEdit's edits alone to this file")

// A bench edit changes the corpus in dir, the i-th time, and returns the
// paths it changed.
type benchEditFunc func(dir string, i int) ([]string, error)

var benchEdits = []struct {
	name string
	do   benchEditFunc
}{
	{"body", rewrite(func(b []byte, i int) []byte { return appendSentence(b, i) })},
	{"title", rewrite(retitle)},
	{"date", rewrite(func(b []byte, i int) []byte {
		return bytes.Replace(b, []byte("date: 201"), fmt.Appendf(nil, "date: %d", 200+i%2), 1)
	})},
	{"tags", rewrite(func(b []byte, i int) []byte {
		return bytes.Replace(b, []byte("tags: ["), fmt.Appendf(nil, "tags: [edit%d, ", i%2), 1)
	})},
	{"weight", rewrite(func(b []byte, i int) []byte {
		return bytes.Replace(b, []byte("---\ntitle"), fmt.Appendf(nil, "---\nweight: %d\ntitle", 1+i%2), 1)
	})},
	{"draft", rewrite(func(b []byte, i int) []byte {
		if i%2 == 1 {
			return b
		}
		return bytes.Replace(b, []byte("---\ntitle"), []byte("---\ndraft: true\ntitle"), 1)
	})},
	{"new-delete", func(dir string, i int) ([]string, error) {
		rel := "content/news/page-new.md"
		if i%2 == 1 {
			return []string{rel}, os.Remove(filepath.Join(dir, rel))
		}
		return []string{rel}, os.WriteFile(filepath.Join(dir, rel), []byte("---\ntitle: \"A new page\"\ndate: 2017-01-01T00:00:00Z\ntags: [forum]\n---\n\nNew.\n"), 0o644)
	}},
	{"template", func(dir string, i int) ([]string, error) {
		rel := "templates/page.html" // every regular page's
		p := filepath.Join(dir, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		from, to := []byte("<article>"), []byte("<article class=\"e\">")
		if i%2 == 1 {
			from, to = to, from
		}
		return []string{rel}, os.WriteFile(p, bytes.Replace(b, from, to, 1), 0o644)
	}},
	{"move", func(dir string, i int) ([]string, error) {
		sec, name := benchPath(7)
		a, b := "content/"+sec+"/"+name+".md", "content/people/"+name+"-moved.md"
		if i%2 == 1 {
			a, b = b, a
		}
		return []string{a, b}, os.Rename(filepath.Join(dir, a), filepath.Join(dir, b))
	}},
}

// rewrite is an edit of page 7's text: edit(orig, i), and the original
// again on the next iteration.
func rewrite(edit func(orig []byte, i int) []byte) benchEditFunc {
	return func(dir string, i int) ([]string, error) {
		sec, name := benchPath(7)
		rel := "content/" + sec + "/" + name + ".md"
		p := filepath.Join(dir, rel)
		keep := filepath.Join(dir, "page-7.orig") // outside the site's folders
		orig, err := os.ReadFile(keep)
		if os.IsNotExist(err) {
			orig, err = os.ReadFile(p)
			if err == nil {
				err = os.WriteFile(keep, orig, 0o644)
			}
		}
		if err != nil {
			return nil, err
		}
		text := orig
		if i%2 == 0 {
			text = edit(orig, i)
		}
		return []string{rel}, os.WriteFile(p, text, 0o644)
	}
}

func benchEdit(b *testing.B, n int, edit benchEditFunc, search bool) {
	dir := b.TempDir()
	writeCorpus(b, dir, n)
	if search {
		f, err := os.OpenFile(filepath.Join(dir, "sitegen.toml"), os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteString("\n[search]\nenabled = true\n")
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	// Moving a page breaks the links to it: warnings, as with --links=warn.
	bd := NewBuilder(Options{Source: dir, Now: fixtureNow, LinksWarn: true})
	if _, err := bd.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	if *editProfile != "" {
		f, err := os.Create(*editProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			b.Fatal(err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		changed, err := edit(dir, i)
		if err != nil {
			b.Fatal(err)
		}
		res, err := bd.Build(context.Background(), changed)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Write)+len(res.Remove) == 0 {
			b.Fatal("the edit changed no file")
		}
	}
	// The process's CPU time (the collector's included) says more than
	// the wall time on a machine that others share.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkServeStart times serve's first build, a Builder's first Build,
// which keeps for later builds what a one-off build gives up (each page's
// rendered Markdown among it), at 10,000 pages.
//
//	go test ./internal/build/ -run XXX -bench ServeStart -benchtime 3x
func BenchmarkServeStart(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, dir, 10000)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		bd := NewBuilder(Options{Source: dir, Now: fixtureNow, LinksWarn: true})
		bd.WriteFirstTo(func(string, []byte) error { return nil }) // as serve: straight to its folder
		if _, err := bd.Build(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
