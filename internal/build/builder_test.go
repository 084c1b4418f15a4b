package build

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var incrementalTemplates = map[string]string{
	"sitegen.toml": `title = "Inc"
baseURL = "https://example.org/"
defaultLanguage = "en"
[languages.en]
weight = 1
[[languages.en.menus.main]]
name = "News"
pageRef = "/news"
[languages.zh]
weight = 2
untranslated = "fallback"
[pagination]
pagerSize = 2
`,
	"templates/base.html": `<!DOCTYPE html><html lang="{{ .Lang }}"><head><title>{{ .Title }} · {{ .Site.Title }}</title><link rel="canonical" href="{{ .Canonical }}"></head><body>` +
		`<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a>{{ end }}</nav>` +
		`{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}` +
		`<main lang="{{ .ContentLang }}">{{ if .IsFallback }}{{ T "untranslated" }}{{ end }}{{ block "main" . }}{{ end }}</main>{{ partial "foot.html" . }}</body></html>`,
	"templates/home.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range first 5 .Site.RegularPages }}<li>{{ .Title }}: {{ .Summary }}</li>{{ end }}</ul>` +
		// Other pages' HTML, which the build has given up after their own
		// render and must make again.
		`{{ range first 2 .Site.RegularPages }}<div>{{ .Content }}</div>{{ end }}` +
		// Paginated by another list than .Pages.
		`{{ with .Paginate .Site.RegularPages }}{{ range .Pages }}<b>{{ .Title }}</b>{{ end }}{{ .URL }}{{ end }}{{ end }}`,
	// Paginated (pagerSize 2, or the blog's front matter's).
	"templates/section.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .WordCount }}{{ end }}` +
		`{{ with .Paginator }}{{ .PageNumber }}/{{ .TotalPages }}{{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">n</a>{{ end }}{{ end }}{{ end }}`,
	"templates/page.html":          `{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Parent.Title }}</p>{{ .Content }}{{ range .Params.tags }}<i>{{ . }}</i>{{ end }}{{ end }}`,
	"templates/term.html":          `{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}{{ .Title }}{{ end }}{{ end }}`,
	"templates/taxonomy.html":      `{{ define "main" }}{{ range .Pages }}{{ .Title }} {{ len .Pages }}{{ end }}{{ end }}`,
	"templates/partials/foot.html": `<footer>{{ T "foot" }} {{ .Site.Data.site.owner }}</footer>`,
	"i18n/en.yaml":                 "foot: Footer\n",
	"data/site.yaml":               "owner: Ada\n",
	"static/css/s.css":             "body{}",
	// Shortcodes: one that reads other pages through .Site and a partial,
	// one whose inner text is Markdown, and a built-in one with a label
	// from i18n.
	"templates/shortcodes/count.html": `<b>{{ .Get 0 }} {{ len .Site.RegularPages }} {{ .Page.Title }}</b>{{ partial "sc.html" . }}{{ if eq (.Get 0) "c2" }}{{ warnf "c2 is old" }}{{ end }}`,
	"templates/shortcodes/box.html":   "<div class=\"box\">\n\n{{ .Inner }}\n\n</div>",
	"templates/partials/sc.html":      `<i>sc</i>`,
	"content/_index.md":               "---\ntitle: Home\n---\nHello.\n",
	"content/news/_index.md":          "---\ntitle: News\n---\n",
}

// edit is a random change to a site folder; it returns the paths it
// touched.
type edit func(r *rand.Rand, dir string) []string

func pagePaths(dir string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, "_index") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// pickPage chooses one of the site's regular pages, if it has any.
func pickPage(r *rand.Rand, dir string) (string, bool) {
	ps := pagePaths(dir)
	if len(ps) == 0 {
		return "", false
	}
	return ps[r.IntN(len(ps))], true
}

func pageText(r *rand.Rand, title string) string {
	words := []string{"alpha", "beta", "快速", "支付", "итоги", "встречи", "gamma"}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nweight: %d\ntags: [%s]\n", title, r.IntN(3), words[r.IntN(3)])
	if r.IntN(4) == 0 {
		fmt.Fprintf(&b, "slug: s-%d-%s\n", r.IntN(5), title) // the title: two pages rarely claim one URL
	}
	b.WriteString("---\n## Head\n\n")
	for i := 0; i < 1+r.IntN(3); i++ {
		b.WriteString(words[r.IntN(len(words))] + " ")
	}
	if r.IntN(2) == 0 {
		b.WriteString("\n\nSee [news](/news/) and [home](" + strings.Repeat("../", 1) + "_index.md).\n")
	}
	b.WriteString(shortcodeText(r))
	return b.String()
}

