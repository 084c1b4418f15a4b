package build

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
)

// TestListBufferPresized: the builder remembers a big list page's size
// from build to build (render.Sizes), so that the edit that renders it
// again fills a buffer with room for it from the start rather than one
// doubled up to it (render's TestSizesGrow); a small page has no hint.
func TestListBufferPresized(t *testing.T) {
	site := maps.Clone(quickSite)
	title := strings.Repeat("t", 150)
	for i := range 400 {
		site[fmt.Sprintf("content/news/p%03d.md", i)] = fmt.Sprintf("---\ntitle: %s %03d\n---\nText.\n", title, i)
	}
	b, src, live := siteBuilder(t, site, Options{})
	for _, s := range []string{"Edited", "Edited again"} {
		writeFileT(src, "content/news/p007.md", "---\ntitle: "+s+"\n---\nText.\n")
		res, err := b.Build(context.Background(), []string{"content/news/p007.md"})
		if err != nil {
			t.Fatal(err)
		}
		apply(t, live, res)
		data := res.Write["news/index.html"]
		if !strings.Contains(string(data), s) {
			t.Fatalf("%s: the section page was not written again", s)
		}
		if h := b.sizes.Hint("news/index.html"); h != len(data) {
			t.Errorf("%s: the section page's size hint is %d, want its %d bytes", s, h, len(data))
		}
		if h := b.sizes.Hint("news/p007/index.html"); h != 0 {
			t.Errorf("%s: a small page has a size hint, %d", s, h)
		}
	}
	sameAsClean(t, src, live)
}
