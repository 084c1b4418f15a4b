package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitegen/sitegen/internal/build"
)

// TestMovedAfterInPlaceURLs: the reload event's moved URLs (a tab on a
// renamed page follows it) come out right from builds that change the
// last build's URLs in place and say what they were (Stats.URLsWere),
// over a rename, a slug, a new page, a deletion and a title edit, each
// compared with the URLs a copy of the last build's map gives.
func TestMovedAfterInPlaceURLs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sitegen.toml", "title = \"U\"\nbaseURL = \"https://example.org/\"\n")
	write("templates/list.html", `{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`)
	write("templates/page.html", `<h1>{{ .Title }}</h1>{{ .Content }}`)
	for i := range 5 {
		write(fmt.Sprintf("content/news/p%d.md", i), fmt.Sprintf("---\ntitle: P%d\n---\nText.\n", i))
	}
	b := build.NewBuilder(build.Options{Source: dir})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]string{}
	for f, u := range res.Stats.URLs {
		last[f] = u
	}
	steps := []struct {
		name   string
		edit   func() []string
		moved  map[string]string
		inPlac bool // the build changed the URLs in place
	}{
		{"a title", func() []string {
			write("content/news/p1.md", "---\ntitle: P1 again\n---\nText.\n")
			return []string{"content/news/p1.md"}
		}, map[string]string{}, false},
		{"a slug", func() []string {
			write("content/news/p2.md", "---\ntitle: P2\nslug: two\n---\nText.\n")
			return []string{"content/news/p2.md"}
		}, map[string]string{"/news/p2/": "/news/two/"}, true},
		{"a rename", func() []string {
			if err := os.Rename(filepath.Join(dir, "content/news/p3.md"), filepath.Join(dir, "content/news/p3b.md")); err != nil {
				t.Fatal(err)
			}
			return []string{"content/news/p3.md", "content/news/p3b.md"}
		}, map[string]string{"/news/p3/": "/news/p3b/"}, true},
		{"a new page", func() []string {
			write("content/news/p9.md", "---\ntitle: P9\n---\nText.\n")
			return []string{"content/news/p9.md"}
		}, map[string]string{}, true},
		{"a deletion", func() []string {
			if err := os.Remove(filepath.Join(dir, "content/news/p0.md")); err != nil {
				t.Fatal(err)
			}
			return []string{"content/news/p0.md"}
		}, map[string]string{}, true},
	}
	for _, s := range steps {
		changed := s.edit()
		res, err := b.Build(context.Background(), changed)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		before := last
		if res.Stats.URLsWere != nil {
			before = urlsBefore(res.Stats.URLsWere, res.Stats.URLs, changed)
		}
		if (res.Stats.URLsWere != nil) != s.inPlac {
			t.Errorf("%s: URLs changed in place: %v, want %v", s.name, res.Stats.URLsWere != nil, s.inPlac)
		}
		got, want := moved(before, res.Stats.URLs, changed), moved(last, res.Stats.URLs, changed)
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(got) != fmt.Sprint(s.moved) {
			t.Errorf("%s: moved %v, from a copy of the last URLs %v, want %v", s.name, got, want, s.moved)
		}
		last = map[string]string{}
		for f, u := range res.Stats.URLs {
			last[f] = u
		}
	}
}
