package build

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// buildFiles builds a site given as file -> text and returns its output.
func buildFiles(t *testing.T, files map[string]string) map[string][]byte {
	t.Helper()
	src := t.TempDir()
	for name, body := range files {
		writeFileT(src, name, body)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dest)
}

// Reading times count each script at its own rate and follow the
// language's readingSpeed.
func TestReadingTimePerLanguage(t *testing.T) {
	words := func(w string, n int) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	page := func(title, body string) string { return "---\ntitle: " + title + "\n---\n" + body + "\n" }
	files := map[string]string{
		"sitegen.toml": "baseURL = \"https://example.org/\"\n[languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n" +
			"[languages.zh]\nweight = 3\n[languages.ja]\nweight = 4\nreadingSpeed = 100\n",
		"templates/list.html":   `{{ .Title }}`,
		"templates/single.html": `{{ .ReadingTime }} min, {{ .WordCount }} words`,
		"content/en.md":         page("en", words("word", 1000)),                                  // 1000/200
		"content/ru.ru.md":      page("ru", words("слово", 900)),                                  // 900/180
		"content/zh.zh.md":      page("zh", strings.Repeat("中文字。", 500)),                          // 1500/400
		"content/mixed.zh.md":   page("mixed", strings.Repeat("字", 400)+" "+words("WeChat", 400)), // 400/400 + 400/200
		"content/quote.md":      page("quote", words("word", 200)+" "+words("слово", 360)),        // 200/200 + 360/180
		"content/slow.ja.md":    page("slow", strings.Repeat("字", 250)),                           // 250/100, its own readingSpeed
	}
	tree := buildFiles(t, files)
	for _, tc := range []struct{ file, want string }{
		{"en/index.html", "5 min, 1000 words"},
		{"ru/ru/index.html", "5 min, 900 words"},
		{"zh/zh/index.html", "4 min, 1500 words"},
		{"zh/mixed/index.html", "3 min, 800 words"},
		{"quote/index.html", "3 min, 560 words"},
		{"ja/slow/index.html", "3 min, 250 words"},
	} {
		if got := string(tree[tc.file]); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.file, got, tc.want)
		}
	}
}

// TestUntranslatedFallback spells out the rules the untranslated golden
// shows: zh falls back, ru omits.
func TestUntranslatedFallback(t *testing.T) {
	fx := findFixture(t, "untranslated")
	dest, _, err := fx.build(t, fx.opts)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dest)
	for _, c := range []struct {
		file, want, why string
		absent          bool // want must not be in the file (or, with want "", the file must not exist)
	}{
		{file: "zh/about/index.html", want: `<html lang="zh">`, why: "the fallback is inside the zh site"},
		{file: "zh/about/index.html", want: `<div lang="en"><h1>About</h1>`, why: "its content is marked as English"},
		{file: "zh/about/index.html", want: `<p class="notice">本页尚未翻译。</p>`, why: "the built-in notice, in Chinese"},
		{file: "zh/about/index.html", want: `<link rel="canonical" href="https://example.org/about/">`, why: "canonical is the original"},
		{file: "zh/about/index.html", want: `<a href="/zh/about/">关于</a>`, why: "the zh menu's pageRef finds it"},
		{file: "zh/about/index.html", want: `<a href="/zh/venue/">Guangzhou</a>`, why: "its links stay in zh"},
		{file: "zh/about/index.html", want: `hreflang`, why: "a fallback has no alternates", absent: true},
		{file: "zh/venue/hall.pdf", want: "not really a PDF", why: "a fallback bundle has its files"},
		{file: "about/index.html", want: `hreflang="zh"`, why: "the original lists no fallback as a translation", absent: true},
		{file: "zh/news/briefing/index.html", want: `<link rel="canonical" href="https://example.org/zh/news/briefing/">`, why: "a real translation's canonical is its own"},
		{file: "zh/news/briefing/index.html", want: `<div lang="zh">`, why: "a real translation's content is in its language"},
		{file: "ru/about/index.html", why: "ru omits untranslated pages", absent: true},
		{file: "sitemap.xml", want: "https://example.org/zh/about/", why: "a fallback is not in the sitemap", absent: true},
		{file: "sitemap.xml", want: "<url><loc>https://example.org/about/</loc></url>", why: "the original is, without alternates"},
		{file: "zh/index.xml", want: "zh/about", why: "nor in the zh feed", absent: true},
		{file: "zh/tags/forum/index.html", why: "a fallback joins no zh taxonomy", absent: true},
	} {
		data, ok := tree[c.file]
		switch {
		case c.want == "" && c.absent && ok:
			t.Errorf("%s exists (%s)", c.file, c.why)
		case c.want == "":
		case !ok:
			t.Errorf("%s is missing (%s)", c.file, c.why)
		case strings.Contains(string(data), c.want) == c.absent:
			t.Errorf("%s (%s): %q present %v, want %v, in:\n%s", c.file, c.why, c.want, c.absent, !c.absent, data)
		}
	}
}
