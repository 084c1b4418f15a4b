package cache

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFilesKeepWhatTheLastBuildUsed(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	f.Put("a", []byte("A"))
	f.Put("b", []byte("B"))
	f.SetHash("p.jpg\x0010\x001", 42)
	if err := f.Prune(); err != nil {
		t.Fatal(err)
	}
	g, _ := OpenFiles(dir)
	if b, ok := g.Get("a"); !ok || string(b) != "A" || g.Hits() != 1 {
		t.Fatalf("second build: Get a = %q %v", b, ok)
	}
	if h, ok := g.Hash("p.jpg\x0010\x001"); !ok || h != 42 {
		t.Errorf("the source hash was not kept: %d %v", h, ok)
	}
	if _, ok := g.Hash("p.jpg\x0010\x002"); ok {
		t.Error("a changed modification time found a hash")
	}
	if err := g.Prune(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Error("a file the last build did not use was kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err != nil {
		t.Error("a file the last build used was removed")
	}
	h, _ := OpenFiles(dir)
	if _, ok := h.Hash("p.jpg\x0010\x001"); !ok {
		t.Error("a stamp the last build used was dropped")
	}
}
