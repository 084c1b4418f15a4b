package serve

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/sitegen/sitegen/internal/build"
)

// newApplyServer is a Server with a private folder and a served
// generation holding files, for apply alone.
func newApplyServer(t testing.TB, d *disk, files map[string]string) (*Server, *generation) {
	t.Helper()
	tmp := t.TempDir()
	s := &Server{opts: Options{Log: os.Stderr}, disk: d}
	var err error
	if s.work, err = os.OpenRoot(tmp); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.work.Close() })
	if s.dir, err = unix.Open(tmp, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(s.dir) })
	g, err := s.newGeneration()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.root.Close() })
	for name, text := range files {
		if err := s.disk.write(g.root, name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	return s, g
}

// tree is every file below root, with its text.
func tree(t *testing.T, root *os.Root) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(root.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root.FS(), p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// apply puts a build's changed, new (in a new folder) and removed files
// in place, some staged as the builder made them (Builder.StageTo), the
// rest given in its Result; when the n-th rename fails, for every n, the
// served folder is exactly as before, and no staging folder is left
// behind.
func TestApplyUndoesEveryStep(t *testing.T) {
	before := map[string]string{
		"index.html":        "home v1",
		"news/a/index.html": "a v1",
		"news/b/index.html": "b v1",
		"old/index.html":    "old v1",
		"s.css":             "css v1",
	}
	res := &build.Result{
		Write: map[string][]byte{
			"index.html":        []byte("home v2"),
			"news/a/index.html": []byte("a v2"),
			"new/c/index.html":  []byte("c v1"),
		},
		Remove: []string{"old/index.html", "gone-already.html"},
	}
	made := map[string]string{"news/b/index.html": "b v2", "new/d/index.html": "d v1"} // as the builder made them
	after := maps.Clone(before)
	maps.Copy(after, made)
	delete(after, "old/index.html")
	for name, b := range res.Write {
		after[name] = string(b)
	}
	for n := int64(0); n <= 10; n++ { // 0: nothing fails
		t.Run(fmt.Sprint("rename ", n, " fails"), func(t *testing.T) {
			fd := &faultyDisk{}
			s, g := newApplyServer(t, fd.disk(), before)
			fd.failRenames(func(i int64) bool { return i == n })
			st, err := s.newStage()
			if err != nil {
				t.Fatal(err)
			}
			for name, text := range made {
				if err := s.stageOne(st, name, []byte(text), nil); err != nil {
					t.Fatal(err)
				}
			}
			err = s.apply(g, st, res)
			want := after
			if n == 0 || fd.renames.Load() < n { // every step done before the n-th
				if err != nil {
					t.Fatalf("apply: %v", err)
				}
				s.removeStage(st)
			} else {
				if err == nil || !strings.Contains(err.Error(), "permission denied") {
					t.Fatalf("apply: %v, want the rename's error", err)
				}
				want = before
			}
			if got := tree(t, g.root); !maps.Equal(got, want) {
				t.Errorf("served folder:\n%v\nwant:\n%v", got, want)
			}
			if left := tree(t, s.work); len(left) != len(want) {
				t.Errorf("files left beside the generation: %v", left)
			}
		})
	}
}

// The staging folder of one build, holding the files it replaced, is the
// next build's: its files are written over, shorter ones included, and
// every build serves exactly its own bytes.
func TestStagingFolderReused(t *testing.T) {
	long := strings.Repeat("old and long ", 1000)
	s, g := newApplyServer(t, osDisk(), map[string]string{"index.html": long, "a/index.html": long, "b.css": "b v1"})
	builds := []map[string]string{
		{"index.html": "home v2", "a/index.html": "a v2", "c/index.html": "c v1"},
		{"index.html": "h3", "b.css": "b v3"}, // over the two long files of the build before
		{"index.html": "home v4 " + long, "a/index.html": "a4", "c/index.html": "c4", "d.html": "d4"},
	}
	want := tree(t, g.root)
	var st *stage
	for n, files := range builds {
		var err error
		if st, err = s.reuse(); err != nil {
			t.Fatal(err)
		}
		for name, text := range files {
			if err := s.stageOne(st, name, []byte(text), nil); err != nil {
				t.Fatal(err)
			}
			want[name] = text
		}
		if err := s.apply(g, st, &build.Result{}); err != nil {
			t.Fatalf("build %d: %v", n+1, err)
		}
		s.spare = st
		if got := tree(t, g.root); !maps.Equal(got, want) {
			t.Errorf("build %d served:\n%v\nwant:\n%v", n+1, got, want)
		}
	}
	if s.stages != 1 {
		t.Errorf("%d staging folders made for %d builds, want 1", s.stages, len(builds))
	}
	s.dropSpare()
	if left := tree(t, s.work); len(left) != len(want) {
		t.Errorf("files left beside the generation after dropping the staging folder: %v", left)
	}
}

// A file staged again goes to the slot it had, which after the exchange
// holds its own old version (so that a big feed is written over bytes of
// its size); in one build no two files share a slot.
func TestStagedFileKeepsItsSlot(t *testing.T) {
	feed := func(v int) string { return strings.Repeat(fmt.Sprintf("<item>%d</item>", v), 2000) }
	var mu sync.Mutex
	staged := map[string]string{} // slot path -> the file staged there by this build
	d := osDisk()
	write := d.stage
	d.stage = func(dir int, name string, data []byte) error {
		mu.Lock()
		staged[name] = string(data)
		mu.Unlock()
		return write(dir, name, data)
	}
	s, g := newApplyServer(t, d, map[string]string{"index.xml": feed(1), "a.html": "a1"})
	builds := []map[string]string{
		{"index.xml": feed(2), "a.html": "a2"},
		{"b.html": "b2", "index.xml": feed(3)},
		{"0.html": "c", "1.html": "d", "a.html": "a3", "index.xml": feed(4)},
	}
	slotOf := map[string]string{}
	last := map[string]string{"index.xml": feed(1), "a.html": "a1"}
	for n, files := range builds {
		clear(staged)
		st, err := s.reuse()
		if err != nil {
			t.Fatal(err)
		}
		res := &build.Result{Write: map[string][]byte{}}
		for name, text := range files {
			res.Write[name] = []byte(text)
		}
		if err := s.apply(g, st, res); err != nil {
			t.Fatalf("build %d: %v", n+1, err)
		}
		s.spare = st
		if len(staged) != len(files) {
			t.Errorf("build %d: %d slots for %d files: %v", n+1, len(staged), len(files), slices.Collect(maps.Keys(staged)))
		}
		for slot, text := range staged {
			name := ""
			for f, t := range files {
				if t == text {
					name = f
				}
			}
			if was, ok := slotOf[name]; ok && was != slot {
				t.Errorf("build %d: %s staged in %s, had %s", n+1, name, slot, was)
			}
			slotOf[name] = slot
			if old, ok := last[name]; ok {
				if b, err := s.work.ReadFile(slot); err != nil || string(b) != old {
					t.Errorf("build %d: slot %s of %s holds %.20q (%v), want its old version %.20q", n+1, slot, name, b, err, old)
				}
			}
		}
		maps.Copy(last, files)
	}
	s.dropSpare()
}

// BenchmarkApply puts 10,000 changed pages of 14 KB in place, as a
// template edit at 10,000 bench/gencorpus pages does (TMPDIR decides the
// file system).
func BenchmarkApply(b *testing.B) {
	const pages = 10000
	page := []byte(strings.Repeat("<p>some text</p>\n", 14000/17))
	files := map[string]string{}
	res := &build.Result{Write: map[string][]byte{}}
	for i := range pages {
		name := fmt.Sprintf("s%d/page-%05d/index.html", i%5, i)
		files[name] = string(page)
		res.Write[name] = page
	}
	s, g := newApplyServer(b, osDisk(), files)
	b.ResetTimer()
	for b.Loop() {
		st, err := s.reuse() // over the old files of the round before, as serve does
		if err != nil {
			b.Fatal(err)
		}
		if err := s.apply(g, st, res); err != nil {
			b.Fatal(err)
		}
		s.spare = st
	}
	s.dropSpare()
}
