package build

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// paginationSite is testdata/pagination.txtar with its pages: 95 English
// news, 23 Chinese, 9 Russian blog posts, dated one a day so that the
// newest comes first.
func paginationSite(t *testing.T) map[string]string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "pagination.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	add := func(dir, lang string, n int) {
		for i := 1; i <= n; i++ {
			day := fmt.Sprintf("2016-%02d-%02d", 1+(i-1)/28, 1+(i-1)%28)
			files[fmt.Sprintf("content/%s/item-%03d%s.md", dir, i, lang)] = fmt.Sprintf("---\ntitle: Item %d\ndate: %s\n---\nText %d.\n", i, day, i)
		}
	}
	add("news", "", 95)
	add("news", ".zh", 23)
	add("blog", ".ru", 9)
	return files
}

func TestPagination(t *testing.T) {
	tree := buildFiles(t, paginationSite(t))
	page := func(file string) string {
		t.Helper()
		data, ok := tree[file]
		if !ok {
			t.Fatalf("%s is missing", file)
		}
		return string(data)
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"news/index.html", []string{"page 1 of 10, 10 of 95", "<li>Item 95</li>", "<li>Item 86</li>",
			`<link rel="next" href="/news/page/2/">`, `<a href="/news/page/10/">last</a>`, `<link rel="canonical" href="https://example.org/news/">`}},
		{"news/page/2/index.html", []string{"page 2 of 10, 10 of 95", "<li>Item 85</li>", "<li>Item 76</li>",
			`<link rel="prev" href="/news/">`, `<link rel="next" href="/news/page/3/">`, `<a href="/news/">first</a>`,
			`<link rel="canonical" href="https://example.org/news/page/2/">`}},
		{"news/page/10/index.html", []string{"page 10 of 10, 5 of 95", "<li>Item 5</li>", "<li>Item 1</li>",
			`<link rel="prev" href="/news/page/9/">`}},
		{"zh/news/index.html", []string{"page 1 of 3, 10 of 23", `<link rel="next" href="/zh/news/page/2/">`}},
		{"zh/news/page/3/index.html", []string{"page 3 of 3, 3 of 23", "<li>Item 1</li>"}},
		{"ru/blog/index.html", []string{"page 1 of 3, 4 of 9"}}, // the front matter's pagerSize
		{"ru/blog/page/3/index.html", []string{"page 3 of 3, 1 of 9", "<li>Item 1</li>"}},
		{"index.html", []string{"home page 1 of 2: 60", `<a href="/">1</a> <a href="/page/2/">2</a>`}},
		{"page/2/index.html", []string{"home page 2 of 2: 35"}},
		{"news/page/1/index.html", []string{`<meta http-equiv="refresh" content="0; url=/news/">`, `<link rel="canonical" href="https://example.org/news/">`}},
	} {
		got := page(tc.file)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %q in:\n%s", tc.file, w, got)
			}
		}
	}
	for _, file := range []string{"news/page/11/index.html", "zh/news/page/4/index.html", "ru/blog/page/4/index.html", "news/item-001/page/2/index.html"} {
		if _, ok := tree[file]; ok {
			t.Errorf("%s exists", file)
		}
	}
	if s := page("news/index.html"); strings.Contains(s, `rel="prev"`) {
		t.Errorf("page 1 has a rel=prev:\n%s", s)
	}
	if s := page("news/page/10/index.html"); strings.Contains(s, `rel="next"`) {
		t.Errorf("the last page has a rel=next:\n%s", s)
	}

	sitemap := page("sitemap.xml")
	entry := func(loc string) string {
		m := regexp.MustCompile(`<url><loc>` + regexp.QuoteMeta(loc) + `</loc>.*</url>`).FindString(sitemap)
		if m == "" {
			t.Errorf("sitemap: no entry for %s", loc)
		}
		return m
	}
	for n := 2; n <= 10; n++ {
		entry(fmt.Sprintf("https://example.org/news/page/%d/", n))
	}
	if e := entry("https://example.org/news/page/2/"); !strings.Contains(e, `hreflang="zh" href="https://example.org/zh/news/page/2/"`) ||
		!strings.Contains(e, `hreflang="x-default" href="https://example.org/news/page/2/"`) {
		t.Errorf("news page 2 lacks its alternates: %s", e)
	}
	if e := entry("https://example.org/zh/news/page/3/"); !strings.Contains(e, `hreflang="en" href="https://example.org/news/page/3/"`) {
		t.Errorf("zh news page 3 lacks its English alternate: %s", e)
	}
	if e := entry("https://example.org/news/page/4/"); strings.Contains(e, "hreflang") {
		t.Errorf("news page 4 has alternates, but zh has 3 pages: %s", e)
	}
	entry("https://example.org/ru/blog/page/3/")
	entry("https://example.org/page/2/")
	for _, loc := range []string{"https://example.org/news/page/1/", "https://example.org/news/page/11/", "https://example.org/zh/news/page/4/"} {
		if strings.Contains(sitemap, "<loc>"+loc+"</loc>") {
			t.Errorf("sitemap lists %s", loc)
		}
	}
}

// Paginate is refused where it has no meaning, and a bad pagerSize in
// front matter, each with its file and line.
func TestPaginateErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, text, want string }{
		{"regular page", "templates/single.html", `{{ define "main" }}{{ .Paginator }}{{ end }}`,
			"templates/single.html:1: executing \"main\" at <.Paginator>: error calling Paginator: Paginator: only list pages (home, section, taxonomy, term) paginate; /news/item-001/ is a page page"},
		{"another page", "templates/single.html", `{{ define "main" }}{{ .Parent.Paginator }}{{ end }}`,
			"only the page being rendered paginates, not /news/"},
		{"size zero", "templates/home.html", `{{ .Paginate .Pages 0 }}`, "Paginate: pager size 0; want at least 1"},
		{"not pages", "templates/home.html", `{{ .Paginate (slice 1 2) }}`, "Paginate: item 0 of the list is a int, not a page"},
		{"front matter", "content/blog/_index.ru.md", "---\ntitle: Блог\npagerSize: none\n---\n",
			"content/blog/_index.ru.md:3: pagerSize none: want a whole number of at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := paginationSite(t)
			files[tc.file] = tc.text
			src := t.TempDir()
			for name, body := range files {
				writeFileT(src, name, body)
			}
			_, err := Build(context.Background(), Options{Source: src, Destination: filepath.Join(t.TempDir(), "out"), Now: fixtureNow})
			// The error is at the file to fix: the template, or the
			// content file with the bad pagerSize.
			at := tc.file
			if strings.HasPrefix(at, "content/") {
				at += ":3:"
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), at) {
				t.Errorf("got %v, want %q at %s", err, tc.want, at)
			}
		})
	}
}
