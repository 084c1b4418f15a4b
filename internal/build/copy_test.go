package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestStaticFilesStreamed: static and bundle files of any size are copied
// exactly, and a big one costs no more memory than a small one: the build
// allocates far less than the file's size (a sparse file, so that the
// test writes little to disk).
func TestStaticFilesStreamed(t *testing.T) {
	const big = 128 << 20
	src := newSite(t)
	files := map[string]int64{
		"static/empty.bin":        0,
		"static/one.bin":          1,
		"static/block.bin":        64<<10 + 1,
		"static/video/big.mp4":    big,
		"content/bundle/index.md": -1,
		"content/bundle/clip.mp4": big / 4,
	}
	for name, size := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if size < 0 {
			write(t, p, "---\ntitle: Bundle\n---\nA bundle.\n")
			continue
		}
		sparse(t, p, size)
	}
	dest := filepath.Join(t.TempDir(), "public")
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if err := buildTo(src, dest, false); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	alloc := m1.TotalAlloc - m0.TotalAlloc
	t.Logf("the build allocated %d KiB for %d MiB of files", alloc>>10, (big+big/4)>>20)
	if alloc > 32<<20 {
		t.Errorf("the build allocated %d MiB: files are read into memory", alloc>>20)
	}
	for name, size := range files {
		if size < 0 {
			continue
		}
		out := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(name, "static/"), "content/")))
		if a, b := fileHash(t, filepath.Join(src, filepath.FromSlash(name))), fileHash(t, out); a != b {
			t.Errorf("%s: the copy differs from the source", name)
		}
	}
}

// sparse writes a file of size bytes that is mostly a hole, with marks at
// its start and end, so that a copy that drops or moves bytes shows.
func sparse(t *testing.T, p string, size int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	mark := []byte("sitegen-mark")
	for _, off := range []int64{0, size / 3, size - int64(len(mark))} {
		if off >= 0 && size >= int64(len(mark)) {
			f.WriteAt(mark, off)
		}
	}
	if size > 0 && size < int64(len(mark)) {
		f.WriteAt(bytes.Repeat([]byte{'x'}, int(size)), 0)
	}
}

func fileHash(t *testing.T, p string) [32]byte {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestBuilderCopiesStreamed: serve's Builder holds no copy of a static
// file either: the first build hands it to CopyFirstTo as a stream, a
// later build that finds it changed hands it over in Result.Copy; each
// allocates far less than the file's size, and the copies are exact.
func TestBuilderCopiesStreamed(t *testing.T) {
	const big = 96 << 20
	src := newSite(t)
	video := filepath.Join(src, "static", "video.mp4")
	sparse(t, video, big)
	out := t.TempDir()
	put := func(file string, fill func(io.Writer) error) error {
		p := filepath.Join(out, filepath.FromSlash(file))
		os.MkdirAll(filepath.Dir(p), 0o755)
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return fill(f)
	}
	b := NewBuilder(Options{Source: src, Now: fixtureNow})
	b.WriteFirstTo(func(file string, data []byte) error {
		return put(file, func(w io.Writer) error { _, err := w.Write(data); return err })
	})
	b.CopyFirstTo(put)
	measure := func(what string, build func() *Result) *Result {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		res := build()
		runtime.ReadMemStats(&m1)
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 32<<20 {
			t.Errorf("%s allocated %d MiB for a %d MiB file", what, alloc>>20, big>>20)
		}
		return res
	}
	measure("the first build", func() *Result {
		res, err := b.Build(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	})
	if fileHash(t, video) != fileHash(t, filepath.Join(out, "video.mp4")) {
		t.Error("the first build's copy differs")
	}
	f, _ := os.OpenFile(video, os.O_WRONLY, 0)
	f.WriteAt([]byte("changed"), big/2)
	f.Close()
	res := measure("a rebuild", func() *Result {
		res, err := b.Build(context.Background(), []string{"static/video.mp4"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	})
	fill, ok := res.Copy["video.mp4"]
	if !ok || len(res.Write) != 0 {
		t.Fatalf("the rebuild copies %v and writes %v; want the video only", slices.Sorted(maps.Keys(res.Copy)), slices.Sorted(maps.Keys(res.Write)))
	}
	if err := put("video.mp4", fill); err != nil {
		t.Fatal(err)
	}
	if fileHash(t, video) != fileHash(t, filepath.Join(out, "video.mp4")) {
		t.Error("the rebuild's copy differs")
	}
}
