package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A page whose Markdown links to a content file is rendered again by the
// model path when that file's page gets another URL, and only then: the
// links to other files are not looked up again (linkcheck.ValidAfter).
func TestModelPathFollowsLinkedFiles(t *testing.T) {
	b, src, live := quickBuilder(t, Options{})
	steps := []struct {
		name, file, text string
		want             string // in news/b/index.html
	}{
		{"the linked page's URL", "content/news/a.md", "---\ntitle: A\nslug: a-two\n---\nFirst paragraph of A.\n\n## Plans\n\nMore.\n", `href="/news/a-two/#plans"`},
		{"another page's title", "content/news/c.md", "---\ntitle: C2\n---\nNo longer a draft.\n", `href="/news/a-two/#plans"`},
		{"back", "content/news/a.md", quickSite["content/news/a.md"], `href="/news/a/#plans"`},
	}
	for i, s := range steps {
		writeFileT(src, s.file, s.text)
		res, err := b.Build(context.Background(), []string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		apply(t, live, res)
		if b.edits != i+1 {
			t.Fatalf("%s: not the model path", s.name)
		}
		page, err := os.ReadFile(filepath.Join(live, "news/b/index.html"))
		if err != nil || !strings.Contains(string(page), s.want) {
			t.Errorf("%s: news/b/index.html is %q, want %s in it", s.name, page, s.want)
		}
		sameAsClean(t, src, live)
	}
}
