package build

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/cache"
)

// codeSite is a site whose pages hold code blocks in several languages,
// one without a language and one in a language chroma does not know, and
// the same block twice.
func codeSite() *txtar.Archive {
	var b strings.Builder
	b.WriteString("-- sitegen.toml --\nbaseURL = \"https://example.org/\"\ntitle = \"Code\"\n")
	b.WriteString("-- templates/page.html --\n<main>{{ .Content }}</main>\n")
	b.WriteString("-- templates/home.html --\n<main>{{ .Content }}</main>\n")
	b.WriteString("-- templates/section.html --\n<main>{{ .Content }}</main>\n")
	b.WriteString("-- content/_index.md --\n---\ntitle: Home\n---\n```go\nfunc main() {}\n```\n")
	langs := []string{"go", "python", "yaml", "javascript", "", "no-such-language", "go"}
	for i, lang := range langs {
		fmt.Fprintf(&b, "-- content/posts/p%d.md --\n---\ntitle: P%d\n---\n\n```%s\n", i, i, lang)
		fmt.Fprintf(&b, "x = \"<%d & 'quoted'>\"  # %s\nfunc main() {}\n```\n", i%3, lang)
	}
	return txtar.Parse([]byte(b.String()))
}

// TestCodeCacheKeepsOutput: a build that finds every code block in the
// cache writes the same bytes as one with no cache, and so does the build
// that fills it.
func TestCodeCacheKeepsOutput(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, codeSite())
	run := func(c *cache.Cache) map[string][]byte {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		o := Options{Source: src, Destination: dest, Now: fixtureNow}
		if c != nil {
			o.CodeCache = c
		}
		if _, err := Build(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		if c != nil {
			if err := c.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		return readTree(t, dest)
	}
	want := run(nil)
	dir := t.TempDir()
	for i, wantFound := range []bool{false, true} {
		c, err := cache.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := run(c)
		if d := compareTrees(want, got); d != "" {
			t.Errorf("build %d with the cache differs from one without:\n%s", i+1, d)
		}
		st := c.Stats()
		if st.Asked < 8 || (st.Found == st.Asked) != wantFound || (st.Found == 0) == wantFound {
			t.Errorf("build %d: %d of %d blocks found", i+1, st.Found, st.Asked)
		}
	}
}
