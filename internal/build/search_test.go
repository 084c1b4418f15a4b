package build

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// searchSite is a small trilingual site with search on.
func searchSite(t *testing.T) string {
	src := t.TempDir()
	writeFileT(src, "sitegen.toml", `title = "S"
baseURL = "https://example.org/"
[languages.en]
weight = 1
[languages.zh]
weight = 2
[languages.ru]
weight = 3
[search]
enabled = true
`)
	writeFileT(src, "templates/page.html", `<h1>{{ .Title }}</h1>{{ .Content }}`)
	writeFileT(src, "templates/home.html", `{{ .Content }}`)
	writeFileT(src, "templates/search.html", `{{ partial "search.html" . }}`)
	writeFileT(src, "content/search.md", "---\ntitle: Search\nlayout: search\n---\n")
	writeFileT(src, "content/search.zh.md", "---\ntitle: 搜索\nlayout: search\n---\n")
	writeFileT(src, "content/search.ru.md", "---\ntitle: Поиск\nlayout: search\n---\n")
	writeFileT(src, "content/a.md", "---\ntitle: Quick pay\n---\nPayments in Guangzhou.\n")
	writeFileT(src, "content/a.zh.md", "---\ntitle: 快速支付\n---\n微信支付在广州。\n")
	writeFileT(src, "content/a.ru.md", "---\ntitle: Платежи\n---\nПлатёж в Гуанчжоу.\n")
	return src
}

// A body edit under serve writes its language's index again and no other
// language's, and the result is what a clean build writes.
func TestSearchIndexFollowsEdits(t *testing.T) {
	src := searchSite(t)
	live := t.TempDir()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := NewBuilder(Options{Source: src, Now: now})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	for _, f := range []string{"search/search.js", "search/en/meta.json", "search/zh/meta.json", "search/ru/meta.json", "search/en/d/0.json"} {
		if _, ok := res.Write[f]; !ok {
			t.Errorf("the first build wrote no %s", f)
		}
	}
	writeFileT(src, "content/a.md", "---\ntitle: Quick pay\n---\nPayments in Guangzhou and Rostelecom.\n")
	res, err = b.Build(context.Background(), []string{"content/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Quick {
		t.Error("a body edit took the full build")
	}
	var search []string
	for f := range res.Write {
		if strings.HasPrefix(f, "search/") {
			search = append(search, f)
		}
	}
	sort.Strings(search)
	if len(search) == 0 {
		t.Fatal("the edit wrote nothing of the index")
	}
	for _, f := range search {
		if !strings.HasPrefix(f, "search/en/") {
			t.Errorf("an English edit wrote %s", f)
		}
	}
	if !strings.Contains(string(res.Write["search/en/d/0.json"]), "Rostelecom") {
		t.Errorf("search/en/d/0.json: %s", res.Write["search/en/d/0.json"])
	}
	apply(t, live, res)
	// And a full rebuild (a template change) keeps the languages' files.
	writeFileT(src, "templates/page.html", `<h1>{{ .Title }}</h1><div>{{ .Content }}</div>`)
	res, err = b.Build(context.Background(), []string{"templates/page.html"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Remove {
		if strings.HasPrefix(f, "search/") {
			t.Errorf("a template change removed %s", f)
		}
	}
	apply(t, live, res)
	sameAsClean(t, src, live)
}

// Without [search] the build writes no index; the search page and its
// partial still render, and say without JavaScript where to go instead.
func TestSearchOffAndNoScript(t *testing.T) {
	src := searchSite(t)
	conf, _ := os.ReadFile(filepath.Join(src, "sitegen.toml"))
	writeFileT(src, "sitegen.toml", strings.Replace(string(conf), "enabled = true", "enabled = false", 1))
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "search", "en")); !os.IsNotExist(err) {
		t.Errorf("search/en exists without [search] (%v)", err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "zh", "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<form role="search"`, `<input type="search" name="q"`, `<ol data-search-results>`, `<noscript>`, "搜索需要 JavaScript", `data-search-index="/search/zh/"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("zh/search/index.html lacks %s", want)
		}
	}
}

// A site's own templates/partials/search.html replaces the built-in one.
func TestSearchPartialOverride(t *testing.T) {
	src := searchSite(t)
	writeFileT(src, "templates/partials/search.html", `<p>own search</p>`)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "search", "index.html"))
	if string(page) != "<p>own search</p>" {
		t.Errorf("search/index.html: %q", page)
	}
}

// A page whose front matter says search: false is left out of its
// language's index; the others are in it.
func TestSearchOptOut(t *testing.T) {
	src := searchSite(t)
	writeFileT(src, "content/b.md", "---\ntitle: Private notes\nsearch: false\n---\nRostelecom minutes.\n")
	writeFileT(src, "content/c.md", "+++\ntitle = \"Public notes\"\nsearch = true\n+++\nTASS minutes.\n")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "b", "index.html")); err != nil {
		t.Fatalf("the opted-out page itself is not built: %v", err)
	}
	var all strings.Builder
	files, _ := filepath.Glob(filepath.Join(dest, "search", "en", "*", "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		all.Write(b)
	}
	for _, c := range []struct {
		text string
		want bool
	}{{"Private notes", false}, {"rostelecom", false}, {"/b/", false}, {"Public notes", true}, {"tass", true}, {"/c/", true}} {
		if got := strings.Contains(all.String(), c.text); got != c.want {
			t.Errorf("search/en holds %q: %v, want %v", c.text, got, c.want)
		}
	}
	meta, _ := os.ReadFile(filepath.Join(dest, "search", "en", "meta.json"))
	if !strings.Contains(string(meta), `"docs":2`) { // a and c
		t.Errorf("search/en/meta.json: %s", meta)
	}
}

// The built-in search box takes its words from the site's i18n/ where it
// has them and from sitegen's own in en, zh and ru otherwise, and loads
// the search script only when the reader turns to it.
func TestSearchBoxWords(t *testing.T) {
	src := searchSite(t)
	writeFileT(src, "i18n/zh.yaml", "searchLabel: \"站内搜索\"\n")
	dest := t.TempDir()
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string][]string{
		"search/index.html":    {`<label for="search-q">Search this site</label>`, `>Search</button>`, `{0} results`},
		"zh/search/index.html": {`<label for="search-q">站内搜索</label>`, `>搜索</button>`, `共 {0} 个结果`},
		"ru/search/index.html": {`<label for="search-q">Поиск по сайту</label>`, `>Найти</button>`, `Найдено: {0}`},
	} {
		b, err := os.ReadFile(filepath.Join(dest, page))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
		if strings.Contains(html, `<script src=`) || !strings.Contains(html, `addEventListener("focus", load`) {
			t.Errorf("%s loads the search script with the page, not on focus", page)
		}
	}
}
