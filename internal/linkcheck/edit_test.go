package linkcheck

import (
	"maps"
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

// TestLinkingToFollowsEdits: one checker, whose pages get new links, more
// links, earlier links again, go or come between the questions, answers LinkingTo as a scan
// of every page's links does (its index is brought up to date).
func TestLinkingToFollowsEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	targets := []string{"", "/", "a/", "/a/", "/b/index.html", "/c", "c/", "/d/e/", "x.css"}
	links := func() *Links {
		pl := &Links{}
		for range rng.IntN(4) {
			pl.addRef(1, "dest", targets[rng.IntN(len(targets))], "")
		}
		pl.Seal(nil)
		return pl
	}
	c := NewChecker(nil, nil)
	pages := []string{"/p0/", "/p1/", "/p2/", "/p3/", "/p4/", "/p5/"}
	for _, p := range pages {
		c.Add(p, links())
	}
	var olds []*Links // links given before, given again (and at two paths)
	for step := range 2000 {
		p := pages[rng.IntN(len(pages))]
		switch rng.IntN(5) {
		case 0:
			pl := links()
			olds = append(olds, pl)
			c.Add(p, pl)
		case 3:
			if len(olds) > 0 {
				c.Add(p, olds[rng.IntN(len(olds))])
			}
		case 1:
			c.Remove(p)
		case 2:
			if pl := c.pages[p]; pl != nil { // links added while the page renders again
				pl.addRef(2, "dest", targets[rng.IntN(len(targets))], "")
				pl.Seal(nil)
			}
		}
		files := map[string]bool{content.OutputFile(targets[rng.IntN(len(targets))]): true}
		want := map[string]bool{}
		for path, pl := range c.pages {
			if pl.linksTo(linkKeys(files)) {
				want[path] = true
			}
		}
		got := map[string]bool{}
		c.LinkingTo(got, files)
		if !maps.Equal(got, want) {
			t.Fatalf("step %d: files %v: linking %v, want %v", step, files, got, want)
		}
	}
}

// TestLinkingToPages: every page with an anchor into a page whose ids
// changed, as anchorsInto finds by resolving each link against the files
// that exist, is among the pages the index gives (linkingToPages); on
// random links, files and changed pages.
func TestLinkingToPages(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	targets := []string{"/", "/a/", "/a", "/a/index.html", "/b.html", "/b", "/c/d/", "/c/d", "/index.html", "x.css"}
	sitePaths := []string{"/", "/a/", "/b.html", "/c/d/", "/c/", "/x.css", "/a"}
	hits := 0
	for step := range 3000 {
		c := NewChecker(nil, nil)
		for i := range 4 {
			pl := &Links{}
			for range 1 + rng.IntN(3) {
				frag := ""
				if rng.IntN(3) > 0 {
					frag = "f"
				}
				pl.addRef(1, "dest", targets[rng.IntN(len(targets))], frag)
			}
			pl.Seal(nil)
			c.Add("/p"+string(rune('0'+i))+"/", pl)
		}
		files := map[string]bool{}
		for range 1 + rng.IntN(4) {
			files[content.OutputFile(targets[rng.IntN(len(targets))])] = true
		}
		exists := func(f string) bool { return files[f] }
		changed := map[string]bool{sitePaths[rng.IntN(len(sitePaths))]: true}
		got := c.linkingToPages(changed)
		for path, pl := range c.pages {
			if c.anchorsInto(pl, changed, exists) {
				hits++
				if !got[path] {
					t.Fatalf("step %d: %s has an anchor into %v (files %v), not among %v", step, path, changed, files, got)
				}
			}
		}
	}
	if hits < 300 {
		t.Errorf("%d pages with anchors into a changed page: the test shows little", hits)
	}
}
