// Command gencorpus writes a deterministic benchmark site that both Hugo and
// sitegen can build.
//
//	go run ./bench/gencorpus -pages 10000 -out DIR
//
// It writes DIR/content/_index.md (home), five sections
// DIR/content/{news,guides,reports,events,people}/_index.md and N regular
// pages DIR/content/SECTION/page-NNNNN.md, plus DIR/config.toml and
// DIR/layouts/ for Hugo and DIR/sitegen.toml and DIR/templates/ for sitegen
// (embedded from bench/templates).
//
// Every page has YAML front matter (title, date, 2-4 tags from a pool of 50)
// and a body of roughly 400-700 words of English, Chinese and Russian prose
// with headings, a bullet list, a numbered list, a GFM table, emphasis, 2-4
// links to other generated pages and exactly one fenced code block (go,
// python, yaml or javascript) whose text depends on the page number.
//
// Output depends only on the flags: page i is generated from its own PCG
// stream seeded with (-seed, i), so pages can be written in parallel and the
// same flags always give byte-identical files. Before writing, gencorpus
// removes DIR/content, DIR/layouts and DIR/templates so that a smaller run
// does not leave stale pages behind.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitegen/sitegen/bench/templates"
)

func main() {
	pages := flag.Int("pages", 1000, "number of regular pages")
	out := flag.String("out", "", "output site directory (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	translate := flag.Int("translate", 0, "also write zh and ru pages for the first N pages, planted phrases and queries.json (the search bench)")
	flag.Parse()
	if *out == "" || *pages < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -pages N -out DIR [-seed S] [-translate N]")
		os.Exit(2)
	}
	var pl *planting
	if *translate > 0 {
		pl = newPlanting(*seed, *pages, min(*translate, *pages))
	}
	if err := generate(*out, *pages, *seed, pl); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

// generate writes the whole site for n pages into dir.
func generate(dir string, n int, seed uint64, pl *planting) error {
	for _, sub := range []string{"content", "layouts", "templates"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return err
		}
	}
	if err := copyTemplates(dir); err != nil {
		return err
	}
	content := filepath.Join(dir, "content")
	home := "---\ntitle: \"Bench\"\n---\n\nA generated site with " + fmt.Sprint(n) +
		" pages in five sections, used to compare static site generators.\n"
	if err := writeFile(filepath.Join(content, "_index.md"), []byte(home)); err != nil {
		return err
	}
	for _, s := range sections {
		idx := fmt.Sprintf("---\ntitle: %q\n---\n\nAll %s pages, newest first.\n", s.title, strings.ToLower(s.title))
		if err := writeFile(filepath.Join(content, s.name, "_index.md"), []byte(idx)); err != nil {
			return err
		}
	}

	jobs := make(chan int, 256)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			var failed error
			for i := range jobs {
				if failed != nil {
					continue // drain
				}
				buf.Reset()
				g := gen{r: rand.New(rand.NewPCG(seed, uint64(i))), n: n, seed: seed, b: &buf}
				g.page(i)
				pl.addPhrases(&buf, "en", i)
				failed = os.WriteFile(filepath.Join(content, pagePath(i, seed)), buf.Bytes(), 0o644)
			}
			errs <- failed
		}()
	}
	for i := 1; i <= n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	if pl != nil {
		if err := os.RemoveAll(filepath.Join(dir, "static", "pagefind-bench")); err != nil {
			return err
		}
		return pl.writeMultilingual(dir)
	}
	return nil
}

