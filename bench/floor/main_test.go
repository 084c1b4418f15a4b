package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const page = "---\ntitle: \"Test\"\ntags: [\"a-b\"]\n---\n\n" +
	"## Hello\n\nSome *text* and **more**.\n\n" +
	"| A | B |\n|---|--:|\n| x | 1 |\n\n" +
	"```go\nfunc main() { println(\"hi\") }\n```\n\n" +
	"```nosuchlanguage\nplain text\n```\n"

func TestConvertTree(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(in, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"_index.md", "news/page-00001.md"} {
		if err := os.WriteFile(filepath.Join(in, p), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, err := convertTree(in, out, 2)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("converted %d files, want 2", n)
	}
	data, err := os.ReadFile(filepath.Join(out, "news", "page-00001.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, want := range []string{`<pre class="chroma">`, `<span class="kd">func</span>`,
		"<table>", `<th style="text-align:right">B</th>`, "<h2", "<em>text</em>", "plain text"} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "title:") {
		t.Errorf("front matter was not stripped:\n%s", html)
	}
	if _, err := os.Stat(filepath.Join(out, "_index.html")); err != nil {
		t.Error(err)
	}
}

func TestStripFrontMatter(t *testing.T) {
	for in, want := range map[string]string{
		"---\na: 1\n---\nbody":       "body",
		"---\r\na: 1\r\n---\r\nbody": "body",
		"no front matter":            "no front matter",
		"---\nunterminated":          "---\nunterminated",
	} {
		if got := string(stripFrontMatter([]byte(in))); got != want {
			t.Errorf("stripFrontMatter(%q) = %q, want %q", in, got, want)
		}
	}
}
