package build

import (
	"context"
	"slices"
	"testing"
	"time"
)

// depsSite has one page that reads data and one that shows a UI string.
var depsSite = map[string]string{
	"sitegen.toml":                  "title = \"D\"\nbaseURL = \"https://example.org/\"\n",
	"templates/home.html":           `<h1>{{ .Title }}</h1>{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
	"templates/section.html":        `{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
	"templates/page.html":           `<h1>{{ .Title }}</h1>{{ .Content }}`,
	"templates/speakers.html":       `<h1>{{ .Title }}</h1>{{ range .Site.Data.people.names }}<li>{{ . }}</li>{{ end }}`,
	"templates/about.html":          `<h1>{{ .Title }}</h1>{{ partial "hello.html" . }}`,
	"templates/partials/hello.html": `<p>{{ T "hello" }}</p>`,
	"content/news/a.md":             "---\ntitle: A\n---\nA.\n",
	"content/news/b.md":             "---\ntitle: B\n---\nB.\n",
	"content/speakers.md":           "---\ntitle: Speakers\nlayout: speakers\n---\n",
	"content/about.md":              "---\ntitle: About\nlayout: about\n---\n",
	"data/people.yaml":              "names: [Ada, Bo]\n",
	"i18n/en.yaml":                  "hello: Hello\n",
}

// A data file or a UI string used by one page renders that page again,
// and no other; the configuration renders every page.
func TestDataAndStringsRenderTheirReaders(t *testing.T) {
	src, live := t.TempDir(), t.TempDir()
	for name, body := range depsSite {
		writeFileT(src, name, body)
	}
	b := NewBuilder(Options{Source: src, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	all := res.Stats.Templates
	steps := []struct {
		name, file, text string
		runs             int // templates run; -1: every page's
		want             []string
	}{
		{"data", "data/people.yaml", "names: [Ada, Bo, Cy]\n", 1, []string{"speakers/index.html"}},
		{"a UI string", "i18n/en.yaml", "hello: Hi\n", 1, []string{"about/index.html"}},
		// Data is one key per language: the pages that read any of it run.
		{"another data file", "data/other.yaml", "x: 1\n", 1, []string{}},
		{"the configuration", "sitegen.toml", "title = \"D2\"\nbaseURL = \"https://example.org/\"\n", -1, nil},
	}
	for _, s := range steps {
		writeFileT(src, s.file, s.text)
		res, err := b.Build(context.Background(), []string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		want := s.runs
		if want < 0 {
			want = all
		}
		if res.Stats.Templates != want {
			t.Errorf("%s: %d templates ran, want %d", s.name, res.Stats.Templates, want)
		}
		if got := written(res); s.want != nil && !slices.Equal(got, s.want) && len(got)+len(s.want) > 0 {
			t.Errorf("%s: wrote %v, want %v", s.name, got, s.want)
		}
		apply(t, live, res)
		sameAsClean(t, src, live)
	}
}