// copyTemplates copies the embedded hugo/ and sitegen/ trees into dir.
func copyTemplates(dir string) error {
	return fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, rel, _ := strings.Cut(p, "/") // drop "hugo/" or "sitegen/"
		data, err := templates.FS.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(rel)), data)
	})
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// section returns the section of page i. It is a pure function of (seed, i)
// so that links can point at any page without generating it.
func section(i int, seed uint64) string {
	total := 0
	for _, s := range sections {
		total += s.weight
	}
	h := splitmix(seed ^ uint64(i)*0x9e3779b97f4a7c15)
	v := int(h % uint64(total))
	for _, s := range sections {
		if v < s.weight {
			return s.name
		}
		v -= s.weight
	}
	panic("unreachable")
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// pagePath is the file of page i relative to content/.
func pagePath(i int, seed uint64) string {
	return fmt.Sprintf("%s/page-%05d.md", section(i, seed), i)
}

// pageURL is the site path of page i, as Hugo and sitegen publish it.
func pageURL(i int, seed uint64) string {
	return fmt.Sprintf("/%s/page-%05d/", section(i, seed), i)
}

// gen generates one page into b.
type gen struct {
	r     *rand.Rand
	n     int
	seed  uint64
	b     *bytes.Buffer
	words int // prose words written so far (a Chinese word counts as one)
	links int // links still to place
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) page(i int) {
	b := g.b
	date := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).
		Add(time.Duration(g.r.IntN(4*365*24*4)) * 15 * time.Minute)
	fmt.Fprintf(b, "---\ntitle: \"%s %s %05d\"\ndate: %s\ntags: [", g.pick(titleWords), g.pick(titleWords), i, date.Format(time.RFC3339))
	for k, t := range g.tags() {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%q", t)
	}
	b.WriteString("]\n---\n\n")

	target := g.between(350, 600)
	g.links = g.between(2, 4)
	g.para("en", true)
	g.heading(2)
	g.para("ru", false)
	g.list(false)
	g.para("zh", false)
	g.heading(3)
	g.para("en", true)
	g.list(true)
	g.heading(2)
	g.table()
	g.para(g.lang(), g.links > 0)
	g.code(i)
	for g.words < target || g.links > 0 {
		if g.r.IntN(3) == 0 {
			g.heading(2 + g.r.IntN(2))
		}
		g.para(g.lang(), g.links > 0)
	}
}

func (g *gen) tags() []string {
	perm := g.r.Perm(len(tagPool))
	k := g.between(2, 4)
	out := make([]string, k)
	for j := range k {
		out[j] = tagPool[perm[j]]
	}
	return out
}

func (g *gen) lang() string { return [...]string{"en", "ru", "zh"}[g.r.IntN(3)] }

// link writes a Markdown link to another page (to itself if it is alone).
func (g *gen) link() {
	j := 1 + g.r.IntN(g.n)
	fmt.Fprintf(g.b, "[%s %s](%s)", g.pick(enWords), g.pick(enWords), pageURL(j, g.seed))
	g.links--
}

// sentence writes one sentence in lang with minW..maxW words, sometimes with
// *emphasis* or **strong** around one word.
func (g *gen) sentence(lang string, minW, maxW int) {
	n := g.between(minW, maxW)
	mark := -1
	if g.r.IntN(3) == 0 {
		mark = g.r.IntN(n)
	}
	strong := g.r.IntN(2) == 0
	words := map[string][]string{"en": enWords, "ru": ruWords, "zh": zhWords}[lang]
	for k := range n {
		w := g.pick(words)
		if k == 0 && lang != "zh" {
			r, size := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[size:]
		}
		if k > 0 && lang != "zh" {
			g.b.WriteByte(' ')
		}
		if k == mark {
			if strong {
				w = "**" + w + "**"
			} else {
				w = "*" + w + "*"
			}
		}
		g.b.WriteString(w)
		if lang == "zh" && k == n/2 {
			g.b.WriteString("，")
		}
	}
	g.words += n
	if lang == "zh" {
		g.b.WriteString("。")
	} else {
		g.b.WriteString(". ")
	}
}

// para writes a paragraph of 3-6 sentences, with a link if withLink.
func (g *gen) para(lang string, withLink bool) {
	s := g.between(3, 6)
	at := g.r.IntN(s)
	for k := range s {
		g.sentence(lang, 6, 14)
		if withLink && k == at {
			g.link()
			g.b.WriteString(" ")
		}
	}
	trimSpace(g.b)
	g.b.WriteString("\n\n")
}

