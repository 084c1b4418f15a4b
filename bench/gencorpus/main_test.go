package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// readTree returns every file under dir keyed by its slash-separated path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministicAndLinked(t *testing.T) {
	const n = 50
	a, b := t.TempDir(), t.TempDir()
	if err := generate(a, n, 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := generate(b, n, 1, nil); err != nil {
		t.Fatal(err)
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("runs wrote %d and %d files", len(fa), len(fb))
	}
	for p, data := range fa {
		if !bytes.Equal(data, fb[p]) {
			t.Errorf("%s differs between runs", p)
		}
	}
	for _, want := range []string{"config.toml", "sitegen.toml", "content/_index.md",
		"layouts/_default/baseof.html", "layouts/_default/term.html",
		"templates/base.html", "templates/page.html", "content/people/_index.md"} {
		if fa[want] == nil {
			t.Errorf("missing %s", want)
		}
	}

	linkRE := regexp.MustCompile(`\]\((/[a-z]+/page-\d+/)\)`)
	pages := 0
	for p, data := range fa {
		if !strings.HasPrefix(p, "content/") || strings.HasSuffix(p, "_index.md") {
			continue
		}
		pages++
		text := string(data)
		if !strings.HasPrefix(text, "---\ntitle: ") || !strings.Contains(text, "\ndate: 20") {
			t.Errorf("%s: bad front matter", p)
		}
		if c := strings.Count(text, "```"); c != 2 {
			t.Errorf("%s: %d code fences, want one block", p, c/2)
		}
		links := linkRE.FindAllStringSubmatch(text, -1)
		if len(links) < 2 || len(links) > 4 {
			t.Errorf("%s: %d links, want 2-4", p, len(links))
		}
		for _, l := range links {
			target := "content" + strings.TrimSuffix(l[1], "/") + ".md"
			if fa[target] == nil {
				t.Errorf("%s: link %s has no page %s", p, l[1], target)
			}
		}
	}
	if pages != n {
		t.Errorf("wrote %d pages, want %d", pages, n)
	}

	// A different seed gives a different corpus.
	c := t.TempDir()
	if err := generate(c, n, 2, nil); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(fa, readTree(t, c)) {
		t.Error("seed 2 gave the same corpus as seed 1")
	}
}
