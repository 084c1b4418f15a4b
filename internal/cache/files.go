package cache

import (
	"os"
	"path/filepath"
	"sync"
)

// Files keeps processed images between builds: one file per key in a
// folder (DIR/images beside the highlight pack). Keys name what the file
// holds (a hash of the source, the operation and the encoders' version),
// so a stale file is never found. Prune removes what the last build did
// not use, so the folder holds what the last build used and no more.
type Files struct {
	dir  string
	mu   sync.Mutex
	used map[string]bool
	hits int
}

// OpenFiles opens (and makes) the folder.
func OpenFiles(dir string) (*Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Files{dir: dir, used: map[string]bool{}}, nil
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

// Prune removes every file no Get or Put asked for since OpenFiles.
func (f *Files) Prune() error {
	es, err := os.ReadDir(f.dir)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range es {
		if !f.used[e.Name()] {
			os.Remove(filepath.Join(f.dir, e.Name()))
		}
	}
	return nil
}
