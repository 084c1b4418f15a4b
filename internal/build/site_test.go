package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestForumSite builds the site this repository ships, links checked as
// errors, twice, and compares the outputs byte for byte; then it checks
// what a visitor and a crawler get, at the root and under a subpath: every
// language's home, a page for every content file, the feeds, the sitemap,
// and no link or anchor in any page that leads nowhere (see sitecheck_test.go).
// It asserts structure, not bytes: the templates change.
func TestForumSite(t *testing.T) {
	root, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(root, "templates")); err != nil {
		t.Skip("the repository's site has no templates yet")
	}
	var outs []string
	for i := 0; i < 2; i++ {
		dest := filepath.Join(t.TempDir(), "public")
		st, err := Build(context.Background(), Options{Source: root, Destination: dest, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "zh", "ru"} {
			if st.Pages[lang] < 9 {
				t.Errorf("%s: %d pages", lang, st.Pages[lang])
			}
		}
		outs = append(outs, dest)
	}
	a, b := readTree(t, outs[0]), readTree(t, outs[1])
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(b[name], data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	for _, want := range []string{"index.html", "zh/index.html", "ru/index.html", "calendar.ics", "zh/calendar.ics", "ru/calendar.ics", "sitemap.xml", "404.html"} {
		if _, ok := a[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	if !strings.Contains(string(a["sitemap.xml"]), `hreflang="x-default"`) {
		t.Error("sitemap without x-default")
	}
	for _, base := range []string{"", "https://mirror.example.net/archive/forum/"} {
		dest := filepath.Join(t.TempDir(), "public")
		st, err := Build(context.Background(), Options{Source: root, Destination: dest, BaseURL: base, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		checkShippedSite(t, root, readTree(t, dest), st, base)
	}
}
