package linkcheck

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

// TestLinkingTo: a page links to a file exactly when one of its links'
// site paths has the file as its output file, or, without a slash at its
// end, has it with one; on random paths and files.
func TestLinkingTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"", "/", "a", "b/", "index.html", "x.css", "/index.html", "a/"}
	word := func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	hits := 0
	for range 3000 {
		files := map[string]bool{}
		for range 1 + rng.IntN(3) {
			files[strings.TrimPrefix(word(), "/")] = true
		}
		var paths []string
		pl := &Links{}
		for range 1 + rng.IntN(3) {
			p := word()
			paths = append(paths, p)
			pl.addRef(1, "dest", p, "frag")
		}
		pl.Seal(nil)
		want := false
		for _, p := range paths {
			want = want || files[content.OutputFile(p)] || !strings.HasSuffix(p, "/") && files[content.OutputFile(p+"/")]
		}
		c := NewChecker(nil, nil)
		c.Add("/page/", pl)
		got := map[string]bool{}
		c.LinkingTo(got, files)
		if got["/page/"] != want {
			t.Fatalf("links %q, files %v: linking %v, want %v", paths, files, got["/page/"], want)
		}
		if want {
			hits++
		}
	}
	if hits < 300 || hits > 2700 {
		t.Errorf("%d of 3000 pages link to a file: the test shows little", hits)
	}
}
