package serve

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/sitegen/sitegen/internal/build"
)

// servedSite is every file a request can get, with its text: the
// generation's folder with the packs and the files in memory over it.
func servedSite(t *testing.T, s *Server, g *generation) map[string]string {
	t.Helper()
	out := tree(t, g.root)
	for _, p := range s.packs {
		for f, sp := range p.index {
			b, err := p.read(sp)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = string(b)
		}
	}
	for f, b := range s.mem {
		out[f] = string(b)
	}
	return out
}

// packFiles counts the pack files in the private folder.
func packFiles(t *testing.T, s *Server) int {
	t.Helper()
	n := 0
	for f := range tree(t, s.work) {
		if strings.HasPrefix(f, "pack") {
			n++
		}
	}
	return n
}

// A whole-site build's pages go to a pack, and the rest of the build to
// the folder; when the n-th rename fails, for every n, the site served
// is exactly as before and the build's pack is gone; otherwise requests
// get the new build, folder indexes and 404 pages included.
func TestPackServedOverFolder(t *testing.T) {
	before := map[string]string{
		"index.html":        "home v1",
		"404.html":          "not found v1",
		"news/a/index.html": "a v1",
		"news/b/index.html": "b v1",
		"old/index.html":    "old v1",
		"s.css":             "css v1",
	}
	packed := map[string]string{"index.html": "home v2", "404.html": "not found v2", "news/a/index.html": "a v2", "new/c/index.html": "c v1"}
	res := &build.Result{Write: map[string][]byte{"s.css": []byte("css v2")}, Remove: []string{"old/index.html"}}
	after := maps.Clone(before)
	maps.Copy(after, packed)
	after["s.css"] = "css v2"
	delete(after, "old/index.html")
	for n := int64(0); n <= 3; n++ { // 0: nothing fails; 2 renames
		t.Run(fmt.Sprint("rename ", n, " fails"), func(t *testing.T) {
			fd := &faultyDisk{}
			s, g := newApplyServer(t, fd.disk(), before)
			fd.failRenames(func(i int64) bool { return i == n })
			st, err := s.newStage()
			if err != nil {
				t.Fatal(err)
			}
			for name, text := range packed {
				if err := s.packOne(st, name, []byte(text)); err != nil {
					t.Fatal(err)
				}
			}
			err = s.apply(g, st, res)
			want := after
			if n == 0 || fd.renames.Load() < n {
				if err != nil {
					t.Fatalf("apply: %v", err)
				}
				if got := packFiles(t, s); got != 1 {
					t.Errorf("%d pack files, want 1", got)
				}
			} else {
				if err == nil {
					t.Fatal("apply succeeded, want the rename's error")
				}
				if got := packFiles(t, s); got != 0 {
					t.Errorf("%d pack files left after a failed build", got)
				}
				want = before
			}
			if got := servedSite(t, s, g); !maps.Equal(got, want) {
				t.Errorf("served:\n%v\nwant:\n%v", got, want)
			}
			for _, c := range []struct{ path, name string }{
				{".", "index.html"}, {"new/c", "new/c/index.html"}, {"news/a/index.html", "news/a/index.html"}, {"s.css", "s.css"},
			} {
				b, name, err := s.readFile(g, c.path)
				if _, ok := want[c.name]; !ok {
					if err == nil {
						t.Errorf("readFile(%q) = %q, %q: a file of the failed build is served", c.path, b, name)
					}
					continue
				}
				if err != nil || name != c.name || string(b) != want[c.name] {
					t.Errorf("readFile(%q) = %q, %q, %v; want %q, %q", c.path, b, name, err, want[c.name], c.name)
				}
			}
			if _, _, err := s.readFile(g, "old"); (err == nil) != (want["old/index.html"] != "") {
				t.Errorf("the removed page: readFile error %v", err)
			}
			w := httptest.NewRecorder()
			s.notFound(w, g, "nothing/here")
			if w.Code != http.StatusNotFound || !strings.HasPrefix(w.Body.String(), want["404.html"]) {
				t.Errorf("404 page: %d %q, want %q", w.Code, w.Body, want["404.html"])
			}
		})
	}
}

