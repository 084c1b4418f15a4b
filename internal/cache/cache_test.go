package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// build opens the cache in dir, asks for each block in order (putting the
// misses as "html:" + text) and commits; it returns the blocks found.
func build(t *testing.T, dir, version string, texts ...string) []string {
	t.Helper()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, text := range texts {
		k := c.Key(version, "go", text)
		if html, ok := c.Get(k); ok {
			if string(html) != "html:"+text {
				t.Fatalf("block %q: got %q", text, html)
			}
			found = append(found, text)
			continue
		}
		c.Put(k, []byte("html:"+text))
	}
	if st := c.Stats(); st.Asked != len(texts) || st.Found != len(found) {
		t.Errorf("stats %+v, want %d asked, %d found", st, len(texts), len(found))
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	return found
}

func TestKeepsWhatTheLastBuildUsed(t *testing.T) {
	dir := t.TempDir()
	if got := build(t, dir, "v1", "a", "b"); len(got) != 0 {
		t.Fatalf("empty cache found %q", got)
	}
	if got := fmt.Sprint(build(t, dir, "v1", "a", "c")); got != "[a]" {
		t.Fatalf("second build found %s, want [a]", got)
	}
	// b was not used by the second build, so it is gone; c is kept.
	if got := fmt.Sprint(build(t, dir, "v1", "a", "b", "c")); got != "[a c]" {
		t.Fatalf("third build found %s, want [a c]", got)
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	if len(tmp) != 0 {
		t.Errorf("left behind: %v", tmp)
	}
}

func TestLanguageAndVersionAreInTheKey(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, "v1", "a")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(c.Key("v1", "python", "a")); ok {
		t.Error("a Go block was found as Python")
	}
	c.Discard()
	if got := build(t, dir, "v2", "a"); len(got) != 0 {
		t.Errorf("another version found %q", got)
	}
}

func TestDiscardLeavesTheLastPack(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, "v1", "a")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(c.Key("v1", "go", "z"), []byte("html:z"))
	c.Discard()
	if got := fmt.Sprint(build(t, dir, "v1", "a", "z")); got != "[a]" {
		t.Errorf("after a discarded build found %s, want [a]", got)
	}
}

// A pack cut in the middle of a record, or not a pack at all, is used as
// far as it is whole.
func TestDamagedPacks(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, "v1", "a", "b", "c")
	pack := filepath.Join(dir, File)
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pack, data[:len(data)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(build(t, dir, "v1", "a", "b", "c")); got != "[a b]" {
		t.Errorf("torn pack: found %s, want [a b]", got)
	}
	for name, junk := range map[string]string{"empty": "", "junk": "not a pack\x00\x01", "header only": magic + ` "v1"` + "\n", "no newline": strings.Repeat("x", 1<<17)} {
		if err := os.WriteFile(pack, []byte(junk), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := build(t, dir, "v1", "a"); len(got) != 0 {
			t.Errorf("%s: found %q", name, got)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	dir := t.TempDir()
	var texts []string
	for i := range 200 {
		texts = append(texts, fmt.Sprint("block ", i))
	}
	build(t, dir, "v1", texts[:100]...)
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < len(texts); i += 8 {
				k := c.Key("v1", "go", texts[i])
				if html, ok := c.Get(k); ok != (i < 100) || ok && string(html) != "html:"+texts[i] {
					t.Errorf("%s: ok %v html %q", texts[i], ok, html)
				}
				c.Put(k, []byte("html:"+texts[i]))
			}
		})
	}
	wg.Wait()
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := build(t, dir, "v1", texts...); len(got) != len(texts) {
		t.Errorf("found %d of %d", len(got), len(texts))
	}
}
