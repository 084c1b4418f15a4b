package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every kind of front-matter edit takes the model path on a site with
// search on, brings the edited language's index up to date (a new page
// is indexed, a deleted or drafted one leaves it, a moved one changes its
// URL; a date or tags, which no document shows, leave it as it was) and
// writes no other language's, and the output is a clean build's.
func TestModelPathKeepsSearch(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // written; "" removes
		has   []string          // in search/en after the edit
		hasnt []string          // not in search/en after the edit
		same  bool              // the index stays as it was: no file of it is written
	}{
		{"title", map[string]string{"content/news/b.md": "---\ntitle: Rostelecom deal\ndate: 2016-10-29\n---\nTASS reports.\n"},
			[]string{"Rostelecom deal"}, []string{"Forum opens"}, false},
		{"date", map[string]string{"content/news/b.md": "---\ntitle: Forum opens\ndate: 2015-01-01\n---\nTASS reports.\n"},
			[]string{"Forum opens"}, nil, true},
		{"tags", map[string]string{"content/news/b.md": "---\ntitle: Forum opens\ndate: 2016-10-29\ntags: [media]\n---\nTASS reports.\n"},
			[]string{"Forum opens"}, nil, true},
		{"new", map[string]string{"content/news/d.md": "---\ntitle: Xinhua joins\ndate: 2016-10-30\n---\nSputnik too.\n"},
			[]string{"Xinhua joins", "/news/d/", "sputnik"}, nil, false},
		{"deleted", map[string]string{"content/news/b.md": ""},
			nil, []string{"Forum opens", "/news/b/", "tass"}, false},
		{"draft", map[string]string{"content/news/b.md": "---\ntitle: Forum opens\ndate: 2016-10-29\ndraft: true\n---\nTASS reports.\n"},
			nil, []string{"Forum opens", "/news/b/", "tass"}, false},
		{"moved", map[string]string{"content/news/b.md": "", "content/press/b.md": "---\ntitle: Forum opens\ndate: 2016-10-29\n---\nTASS reports.\n"},
			[]string{"/press/b/", "tass"}, []string{"/news/b/"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, live, b := startSearchSite(t)
			var changed []string
			for f, body := range c.files {
				if body == "" {
					os.Remove(filepath.Join(src, f))
				} else {
					writeFileT(src, f, body)
				}
				changed = append(changed, f)
			}
			res, err := b.Build(context.Background(), changed)
			if err != nil {
				t.Fatal(err)
			}
			if b.edits != 1 {
				t.Errorf("the edit did not take the model path (%d)", b.edits)
			}
			wrote := false
			for f := range res.Write {
				if strings.HasPrefix(f, "search/") && !strings.HasPrefix(f, "search/en/") {
					t.Errorf("an English edit wrote %s", f)
				}
				wrote = wrote || strings.HasPrefix(f, "search/en/")
			}
			if wrote == c.same {
				t.Errorf("the edit wrote search/en: %v, want %v", wrote, !c.same)
			}
			apply(t, live, res)
			all := indexText(t, filepath.Join(live, "search", "en"))
			for _, s := range c.has {
				if !strings.Contains(all, s) {
					t.Errorf("search/en lacks %q", s)
				}
			}
			for _, s := range c.hasnt {
				if strings.Contains(all, s) {
					t.Errorf("search/en still holds %q", s)
				}
			}
			sameAsClean(t, src, live)
		})
	}
}

// startSearchSite makes modelSearchSite, builds it with a Builder as
// serve does and puts the output in live.
func startSearchSite(t *testing.T) (src, live string, b *Builder) {
	src, live = modelSearchSite(t), t.TempDir()
	b = NewBuilder(Options{Source: src, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	return src, live, b
}

// modelSearchSite is searchSite with a section of a few dated pages,
// whose front-matter edits the model path handles.
func modelSearchSite(t *testing.T) string {
	src := searchSite(t)
	writeFileT(src, "templates/section.html", `<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`)
	writeFileT(src, "content/news/_index.md", "---\ntitle: News\n---\n")
	writeFileT(src, "content/press/_index.md", "---\ntitle: Press\n---\n")
	writeFileT(src, "content/news/b.md", "---\ntitle: Forum opens\ndate: 2016-10-29\n---\nTASS reports.\n")
	writeFileT(src, "content/news/c.md", "---\ntitle: Panel on payments\ndate: 2016-10-28\n---\nWeChat and Alipay.\n")
	return src
}

// indexText is every file of an index folder, one after another.
func indexText(t *testing.T, dir string) string {
	t.Helper()
	var all strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		all.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.String()
}

// Two body edits of one language in one save share the index's files: the
// quick path writes each once, with both edits.
func TestSearchTwoBodyEdits(t *testing.T) {
	src, live, b := startSearchSite(t)
	writeFileT(src, "content/news/b.md", "---\ntitle: Forum opens\ndate: 2016-10-29\n---\nTASS and Rossiya Segodnya report.\n")
	writeFileT(src, "content/news/c.md", "---\ntitle: Panel on payments\ndate: 2016-10-28\n---\nWeChat, Alipay and UnionPay.\n")
	res, err := b.Build(context.Background(), []string{"content/news/b.md", "content/news/c.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Quick {
		t.Error("two body edits took the full build")
	}
	apply(t, live, res)
	all := indexText(t, filepath.Join(live, "search", "en"))
	for _, s := range []string{"Rossiya Segodnya", "UnionPay"} {
		if !strings.Contains(all, s) {
			t.Errorf("search/en lacks %q", s)
		}
	}
	sameAsClean(t, src, live)
}
