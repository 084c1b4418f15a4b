package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// A kind is one kind of save an editor makes. Its i-th save makes the
// edit when i is even and undoes it when i is odd; series names the row
// the save is timed in.
type kind struct {
	name, what string
	double     bool // twice the saves: its edit and its undo are two rows (new, delete)
	step       func(c *corpus, i int, hugo bool) (series string, err error)
}

var kinds = []kind{
	{name: "end", what: "a page's body text", step: pageEdit(func(t string, i int) string { return t + fmt.Sprintf("\nEdit %d.\n", i) })},
	{name: "start", what: "a page's first paragraph (its summary, in two feeds)", step: pageEdit(editStart)},
	{name: "title", what: "a page's title", step: pageEdit(func(t string, i int) string {
		return strings.Replace(t, "title: \"", fmt.Sprintf("title: \"Edit%d ", i), 1)
	})},
	{name: "date", what: "a page's date", step: pageEdit(func(t string, i int) string {
		return strings.Replace(t, "date: 20", "date: 19", 1)
	})},
	{name: "tags", what: "a page's tags", step: pageEdit(func(t string, i int) string {
		return strings.Replace(t, "tags: [", fmt.Sprintf("tags: [\"edited-%d\", ", i%3), 1)
	})},
	{name: "weight", what: "a page's weight", step: pageEdit(func(t string, i int) string {
		return strings.Replace(t, "---\n", "---\nweight: 1\n", 1)
	})},
	{name: "draft", what: "a page made a draft (and back)", step: pageEdit(func(t string, i int) string {
		return strings.Replace(t, "---\n", "---\ndraft: true\n", 1)
	})},
	{name: "new", what: "a new page in a section / deleting it", double: true, step: newPage},
	{name: "move", what: "a page moved to another section (and back)", step: movePage},
	{name: "template", what: "the page template, used by every regular page", step: fileEdit("templates/page.html", "layouts/_default/single.html", "<article>", "<article class=\"e\">")},
	{name: "partial", what: "a partial used by every term page", step: fileEdit("templates/partials/bench-note.html", "layouts/partials/bench-note.html", "note", "remark")},
	{name: "data", what: "a data file used by every term page", step: fileEdit("data/bench.yaml", "data/bench.yaml", "Data note", "Data remark")},
	{name: "i18n", what: "a UI string used by every term page", step: fileEdit("i18n/en.yaml", "i18n/en.yaml", "UI note", "UI remark")},
}

// newRand gives each tool the same pages to edit.
func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

func kindNames() []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.name)
	}
	return out
}

func pickKinds(name string) ([]kind, error) {
	if name == "all" {
		return kinds, nil
	}
	var out []kind
	for _, n := range strings.Split(name, ",") {
		i := slices.IndexFunc(kinds, func(k kind) bool { return k.name == n })
		if i < 0 {
			return nil, fmt.Errorf("servelat: no edit kind %q (want one of %s, a list of them, or all)", n, strings.Join(kindNames(), ", "))
		}
		out = append(out, kinds[i])
	}
	return out, nil
}

// corpus is the site being edited.
type corpus struct {
	dir   string
	pages []string // the regular pages, sorted
	r     *rand.Rand
	page  string // the page the last even save edited
	orig  []byte // and its text before
	// saved, if set, is told each save's series and latency (-share).
	saved func(series string, d time.Duration)
}

func newCorpus(dir string) (*corpus, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "content", "*", "page-*.md"))
	if err != nil || len(pages) == 0 {
		return nil, fmt.Errorf("servelat: no pages in %s/content", dir)
	}
	sort.Strings(pages)
	return &corpus{dir: dir, pages: pages}, nil
}