// shortcodeText is some calls of the site's shortcodes, or none: one
// whose output depends on the other pages, one whose Markdown has a
// heading that links check, a built-in, a link through relref.
func shortcodeText(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "\n\n{{< count c%d >}}\n", r.IntN(3))
	}
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "\n{{%% box %%}}\n## H%d\n\nSee [top](#h%d).\n{{%% /box %%}}\n", r.IntN(3), r.IntN(3))
	}
	if r.IntN(4) == 0 {
		b.WriteString("\n{{% note provisional %}}Maybe.{{% /note %}}\n\n[News]({{< relref \"/news/_index.md\" >}})\n")
	}
	return b.String()
}

var edits = []edit{
	func(r *rand.Rand, dir string) []string { // add a page, sometimes a translation
		lang := []string{"", ".zh"}[r.IntN(2)]
		sec := []string{"news", "news/deep", "blog"}[r.IntN(3)]
		p := fmt.Sprintf("content/%s/p%d%s.md", sec, r.IntN(12), lang)
		writeFileT(dir, p, pageText(r, fmt.Sprintf("P%d", r.IntN(100))))
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // edit a page
		p, ok := pickPage(r, dir)
		if !ok {
			return nil
		}
		writeFileT(dir, p, pageText(r, fmt.Sprintf("E%d", r.IntN(100))))
		return []string{p}
	},
	editBody, editBody, editBody, editBody,
	func(r *rand.Rand, dir string) []string { // delete a page
		p, ok := pickPage(r, dir)
		if !ok {
			return nil
		}
		os.Remove(filepath.Join(dir, p))
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // rename a page
		p, ok := pickPage(r, dir)
		if !ok {
			return nil
		}
		q := fmt.Sprintf("content/news/r%d.md", r.IntN(12))
		os.Rename(filepath.Join(dir, p), filepath.Join(dir, q))
		return []string{p, q}
	},
	func(r *rand.Rand, dir string) []string { // a section index appears or goes
		p := "content/blog/_index.md"
		if r.IntN(2) == 0 {
			os.Remove(filepath.Join(dir, p))
		} else {
			n := r.IntN(9)
			writeFileT(dir, p, fmt.Sprintf("---\ntitle: Blog %d\npagerSize: %d\n---\n", n, 1+n%3))
		}
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // edit a shortcode, or a partial only a shortcode calls
		p := []string{"templates/shortcodes/count.html", "templates/shortcodes/box.html", "templates/partials/sc.html"}[r.IntN(3)]
		b, _ := os.ReadFile(filepath.Join(dir, p))
		writeFileT(dir, p, strings.Replace(string(b), "<", fmt.Sprintf("s%d<", r.IntN(9)), 1))
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // edit a template or partial
		p := []string{"templates/page.html", "templates/partials/foot.html"}[r.IntN(2)]
		b, _ := os.ReadFile(filepath.Join(dir, p))
		// Visible text: html/template drops comments.
		writeFileT(dir, p, strings.Replace(string(b), "<", fmt.Sprintf("t%d<", r.IntN(9)), 1))
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // static files
		p := fmt.Sprintf("static/f%d.txt", r.IntN(4))
		if r.IntN(3) == 0 {
			os.Remove(filepath.Join(dir, p))
		} else {
			writeFileT(dir, p, fmt.Sprint(r.IntN(1000)))
		}
		return []string{p}
	},
	func(r *rand.Rand, dir string) []string { // data and strings
		if r.IntN(2) == 0 {
			writeFileT(dir, "data/site.yaml", fmt.Sprintf("owner: A%d\n", r.IntN(9)))
			return []string{"data/site.yaml"}
		}
		writeFileT(dir, "i18n/en.yaml", fmt.Sprintf("foot: F%d\nprovisionalLabel: P%d\n", r.IntN(9), r.IntN(9)))
		return []string{"i18n/en.yaml"}
	},
}

// editBody changes a page's text below its front matter: the quick path's
// case. The new text has other headings, and links to anchors on other
// pages, which may or may not be there.
func editBody(r *rand.Rand, dir string) []string {
	p, ok := pickPage(r, dir)
	if !ok {
		return nil
	}
	b, _ := os.ReadFile(filepath.Join(dir, p))
	text := string(b)
	end := strings.Index(text[3:], "---\n")
	if !strings.HasPrefix(text, "---\n") || end < 0 {
		return nil
	}
	var body strings.Builder
	for i := 0; i < r.IntN(3); i++ {
		fmt.Fprintf(&body, "## H%d\n\n", r.IntN(3))
	}
	words := []string{"alpha", "beta", "快速", "итоги", "gamma"}
	for i := 0; i < 1+r.IntN(4); i++ {
		body.WriteString(words[r.IntN(len(words))] + " ")
	}
	if r.IntN(2) == 0 {
		fmt.Fprintf(&body, "\n\nSee [there](/news/p%d/#h%d) and [here](#h%d).\n", r.IntN(12), r.IntN(3), r.IntN(3))
	}
	body.WriteString(shortcodeText(r))
	writeFileT(dir, p, text[:3+end+4]+body.String())
	return []string{p}
}