// Random builds, some that render the site whole (their pages packed),
// some that change a few files in the folder, some that remove files:
// after each, requests get exactly the files of the last build; at most
// maxPacks packs serve and at most one more is kept.
func TestPacksFollowBuilds(t *testing.T) {
	names := []string{"index.html"}
	for i := range 40 {
		names = append(names, fmt.Sprintf("s%d/p%02d/index.html", i%4, i))
	}
	want := map[string]string{}
	for _, f := range names {
		want[f] = f + " v0"
	}
	s, g := newApplyServer(t, osDisk(), want)
	r := rand.New(rand.NewPCG(7, 18))
	for n := 1; n <= 60; n++ {
		st, err := s.reuse()
		if err != nil {
			t.Fatal(err)
		}
		res := &build.Result{Write: map[string][]byte{}}
		// A whole-site build packs a section's pages (as a template used
		// by one section would) and a few others.
		whole, section := r.IntN(2) == 0, fmt.Sprintf("s%d/", r.IntN(4))
		for _, f := range names {
			text := fmt.Sprintf("%s v%d", f, n)
			switch x := r.IntN(10); {
			case whole && (x == 0 || strings.HasPrefix(f, section)):
				text = strings.Repeat(text, 1+x) // sizes differ from pack to pack
				err = s.packOne(st, f, []byte(text))
				want[f] = text
			case !whole && x == 0:
				res.Write[f] = []byte(text)
				want[f] = text
			case x == 9 && r.IntN(4) == 0:
				res.Remove = append(res.Remove, f)
				delete(want, f)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := s.apply(g, st, res); err != nil {
			t.Fatalf("build %d: %v", n, err)
		}
		s.spare = st
		if got := servedSite(t, s, g); !maps.Equal(got, want) {
			t.Fatalf("build %d served:\n%v\nwant:\n%v", n, got, want)
		}
		for _, f := range names {
			b, _, err := s.readFile(g, f)
			if text, ok := want[f]; ok != (err == nil) || string(b) != text {
				t.Fatalf("build %d: readFile(%q) = %q, %v; want %q", n, f, b, err, text)
			}
		}
		if len(s.packs) > maxPacks || packFiles(t, s) > maxPacks+1 {
			t.Fatalf("build %d: %d packs serve, %d pack files", n, len(s.packs), packFiles(t, s))
		}
		for i, p := range s.packs { // a name in at most one pack
			for _, q := range s.packs[i+1:] {
				for f := range p.index {
					if _, ok := q.index[f]; ok {
						t.Fatalf("build %d: %s in two packs", n, f)
					}
				}
			}
		}
	}
	s.dropSpare()
	s.dropPacks()
	if got := packFiles(t, s); got != 0 {
		t.Errorf("%d pack files left", got)
	}
}

// Files added to a pack from several workers at once, small ones gathered
// into batches and ones bigger than a batch written by themselves, read
// back as they were once the pack is flushed; the n-th write failing, for
// every n a round makes, fails the add or the flush that made it, and the
// pack is written over on reuse.
func TestPackBatches(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	files := map[string][]byte{}
	for i := range 300 {
		n := r.IntN(20000)
		if i%50 == 7 {
			n = packBatch + r.IntN(packBatch) // by itself
		}
		b := make([]byte, n)
		for j := range b {
			b[j] = byte('a' + (i+j)%26)
		}
		files[fmt.Sprintf("p%03d/index.html", i)] = b
	}
	names := slices.Sorted(maps.Keys(files))
	fill := func(p *pack, d *disk) error {
		var wg sync.WaitGroup
		errs := make(chan error, len(names))
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(names); i += 4 {
					if err := p.add(d, names[i], files[names[i]]); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return err
		}
		return p.flush(d)
	}
	fd := &faultyDisk{}
	s, _ := newApplyServer(t, fd.disk(), nil)
	p, err := s.newPack()
	if err != nil {
		t.Fatal(err)
	}
	defer s.dropPack(p)
	var writes int64
	var n atomic.Int64 // writes this round
	for round := int64(0); ; round++ {
		if round > 0 {
			p.reset()
		}
		n.Store(0)
		fd.failWrites.Store(false)
		fd.onWrite = func(string) { // the round-th write fails
			if n.Add(1) == round {
				fd.failWrites.Store(true)
			}
		}
		err := fill(p, fd.disk())
		if round == 0 {
			if err != nil {
				t.Fatal(err)
			}
			writes = n.Load()
			if writes >= int64(len(names)/2) {
				t.Errorf("%d writes for %d files: not batched", writes, len(names))
			}
			for _, f := range names {
				b, err := p.read(p.index[f])
				if err != nil || !bytes.Equal(b, files[f]) {
					t.Fatalf("%s read back as %d bytes (%v), want %d", f, len(b), err, len(files[f]))
				}
			}
			continue
		}
		// The workers' order decides how files fall into batches, so a
		// round may make a write fewer than the first: then its round-th
		// write never came, and nothing may fail.
		switch made := n.Load(); {
		case err == nil && made >= round:
			t.Fatalf("write %d of %d failed, and the fill did not", round, made)
		case err != nil && !errors.Is(err, syscall.ENOSPC):
			t.Fatalf("write %d of %d failing: %v, want ENOSPC", round, made, err)
		}
		if round == writes {
			break
		}
	}
}
