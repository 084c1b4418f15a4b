package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// -translate adds pages and planted paragraphs; every English page is the
// default one, with at most paragraphs added at its end.
func TestTranslateOnlyAdds(t *testing.T) {
	const n = 60
	a, b := t.TempDir(), t.TempDir()
	if err := generate(a, n, 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := generate(b, n, 1, newPlanting(1, n, 20)); err != nil {
		t.Fatal(err)
	}
	plain, multi := readTree(t, a), readTree(t, b)
	for name, data := range multi {
		if !utf8.Valid(data) {
			t.Errorf("%s is not UTF-8", name)
		}
	}
	for name, data := range plain {
		if !strings.HasPrefix(name, "content/") {
			continue
		}
		if !bytes.HasPrefix(multi[name], data) {
			t.Errorf("%s differs from the default, not only at its end", name)
		}
	}
	var queries []Query
	if err := json.Unmarshal(multi["queries.json"], &queries); err != nil {
		t.Fatal(err)
	}
	if len(queries) != 36 {
		t.Fatalf("%d queries", len(queries))
	}
	for _, q := range queries {
		if len(q.Answers) < 3 {
			t.Errorf("%s %q: %d answers", q.Lang, q.Query, len(q.Answers))
		}
		for _, url := range q.Answers {
			file := "content" + strings.TrimPrefix(strings.TrimSuffix(url, "/"), "/"+q.Lang) + ".md"
			if q.Lang != "en" {
				file = strings.TrimSuffix(file, ".md") + "." + q.Lang + ".md"
			}
			if _, ok := multi[file]; !ok {
				t.Errorf("%s %q: answer %s has no %s", q.Lang, q.Query, url, file)
			}
		}
	}
	if !strings.Contains(string(multi["sitegen.toml"]), "[search]") {
		t.Error("no [search] in sitegen.toml")
	}
}