func writeFileT(dir, rel, body string) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(body), 0o644)
}

// apply puts a Builder's result into a folder, as serve does.
func apply(t *testing.T, dir string, res *Result) {
	t.Helper()
	for f, data := range res.Write {
		writeFileT(dir, f, string(data))
	}
	for f, fill := range res.Copy {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			t.Fatal(err)
		}
		writeFileT(dir, f, b.String())
	}
	for _, f := range res.Remove {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Fatal(err)
		}
	}
}

// After any sequence of edits, the incremental output equals a clean build.
func TestIncrementalEqualsClean(t *testing.T) {
	steps := 120
	if testing.Short() {
		steps = 30
	}
	// The site with fallback pages, whose model is always built from all
	// files; and without them, where edits to regular pages update the
	// model in place (model.go), and those edits come more often; and that
	// site with a search index, which the model path keeps (edit_search.go).
	variants := []struct {
		name     string
		fallback bool
		search   bool
		edits    []edit
	}{
		{"", true, false, edits},
		{"inplace-", false, false, append(slices.Clone(edits), modelEdits...)},
		{"search-", false, true, append(slices.Clone(edits), modelEdits...)},
	}
	for _, v := range variants {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprint(v.name, "seed", seed), func(t *testing.T) { incrementalEqualsClean(t, seed, steps, v.fallback, v.search, v.edits) })
		}
	}
}