func (g *gen) heading(level int) {
	g.b.WriteString(strings.Repeat("#", level) + " ")
	switch g.r.IntN(5) {
	case 0:
		g.b.WriteString(g.pick(ruWords) + " " + g.pick(ruWords))
	case 1:
		g.b.WriteString(g.pick(zhWords) + g.pick(zhWords))
	default:
		for k := range g.between(2, 4) {
			if k > 0 {
				g.b.WriteByte(' ')
			}
			g.b.WriteString(g.pick(titleWords))
		}
	}
	g.b.WriteString("\n\n")
}

// list writes a bullet or numbered list of 3-5 items; the first bullet list
// item carries a link when a third link is due.
func (g *gen) list(numbered bool) {
	items := g.between(3, 5)
	for k := range items {
		if numbered {
			fmt.Fprintf(g.b, "%d. ", k+1)
		} else {
			g.b.WriteString("- ")
		}
		g.sentence(g.lang(), 4, 9)
		if !numbered && k == 0 && g.links >= 3 {
			g.link()
		}
		trimSpace(g.b)
		g.b.WriteByte('\n')
	}
	g.b.WriteByte('\n')
}

func (g *gen) table() {
	g.b.WriteString("| Region | 指标 | Значение | Share |\n|:--|:--|--:|--:|\n")
	for range g.between(3, 5) {
		fmt.Fprintf(g.b, "| %s | %s | %d | %d.%d%% |\n", g.pick(titleWords), g.pick(zhWords),
			g.r.IntN(100000), g.r.IntN(100), g.r.IntN(10))
		g.words += 2
	}
	g.b.WriteByte('\n')
}

// code writes the page's one fenced code block, 8-20 lines long, whose
// identifiers and values contain the page number.
func (g *gen) code(i int) {
	lang := [...]string{"go", "python", "yaml", "javascript"}[g.r.IntN(4)]
	b := g.b
	b.WriteString("```" + lang + "\n")
	switch lang {
	case "go": // 12+items lines
		items := g.between(2, 8)
		fmt.Fprintf(b, "package page%05d\n\n// Item%d is a generated record.\ntype Item%d struct {\n\tID   int\n\tName string\n}\n\n", i, i, i)
		fmt.Fprintf(b, "func Build%d() []Item%d {\n\titems := make([]Item%d, 0, %d)\n", i, i, i, items)
		for k := range items {
			fmt.Fprintf(b, "\titems = append(items, Item%d{ID: %d, Name: %q})\n", i, i*1000+k, g.pick(enWords))
		}
		b.WriteString("\treturn items\n}\n")
	case "python": // 4+items lines
		items := g.between(4, 16)
		fmt.Fprintf(b, "def build_%d(limit=%d):\n    \"\"\"Build the records of page %d.\"\"\"\n    records = []\n", i, items, i)
		for k := range items {
			fmt.Fprintf(b, "    records.append({\"id\": %d, \"name\": %q})\n", i*1000+k, g.pick(enWords))
		}
		b.WriteString("    return records[:limit]\n")
	case "yaml": // 4+2*items lines
		items := g.between(2, 8)
		fmt.Fprintf(b, "page: %d\nname: %s-%d\nitems:\n", i, g.pick(enWords), i)
		for k := range items {
			fmt.Fprintf(b, "  - id: %d\n    label: %s\n", i*1000+k, g.pick(enWords))
		}
		fmt.Fprintf(b, "enabled: %v\n", i%2 == 0)
	case "javascript": // 5+items lines
		items := g.between(3, 15)
		fmt.Fprintf(b, "// Records of page %d.\nexport function build%d(limit = %d) {\n  const items = [];\n", i, i, items)
		for k := range items {
			fmt.Fprintf(b, "  items.push({ id: %d, name: %q });\n", i*1000+k, g.pick(enWords))
		}
		b.WriteString("  return items.slice(0, limit);\n}\n")
	}
	b.WriteString("```\n\n")
}

// trimSpace removes trailing spaces from b.
func trimSpace(b *bytes.Buffer) {
	for b.Len() > 0 && b.Bytes()[b.Len()-1] == ' ' {
		b.Truncate(b.Len() - 1)
	}
}
