package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/config"
)

// quickSite is a site whose pages link to each other's headings.
var quickSite = map[string]string{
	"sitegen.toml":           "title = \"Q\"\nbaseURL = \"https://example.org/\"\n",
	"templates/home.html":    `<h1>{{ .Title }}</h1>{{ range .Site.RegularPages }}<p>{{ .Title }}: {{ .Summary }}</p>{{ end }}`,
	"templates/section.html": `{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
	"templates/page.html":    `<h1>{{ .Title }}</h1>{{ .Content }}`,
	"content/news/a.md":      "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Plans\n\nMore.\n",
	"content/news/b.md":      "---\ntitle: B\n---\nB links to [the plans](a.md#plans).\n",
	"content/news/c.md":      "---\ntitle: C\ndraft: true\n---\nA draft.\n",
}

func quickBuilder(t *testing.T, o Options) (*Builder, string, string) {
	t.Helper()
	return siteBuilder(t, quickSite, o)
}

// siteBuilder writes site into a folder, builds it into another and
// returns the builder and both folders.
func siteBuilder(t *testing.T, site map[string]string, o Options) (*Builder, string, string) {
	t.Helper()
	src, live := t.TempDir(), t.TempDir()
	for name, body := range site {
		writeFileT(src, name, body)
	}
	o.Source, o.Now = src, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := NewBuilder(o)
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	return b, src, live
}

// sameAsClean fails the test if live differs from a clean build of src.
func sameAsClean(t *testing.T, src, live string) {
	t.Helper()
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: clean, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if d := compareTrees(readTree(t, clean), readTree(t, live)); d != "" {
		t.Fatal(d)
	}
}

func written(res *Result) []string {
	var out []string
	for f := range res.Write {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// A body edit takes the quick path and writes the edited page and what
// shows it, nothing else.
func TestQuickPathWritesWhatShowsTheEdit(t *testing.T) {
	b, src, live := quickBuilder(t, Options{})
	steps := []struct {
		name, file, text string
		quick            bool
		want             []string // files written
	}{
		{"text below the summary", "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Plans\n\nMore, and more.\n",
			true, []string{"news/a/index.html"}},
		{"the summary", "content/news/a.md", "---\ntitle: A\n---\nA new first paragraph.\n\n## Plans\n\nMore, and more.\n",
			true, []string{"index.html", "index.xml", "news/a/index.html", "news/index.xml"}},
		{"nothing visible", "content/news/a.md", "---\ntitle: A\n---\nA new first paragraph.\n\n\n## Plans\n\nMore, and more.\n",
			true, nil},
		{"a draft", "content/news/c.md", "---\ntitle: C\ndraft: true\n---\nStill a draft.\n", true, nil},
		{"front matter (the model path)", "content/news/b.md", "---\ntitle: B2\n---\nB links to [the plans](a.md#plans).\n",
			true, []string{"index.html", "index.xml", "news/b/index.html", "news/index.html", "news/index.xml"}},
		{"after the model path", "content/news/b.md", "---\ntitle: B2\n---\nB links to [the plans](a.md#plans).\n\nAgain.\n",
			true, []string{"news/b/index.html"}},
	}
	for _, s := range steps {
		writeFileT(src, s.file, s.text)
		res, err := b.Build(context.Background(), []string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.Stats.Quick != s.quick {
			t.Errorf("%s: quick %v, want %v", s.name, res.Stats.Quick, s.quick)
		}
		if got := written(res); !slices.Equal(got, s.want) {
			t.Errorf("%s: wrote %v, want %v", s.name, got, s.want)
		}
		apply(t, live, res)
		sameAsClean(t, src, live)
	}
}

// A body edit that removes a heading another page links to is a broken
// link in the other page, reported at its line; the fix builds again.
func TestQuickPathChecksLinksIntoTheEdit(t *testing.T) {
	b, src, live := quickBuilder(t, Options{})
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Later\n")
	_, err := b.Build(context.Background(), []string{"content/news/a.md"})
	if err == nil || !strings.Contains(err.Error(), "content/news/b.md:4") || !strings.Contains(err.Error(), `no id "plans"`) {
		t.Fatalf("want a broken anchor in b.md, got %v", err)
	}
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Plans\n\nBack.\n")
	res, err := b.Build(context.Background(), []string{"content/news/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	sameAsClean(t, src, live)
	// The edited page's own new link is checked too.
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Plans\n\nSee [nothing](/nowhere/).\n")
	if _, err := b.Build(context.Background(), []string{"content/news/a.md"}); err == nil || !strings.Contains(err.Error(), "content/news/a.md:8") {
		t.Fatalf("want a broken link in a.md, got %v", err)
	}
}

// With --links=warn, a quick build reports the same warnings as a clean
// build: the ones it found and the ones of pages it did not check again.
func TestQuickPathKeepsOtherWarnings(t *testing.T) {
	b, src, _ := quickBuilder(t, Options{LinksWarn: true})
	writeFileT(src, "content/news/b.md", "---\ntitle: B\n---\nB links to [nothing](/nowhere/).\n")
	if _, err := b.Build(context.Background(), []string{"content/news/b.md"}); err != nil {
		t.Fatal(err)
	}
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A.\n\n## Later\n")
	res, err := b.Build(context.Background(), []string{"content/news/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Quick || len(res.Stats.Warnings) != 1 || !strings.Contains(res.Stats.Warnings[0], "b.md:4") {
		t.Fatalf("quick %v, warnings %q", res.Stats.Quick, res.Stats.Warnings)
	}
}

// The forum site, with its feeds, calendars and three languages: body
// edits of every page take the quick path, and the result stays equal to a
// clean build.
func TestQuickPathOnForumSite(t *testing.T) {
	root, _ := filepath.Abs("../..")
	src, live := t.TempDir(), t.TempDir()
	for _, dir := range config.Folders() {
		if _, err := os.Stat(filepath.Join(root, dir)); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join(root, dir))); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile(filepath.Join(root, "sitegen.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFileT(src, "sitegen.toml", string(toml))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := NewBuilder(Options{Source: src, Now: now})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	files, _ := filepath.Glob(filepath.Join(src, "content", "*.md"))
	more, _ := filepath.Glob(filepath.Join(src, "content", "*", "*.md"))
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("only %d content files", len(files))
	}
	for i, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Alternately a new last paragraph and a new first one (the summary).
		edited := string(text) + fmt.Sprintf("\nEdit %d.\n", i)
		if i%2 == 1 {
			if k := strings.Index(edited[4:], "\n---\n"); k >= 0 {
				at := 4 + k + 5
				edited = edited[:at] + fmt.Sprintf("\nFirst %d.\n\n", i) + edited[at:]
			}
		}
		if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(src, f)
		res, err := b.Build(context.Background(), []string{filepath.ToSlash(rel)})
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if !res.Stats.Quick {
			t.Errorf("%s: a body edit took the full build", rel)
		}
		apply(t, live, res)
	}
	sameAsClean(t, src, live)
}