// incrementalEqualsClean makes steps random edits to a site and checks
// after each that the incremental output equals a clean build's; search
// turns the site's search index on.
func incrementalEqualsClean(t *testing.T, seed uint64, steps int, fallback, search bool, edits []edit) {
	{
		{
			r := rand.New(rand.NewPCG(seed, 42))
			src, live := t.TempDir(), t.TempDir()
			for name, body := range incrementalTemplates {
				if !fallback {
					body = strings.Replace(body, "untranslated = \"fallback\"\n", "", 1)
				}
				if search && name == "sitegen.toml" {
					body += "[search]\nenabled = true\n"
				}
				writeFileT(src, name, body)
			}
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			o := Options{Source: src, Now: now, LinksWarn: true}
			b := NewBuilder(o)
			res, err := b.Build(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			apply(t, live, res)
			var log []string
			quick, paged, fallbacks := 0, 0, 0
			for i := 0; i < steps; i++ {
				var changed []string
				for n := 1 + r.IntN(3); n > 0; n-- {
					e := r.IntN(len(edits))
					c := edits[e](r, src)
					changed = append(changed, c...)
					log = append(log, fmt.Sprintf("step %d: edit %d %v", i, e, c))
				}
				res, err := b.Build(context.Background(), changed)
				if err != nil {
					t.Fatalf("%v\n%s", err, strings.Join(log, "\n"))
				}
				if res.Stats.Quick {
					quick++
				}
				apply(t, live, res)
				clean := filepath.Join(t.TempDir(), "public")
				o.Destination = clean
				st, err := Build(context.Background(), o)
				if err != nil {
					t.Fatal(err)
				}
				cleanTree := readTree(t, clean)
				for f, data := range cleanTree {
					if strings.Contains("/"+f, "/page/2/") {
						paged++
					}
					if strings.HasPrefix(f, "zh/") && strings.Contains(string(data), `<main lang="en">`) {
						fallbacks++
					}
				}
				if d := compareTrees(cleanTree, readTree(t, live)); d != "" {
					t.Fatalf("after step %d the incremental output differs from a clean build:\n%s\nedits:\n%s", i, d, strings.Join(log, "\n"))
				}
				if got, want := fmt.Sprint(res.Stats.Pages, res.Stats.Sections, res.Stats.Terms, res.Stats.URLs), fmt.Sprint(st.Pages, st.Sections, st.Terms, st.URLs); got != want {
					t.Fatalf("after step %d (quick %v) the counts differ from a clean build's:\n%s\nwant:\n%s\nedits:\n%s", i, res.Stats.Quick, got, want, strings.Join(log, "\n"))
				}
				if got, want := strings.Join(res.Stats.Warnings, "\n"), strings.Join(st.Warnings, "\n"); got != want {
					t.Fatalf("after step %d (quick %v) the warnings differ from a clean build's:\n%s\nwant:\n%s\nedits:\n%s", i, res.Stats.Quick, got, want, strings.Join(log, "\n"))
				}
			}
			t.Logf("%d of %d builds took the quick path or the model path", quick, steps)
			// The edits must exercise pagination and fallback pages, and
			// without fallback pages, the model updated in place.
			if !testing.Short() && (paged == 0 || (fallbacks == 0) == fallback) {
				t.Errorf("no build had a second pager page (%d), or the fallback pages were wrong (%d)", paged, fallbacks)
			}
			if !testing.Short() && quick < steps/30 {
				t.Errorf("only %d of %d builds took the quick path", quick, steps)
			}
			if updates := b.load.model.updates; !fallback && !testing.Short() && updates < steps/4 {
				t.Errorf("only %d of %d builds updated the model in place", updates, steps)
			} else {
				t.Logf("%d of %d builds updated the model in place", updates, steps)
			}
			// and then rendered only what the edit touched (edit.go)
			if !fallback && !testing.Short() && b.edits < steps/8 {
				t.Errorf("only %d of %d builds took the model path", b.edits, steps)
			} else {
				t.Logf("%d of %d builds took the model path", b.edits, steps)
			}
			// whose feeds were spliced from the last ones (edit_feeds.go)
			if !fallback && !testing.Short() && b.big.spliced < b.edits/4 {
				t.Errorf("only %d feeds of %d model builds were spliced", b.big.spliced, b.edits)
			} else {
				t.Logf("%d feeds spliced", b.big.spliced)
			}
		}
	}
}

// A failed build changes nothing, and the next good one catches up.
func TestIncrementalRecoversFromErrors(t *testing.T) {
	src, live := t.TempDir(), t.TempDir()
	for name, body := range incrementalTemplates {
		writeFileT(src, name, body)
	}
	o := Options{Source: src, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := NewBuilder(o)
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n")
	if _, err := b.Build(context.Background(), []string{"content/news/a.md"}); err == nil || !strings.Contains(err.Error(), "content/news/a.md:1") {
		t.Fatalf("want front matter error, got %v", err)
	}
	writeFileT(src, "templates/page.html", "{{ .Title ")
	if _, err := b.Build(context.Background(), []string{"templates/page.html"}); err == nil {
		t.Fatal("want template error")
	}
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nok\n")
	writeFileT(src, "templates/page.html", `{{ define "main" }}{{ .Content }}{{ end }}`)
	res, err = b.Build(context.Background(), []string{"templates/page.html"}) // a.md is still pending
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	clean := filepath.Join(t.TempDir(), "public")
	o.Destination = clean
	if _, err := Build(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if d := compareTrees(readTree(t, clean), readTree(t, live)); d != "" {
		t.Fatal(d)
	}
}

// A list that shows its pages' HTML and tables of contents gets them,
// though each page gives them up after its own render.
func TestListShowsOtherPagesContent(t *testing.T) {
	src := t.TempDir()
	for name, body := range map[string]string{
		"sitegen.toml":           "title = \"T\"\n",
		"templates/home.html":    `{{ range .Site.RegularPages }}[{{ .Content }}]{{ .TableOfContents }}{{ end }}`,
		"templates/section.html": `{{ range .Pages }}[{{ .Content }}]{{ end }}`,
		"templates/page.html":    `{{ .TableOfContents }}{{ .Content }}`,
		"content/news/a.md":      "---\ntitle: A\n---\nAlpha *text*.\n\n## Alpha head\n",
		"content/news/b.md":      "---\ntitle: B\n---\nBeta.\n",
	} {
		writeFileT(src, name, body)
	}
	dest := filepath.Join(t.TempDir(), "public")
	// One worker renders the pages before the lists, so the lists surely
	// come after the pages gave their bodies up.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "news/index.html"} {
		b, _ := os.ReadFile(filepath.Join(dest, f))
		if !strings.Contains(string(b), "[<p>Alpha <em>text</em>.</p>\n<h2 id=\"alpha-head\">Alpha head</h2>\n]") || !strings.Contains(string(b), "[<p>Beta.</p>\n]") {
			t.Errorf("%s: %q", f, b)
		}
	}
	const toc = `<nav id="TableOfContents"><ul><li><a href="#alpha-head">Alpha head</a></li></ul></nav>`
	for _, f := range []string{"index.html", "news/a/index.html"} {
		if b, _ := os.ReadFile(filepath.Join(dest, f)); !strings.Contains(string(b), toc) {
			t.Errorf("%s: no table of contents: %q", f, b)
		}
	}
}
