package templates

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	sitefiles "github.com/sitegen/sitegen/internal/source" // templates has a type source
)

// testSite is a two-language site under a subpath; each test adds its
// templates.
var testSite = map[string]string{
	"sitegen.toml": `baseURL = "https://example.org/forum/"
title = "Forum"
defaultLanguage = "en"
[languages.en]
weight = 1
[languages.zh]
weight = 2
[[languages.en.menus.main]]
name = "About"
pageRef = "/about"
`,
	"i18n/en.yaml":           "greeting: \"Hello {0}\"\nonly: en only\n",
	"i18n/zh.yaml":           "greeting: \"你好 {0}\"\n",
	"content/_index.md":      "---\ntitle: Home\n---\nWelcome.\n",
	"content/about.md":       "---\ntitle: About\ndate: 2016-10-29\ntags: [media, forum]\nweight: 2\n---\nThe *forum*.\n",
	"content/about.zh.md":    "---\ntitle: 关于\ndate: 2016-10-29\n---\n论坛。\n",
	"content/news/_index.md": "---\ntitle: News\n---\n",
	"content/news/tour.md":   "---\ntitle: Press tour\ndate: 2016-10-28\nweight: 1\n---\nThe tour.\n",
}

// loadSite loads testSite plus the given templates.
func loadSite(t *testing.T, tmpl map[string]string) (*Templates, *content.Sites) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range testSite {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, text := range tmpl {
		fsys[Dir+"/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	md, _, _, err := sitefiles.Walk(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	files, err := sitefiles.ReadFiles(fsys, c, md)
	if err != nil {
		t.Fatal(err)
	}
	sites, err := content.Build(c, files, nil, nil, content.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTranslations(fsys, c.DefaultLanguage)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := Load(fsys, c, markdown.New(), tr)
	if err != nil {
		t.Fatal(err)
	}
	return tpl, sites
}

// page finds a page of the model by its content file.
func page(t *testing.T, sites *content.Sites, file string) *content.Page {
	t.Helper()
	for _, p := range sites.Pages {
		if p.File == file {
			return p
		}
	}
	t.Fatalf("no page for %s", file)
	return nil
}

// TestFuncs runs each function of the map in a template of its own, on
// the about page, in English and (where the language matters) Chinese.
func TestFuncs(t *testing.T) {
	cases := []struct {
		name, tmpl, want string
		zh               bool   // render the Chinese page
		err              string // the execution error wanted instead
	}{
		{name: "relURL", tmpl: `{{ relURL "css/a.css" }}|{{ relURL "/x/" }}`, want: "/forum/css/a.css|/forum/x/"},
		{name: "relURL-abs", tmpl: `{{ relURL "https://other.org/x" }}|{{ relURL "//cdn/x" }}`, want: "https://other.org/x|//cdn/x"},
		{name: "absURL", tmpl: `{{ absURL "x/" }}`, want: "https://example.org/forum/x/"},
		{name: "relLangURL", tmpl: `{{ relLangURL "about/" }}`, want: "/forum/about/"},
		{name: "relLangURL-zh", tmpl: `{{ relLangURL "about/" }}`, want: "/forum/zh/about/", zh: true},
		{name: "absLangURL-zh", tmpl: `{{ absLangURL "/" }}`, want: "https://example.org/forum/zh/", zh: true},
		{name: "T", tmpl: `{{ T "greeting" "Ann" }}|{{ i18n "only" }}|{{ T "missing" }}`, want: "Hello Ann|en only|missing"},
		{name: "T-zh", tmpl: `{{ T "greeting" "Ann" }}|{{ T "only" }}`, want: "你好 Ann|en only", zh: true},
		{name: "dateFormat", tmpl: `{{ dateFormat ":date_long" .Date }}|{{ dateFormat "2006-01-02" "2016-10-29T10:00:00Z" }}`, want: "29 October 2016|2016-10-29"},
		{name: "dateFormat-zh", tmpl: `{{ dateFormat ":date_long" .Date }}`, want: "2016年10月29日", zh: true},
		{name: "dateFormat-bad", tmpl: `{{ dateFormat "2006" "someday" }}`, err: "not a date"},
		{name: "time", tmpl: `{{ (time "2016-10-29").Year }}`, want: "2016"},
		{name: "markdownify", tmpl: `{{ markdownify "*a* & b" }}|{{ markdownify "p1\n\np2" }}`, want: "<em>a</em> &amp; b|<p>p1</p>\n<p>p2</p>"},
		{name: "safe", tmpl: `{{ safeHTML "<b>x</b>" }}|{{ "<b>x</b>" }}`, want: "<b>x</b>|&lt;b&gt;x&lt;/b&gt;"},
		{name: "safeURL", tmpl: `<a href="{{ safeURL "javascript:x" }}">|<a href="{{ "javascript:x" }}">`, want: `<a href="javascript:x">|<a href="#ZgotmplZ">`},
		{name: "jsonify", tmpl: `<script>var x = {{ jsonify (dict "a" 1 "b" "<") | safeJS }};</script>`, want: `<script>var x = {"a":1,"b":"\u003c"};</script>`},
		{name: "urlize", tmpl: `{{ urlize "Итоги Встречи 2016" }}`, want: "итоги-встречи-2016"},
		{name: "plainify", tmpl: `{{ plainify "<p>a <b>b</b></p>" }}`, want: "a b"},
		{name: "htmlEscape", tmpl: `{{ htmlEscape "<&>" | safeHTML }}`, want: "&lt;&amp;&gt;"},
		{name: "icsText", tmpl: `{{ icsText "a,b;c\\d\ne" }}`, want: `a\,b\;c\\d\ne`},
		{name: "where", tmpl: `{{ range where .Site.RegularPages "Section" "news" }}{{ .Title }};{{ end }}`, want: "Press tour;"},
		{name: "where-op", tmpl: `{{ range where .Site.RegularPages "Weight" ">" 1 }}{{ .Title }};{{ end }}`, want: "About;"},
		{name: "sort", tmpl: `{{ range sort .Site.RegularPages "Title" "desc" }}{{ .Title }};{{ end }}`, want: "Press tour;About;"},
		{name: "first", tmpl: `{{ range first 1 (sort .Site.RegularPages "Title") }}{{ .Title }}{{ end }}`, want: "About"},
		{name: "default", tmpl: `{{ default "d" "" }}|{{ default "d" "v" }}|{{ default 5 0 }}`, want: "d|v|5"},
		{name: "dict", tmpl: `{{ $d := dict "k" "v" }}{{ $d.k }}`, want: "v"},
		{name: "dict-odd", tmpl: `{{ dict "k" }}`, err: "key value pairs"},
		{name: "dict-key", tmpl: `{{ dict 1 2 }}`, err: "not a string"},
		{name: "slice", tmpl: `{{ range slice "a" 1 }}{{ . }};{{ end }}`, want: "a;1;"},
		{name: "seq", tmpl: `{{ range seq 3 }}{{ . }}{{ end }}`, want: "123"},
		{name: "arith", tmpl: `{{ add 1 2 }}|{{ sub 1 2 }}|{{ mul 2 2.5 }}|{{ div 7 2 }}|{{ div 6 2 }}|{{ round 2.5 }}`, want: "3|-1|5|3.5|3|3"},
		{name: "arith-bad", tmpl: `{{ add "x" 1 }}`, err: "arithmetic on x and 1"},
		{name: "strings", tmpl: `{{ lower "AbC" }}|{{ upper "abc" }}|{{ replace "a-b-c" "-" "+" }}|{{ delimit (split "a,b" ",") "/" }}|{{ hasPrefix "forum" "for" }}`, want: "abc|ABC|a&#43;b&#43;c|a/b|true"},
		{name: "in", tmpl: `{{ in (slice "a" "b") "b" }}|{{ in (slice "a") "c" }}`, want: "true|false"},
		{name: "partial", tmpl: `{{ partial "p.html" "x" }}|{{ partial "p.html" }}`, want: "[x]|[]"},
	}
	tmpl := map[string]string{"partials/p.html": "[{{ with . }}{{ . }}{{ end }}]"}
	for _, tc := range cases {
		tmpl["f-"+tc.name+".html"] = tc.tmpl
	}
	tpl, sites := loadSite(t, tmpl)
	en, zh := page(t, sites, "content/about.md"), page(t, sites, "content/about.zh.md")
	for _, tc := range cases {
		p := en
		if tc.zh {
			p = zh
		}
		var b bytes.Buffer
		err := tpl.Set(p.Lang).ExecutePage(&b, "f-"+tc.name+".html", p, NewTracker())
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err == "" && b.String() != tc.want:
			t.Errorf("%s: got %q, want %q", tc.name, b.String(), tc.want)
		}
	}
}

// TestTrackerDeps: a page's template records the keys of what it reads,
// and nothing for what every page is rebuilt for anyway (config, data).
func TestTrackerDeps(t *testing.T) {
	cases := []struct {
		name, file, tmpl string
		want             string
	}{
		{"title", "content/about.md", `{{ .Title }}`, "[m:/about/]"},
		{"kind and lang", "content/about.md", `{{ .Kind }}{{ .Lang }}{{ .IsPage }}`, "[]"},
		{"summary", "content/about.md", `{{ .Summary }}`, "[b:/about/]"},
		{"counts", "content/about.md", `{{ .WordCount }}{{ .ReadingTime }}`, "[b:/about/]"},
		{"content", "content/about.md", `{{ .Content }}`, "[b:/about/]"},
		{"site config", "content/about.md", `{{ .Site.Title }}{{ .Site.BaseURL }}{{ .Site.Params }}{{ .Site.Language.Code }}`, "[]"},
		{"parent", "content/news/tour.md", `{{ .Parent.Title }}`, "[m:/news/ m:/news/tour/]"},
		{"translations", "content/about.md", `{{ range .Translations }}{{ .RelPermalink }}{{ end }}`, "[m:/about/ m:/zh/about/]"},
		{"regular pages", "content/_index.md", `{{ range .Site.RegularPages }}{{ .Title }}{{ end }}`, "[l:en:regular m:/about/ m:/news/tour/]"},
		{"a list unread", "content/_index.md", `{{ len .Site.RegularPages }}`, "[l:en:regular]"},
		{"sections", "content/_index.md", `{{ range .Site.Sections }}{{ .Title }}{{ end }}`, "[l:en:sections m:/news/]"},
		{"home's pages", "content/_index.md", `{{ range .Pages }}{{ .Summary }}{{ end }}`, "[b:/about/ b:/news/ m:/]"},
		{"menus", "content/news/tour.md", `{{ range .Site.Menus.main }}{{ .Name }}{{ .Page.RelPermalink }}{{ end }}`, "[l:en:menus m:/about/]"},
		{"taxonomies", "content/news/tour.md", `{{ range $t, $terms := .Site.Taxonomies }}{{ $t }}{{ end }}`, "[l:en:taxonomies]"},
		{"zh list", "content/about.zh.md", `{{ range .Site.Pages }}{{ end }}`, "[l:zh:pages]"},
	}
	tmpl := map[string]string{}
	for i, tc := range cases {
		tmpl[fmt.Sprintf("d%d.html", i)] = tc.tmpl
	}
	tpl, sites := loadSite(t, tmpl)
	for i, tc := range cases {
		p := page(t, sites, tc.file)
		name := fmt.Sprintf("d%d.html", i)
		tr := NewTracker()
		if err := tpl.Set(p.Lang).ExecutePage(new(bytes.Buffer), name, p, tr); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := fmt.Sprint(tr.Deps()); got != tc.want {
			t.Errorf("%s: deps %s, want %s", tc.name, got, tc.want)
		}
		// An untracked render writes the same and records nothing.
		var a, b bytes.Buffer
		un := Untracked()
		if err := tpl.Set(p.Lang).ExecutePage(&a, name, p, un); err != nil {
			t.Fatal(err)
		}
		tpl.Set(p.Lang).ExecutePage(&b, name, p, NewTracker())
		if a.String() != b.String() || len(un.Deps()) != 0 {
			t.Errorf("%s: untracked wrote %q (deps %v), tracked %q", tc.name, a.String(), un.Deps(), b.String())
		}
	}
}
