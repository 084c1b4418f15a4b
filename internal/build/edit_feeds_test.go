package build

import (
	"context"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelPathSplicesFeeds: after a front-matter edit the model path
// makes the feeds and the sitemap from the last ones' kept items
// (edit_feeds.go, edit_sitemap.go), and
// they are still a clean build's: the edited page's item, and that of a
// page whose summary links to a page whose URL changed (its body, not
// its metadata, changed), are made again. A feed written by another
// path (a body edit's) is not spliced from a stale memo.
func TestModelPathSplicesFeeds(t *testing.T) {
	site := maps.Clone(quickSite)
	site["content/news/a.md"] = "---\ntitle: A\ndate: 2016-10-01\n---\nFirst paragraph of A.\n\n## Plans\n\nMore.\n"
	site["content/news/b.md"] = "---\ntitle: B\ndate: 2016-10-02\n---\nB links to [the plans](a.md#plans).\n"
	site["content/news/c.md"] = "---\ntitle: C\ndate: 2016-10-03\n---\nC.\n"
	b, src, live := siteBuilder(t, site, Options{})
	steps := []struct {
		name, file, text string
		spliced          int    // feeds and sitemaps spliced so far
		want             string // in index.xml
	}{
		{"a title (no feed kept yet)", "content/news/c.md", "---\ntitle: C2\ndate: 2016-10-03\n---\nC.\n", 0, "<title>C2</title>"},
		{"a title", "content/news/c.md", "---\ntitle: C3\ndate: 2016-10-03\n---\nC.\n", 2, "<title>C3</title>"},
		{"the URL a summary links to", "content/news/a.md", "---\ntitle: A\ndate: 2016-10-01\nslug: a-two\n---\nFirst paragraph of A.\n\n## Plans\n\nMore.\n", 4, "news/a-two/</link>"},
		{"a date that reorders", "content/news/a.md", "---\ntitle: A\ndate: 2016-10-04\nslug: a-two\n---\nFirst paragraph of A.\n\n## Plans\n\nMore.\n", 7, "<title>A</title><link>https://example.org/news/a-two/</link><pubDate>Tue, 04 Oct"}, // and the sitemap's lastmod
		{"a body (the quick path writes the feeds)", "content/news/c.md", "---\ntitle: C3\ndate: 2016-10-03\n---\nC, longer.\n", 7, "C, longer."},
		{"a title after it", "content/news/b.md", "---\ntitle: B2\ndate: 2016-10-02\n---\nB links to [the plans](a.md#plans).\n", 7, "<title>B2</title>"},
		{"a new page", "content/news/d.md", "---\ntitle: D\ndate: 2016-09-01\n---\nD.\n", 10, "<title>D</title>"},
	}
	spliced := 0
	for _, s := range steps {
		writeFileT(src, s.file, s.text)
		res, err := b.Build(context.Background(), []string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		apply(t, live, res)
		got := b.big.spliced
		if got != s.spliced {
			t.Errorf("%s: %d feeds spliced so far, want %d", s.name, got, s.spliced)
		}
		feed, err := os.ReadFile(filepath.Join(live, "index.xml"))
		if err != nil || !strings.Contains(string(feed), s.want) {
			t.Errorf("%s: index.xml is %q, want %s in it", s.name, feed, s.want)
		}
		// A spliced feed that changed is not hashed (output.Memory's
		// WriteChanged): its recorded hash is a token.
		if real := b.state.Files["index.xml"] == maphash.Bytes(b.seed, feed); got > spliced && real {
			t.Errorf("%s: the spliced home feed was hashed", s.name)
		}
		spliced = got
		sameAsClean(t, src, live)
	}
}
