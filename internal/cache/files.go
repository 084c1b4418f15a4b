package cache

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Files keeps processed images between builds: one file per key in a
// folder (DIR/images beside the highlight pack). Keys name what the file
// holds (a hash of the source, the operation and the encoders' version),
// so a stale file is never found. Prune removes what the last build did
// not use, so the folder holds what the last build used and no more.
type Files struct {
	dir    string
	mu     sync.Mutex
	used   map[string]bool
	hits   int
	hashes map[string]uint64 // source stamps of the last build (see Hash)
	next   map[string]uint64 // and of this one, written by Prune
}

// hashesFile holds source stamps and their content hashes, one per line:
// the hash in hex, a tab, the stamp (path, size and time, NUL-separated).
const hashesFile = "sources.txt"

// OpenFiles opens (and makes) the folder.
func OpenFiles(dir string) (*Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f := &Files{dir: dir, used: map[string]bool{hashesFile: true}, hashes: map[string]uint64{}, next: map[string]uint64{}}
	if b, err := os.ReadFile(filepath.Join(dir, hashesFile)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			h, stamp, ok := strings.Cut(l, "\t")
			if n, err := strconv.ParseUint(h, 16, 64); ok && err == nil {
				f.hashes[stamp] = n
			}
		}
	}
	return f, nil
}

// Hash is the content hash last recorded for a source stamp (its path,
// size and modification time): an unchanged file need not be read whole.
func (f *Files) Hash(stamp string) (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.hashes[stamp]
	if ok {
		f.next[stamp] = h
	}
	return h, ok
}

// SetHash records a source stamp's content hash for the next build.
func (f *Files) SetHash(stamp string, h uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next[stamp] = h
}

// Get is the file of key, if the folder has it.
func (f *Files) Get(key string) ([]byte, bool) {
	b, err := os.ReadFile(filepath.Join(f.dir, key))
	if err != nil {
		return nil, false
	}
	f.mu.Lock()
	f.used[key] = true
	f.hits++
	f.mu.Unlock()
	return b, true
}

// Put keeps data under key; a file is written whole or not at all.
func (f *Files) Put(key string, data []byte) {
	tmp, err := os.CreateTemp(f.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(f.dir, key))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	f.mu.Lock()
	f.used[key] = true
	f.mu.Unlock()
}

// Hits is how many Gets found their file.
func (f *Files) Hits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits
}

// Prune removes every file no Get or Put asked for since OpenFiles, and
// keeps the source stamps this build used.
func (f *Files) Prune() error {
	es, err := os.ReadDir(f.dir)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	stamps := slices.Sorted(maps.Keys(f.next))
	var b strings.Builder
	for _, s := range stamps {
		fmt.Fprintf(&b, "%x\t%s\n", f.next[s], s)
	}
	tmp := filepath.Join(f.dir, hashesFile+".new")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(f.dir, hashesFile)); err != nil {
		return err
	}
	for _, e := range es {
		if !f.used[e.Name()] {
			os.Remove(filepath.Join(f.dir, e.Name()))
		}
	}
	return nil
}