// prepare adds what the template kinds edit: a partial, a data file and a
// UI string, each shown on every term page, in sitegen's templates and in
// Hugo's layouts.
func (c *corpus) prepare() error {
	files := map[string]string{
		"templates/partials/bench-note.html": "<p class=\"note\">{{ .Title }}: a note</p>\n",
		"layouts/partials/bench-note.html":   "<p class=\"note\">{{ .Title }}: a note</p>\n",
		"data/bench.yaml":                    "note: \"Data note\"\n",
		"i18n/en.yaml":                       "benchNote: \"UI note\"\n",
	}
	for name, text := range files {
		if err := writeFile(filepath.Join(c.dir, name), []byte(text)); err != nil {
			return err
		}
	}
	call := `{{ partial "bench-note.html" . }}<p>{{ .Site.Data.bench.note }} {{ T "benchNote" }}</p>`
	for _, name := range []string{"templates/term.html", "layouts/_default/term.html"} {
		p := filepath.Join(c.dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), call) {
			b = []byte(strings.Replace(string(b), "<h1>{{ .Title }}</h1>", "<h1>{{ .Title }}</h1>\n"+call, 1))
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// run times n saves of kind k (2n for a double kind); wait returns when
// the site is rebuilt.
func (c *corpus) run(k kind, n int, wait func() error, out map[string][]time.Duration) error {
	c.r = newRand()
	if k.double {
		n *= 2
	}
	for i := 0; i < n+n%2; i++ { // an even count: the corpus ends as it began
		t0 := time.Now()
		series, err := k.step(c, i, false)
		if err != nil {
			return err
		}
		if err := wait(); err != nil {
			return fmt.Errorf("%s save %d: %w", k.name, i, err)
		}
		if series == "" {
			series = k.name
		}
		d := time.Since(t0)
		out[series] = append(out[series], d)
		if c.saved != nil {
			c.saved(series, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

// pageEdit edits a random page's text, and restores it on the next save.
func pageEdit(edit func(text string, i int) string) func(c *corpus, i int, hugo bool) (string, error) {
	return func(c *corpus, i int, _ bool) (string, error) {
		if i%2 == 1 {
			return "", os.WriteFile(c.page, c.orig, 0o644)
		}
		c.page = c.pages[c.r.IntN(len(c.pages))]
		b, err := os.ReadFile(c.page)
		if err != nil {
			return "", err
		}
		c.orig = b
		return "", os.WriteFile(c.page, []byte(edit(string(b), i)), 0o644)
	}
}

// newPage writes a new page into news/ on even saves and deletes it on
// odd ones.
func newPage(c *corpus, i int, _ bool) (string, error) {
	p := filepath.Join(c.dir, "content", "news", "page-new.md")
	if i%2 == 1 {
		return "delete", os.Remove(p)
	}
	text := fmt.Sprintf("---\ntitle: \"A new page %d\"\ndate: 2019-01-01T00:00:00Z\ntags: [\"forum\"]\n---\n\nA new page.\n", i)
	return "new", os.WriteFile(p, []byte(text), 0o644)
}

// movePage moves a random page from its section to another, and back.
func movePage(c *corpus, i int, _ bool) (string, error) {
	if i%2 == 0 {
		c.page = c.pages[c.r.IntN(len(c.pages))]
	}
	sec := filepath.Base(filepath.Dir(c.page))
	other := "people"
	if sec == other {
		other = "news"
	}
	moved := filepath.Join(c.dir, "content", other, filepath.Base(c.page))
	if i%2 == 1 {
		return "", os.Rename(moved, c.page)
	}
	return "", os.Rename(c.page, moved)
}

// fileEdit replaces from by to in a site file (sitegen's, or Hugo's when
// they differ), and back on the next save.
func fileEdit(name, hugoName, from, to string) func(c *corpus, i int, hugo bool) (string, error) {
	return func(c *corpus, i int, hugo bool) (string, error) {
		file, old, neu := name, from, to
		if hugo {
			file = hugoName
		}
		if i%2 == 1 {
			old, neu = to, from
		}
		p := filepath.Join(c.dir, file)
		b, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		if !strings.Contains(string(b), old) {
			return "", fmt.Errorf("servelat: %s has no %q", p, old)
		}
		return "", os.WriteFile(p, []byte(strings.Replace(string(b), old, neu, 1)), 0o644)
	}
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// table prints the medians as a Markdown table.
func table(w io.Writer, pages int, ks []kind, sitegen map[string][]time.Duration, peak string, hugo map[string][]time.Duration, hugoPeak string) {
	fmt.Fprintf(w, "\n%d pages\n\n| edit | saves | sitegen p50 | sitegen p95 |", pages)
	if hugo != nil {
		fmt.Fprint(w, " Hugo \"Total in\" p50 |")
	}
	fmt.Fprint(w, "\n|---|---:|---:|---:|")
	if hugo != nil {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, k := range ks {
		rows := [][2]string{{k.name, k.what}}
		if k.double {
			rows = [][2]string{{"new", "a new page in a section (of 2,000 at 10,000 pages)"}, {"delete", "deleting that page"}}
		}
		for _, row := range rows {
			lat := sitegen[row[0]]
			fmt.Fprintf(w, "| %s | %d | %v | %v |", row[1], len(lat), ms(quantile(lat, 0.5)), ms(quantile(lat, 0.95)))
			if hugo != nil {
				fmt.Fprintf(w, " %v |", ms(quantile(hugo[row[0]], 0.5)))
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\npeak resident memory: sitegen serve %s", peak)
	if hugo != nil {
		fmt.Fprintf(w, ", hugo server %s", hugoPeak)
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
