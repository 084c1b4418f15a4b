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
