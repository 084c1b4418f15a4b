package output

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"strconv"
	"sync"
)

// Memory collects a build's files in memory, keeping only those whose
// bytes differ from the previous build's, for serve to put in place.
type Memory struct {
	seed    maphash.Seed // the same for every build of a Builder
	mu      sync.Mutex
	prev    map[string]uint64
	Files   map[string]uint64 // every file of this build: written or kept; read it once the build is done
	by      map[string]string
	Changed map[string][]byte // the files whose bytes differ from the previous build's
	// Direct, when set, takes changed files instead of Changed: a first
	// build need not hold a whole site in memory.
	Direct func(file string, data []byte) error
	// Copies are the changed files copied as they are: not held in
	// memory, whatever their size, but streamed again when put in place
	// (by DirectCopy, when set).
	Copies     map[string]func(io.Writer) error
	DirectCopy func(file string, fill func(io.Writer) error) error
}

// NewMemory is a Memory that compares with the files prev (output file -> hash
// of its bytes by maphash with seed) of the previous build.
func NewMemory(seed maphash.Seed, prev map[string]uint64) *Memory {
	return &Memory{seed: seed, prev: prev, Files: map[string]uint64{}, by: map[string]string{}, Changed: map[string][]byte{},
		Copies: map[string]func(io.Writer) error{}}
}

func (m *Memory) Write(file string, data []byte, by string) error {
	h := maphash.Bytes(m.seed, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if changed, err := m.record(file, by, h); !changed {
		return err
	}
	return m.take(file, data)
}

// take keeps a changed file's bytes, or gives them to Direct; m.mu is
// held, and let go while Direct writes.
func (m *Memory) take(file string, data []byte) error {
	if m.Direct != nil {
		m.mu.Unlock()
		defer m.mu.Lock()
		return m.Direct(file, data)
	}
	m.Changed[file] = data
	return nil
}

// WriteSame notes that by gives file with the previous build's bytes,
// which the caller knows without their being hashed again (a feed
// spliced in place, feeds.Splicer.Same): it is kept, as Keep does, and a
// clash with another writer is still found.
func (m *Memory) WriteSame(file, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.prev[file]
	if !ok {
		return fmt.Errorf("%s: written as the same as the last build's, which did not have it", file)
	}
	_, err := m.record(file, by, h)
	return err
}

// WriteChanged is Write for bytes the caller knows differ from the
// previous build's (a feed spliced with an item that changed), which
// spares hashing a home feed's megabytes. The file's recorded hash is then
// a token that no other bytes are expected to have: the next build that
// writes the file through Write finds it changed, whatever its bytes,
// and serve writes it again, which is what a changed file costs anyway.
func (m *Memory) WriteChanged(file string, data []byte, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	// The token is made from the last hash, so that it differs from it.
	token := maphash.String(m.seed, "\x00sitegen changed "+strconv.FormatUint(m.prev[file], 16))
	if _, err := m.record(file, by, token); err != nil {
		return err
	}
	return m.take(file, data)
}

// record notes that by gives file with the bytes of hash h, and reports
// whether they differ from the previous build's; m.mu is held.
func (m *Memory) record(file, by string, h uint64) (changed bool, err error) {
	if old, ok := m.by[file]; ok {
		return false, clash(old, by, file)
	}
	if len(m.by) == growAt && len(m.prev) > 2*growAt {
		m.grow()
	}
	m.by[file] = by
	m.Files[file] = h
	old, ok := m.prev[file]
	return !ok || old != h, nil
}

// growAt is how many files a build writes before Memory expects it to
// write as many as the last build had: a build that renders the site whole
// (a template edit). Its maps, grown from empty, rehashed 10,000 names
// several times; a text edit's few files never come here, and its maps
// stay small.
const growAt = 256

// grow makes room in m's maps for as many files as the last build had;
// m.mu is held.
func (m *Memory) grow() {
	files := make(map[string]uint64, len(m.prev))
	maps.Copy(files, m.Files)
	by := make(map[string]string, len(m.prev))
	maps.Copy(by, m.by)
	m.Files, m.by = files, by
}

func (m *Memory) Copy(file, by string, fill func(io.Writer) error) error {
	var h maphash.Hash // the same sum as maphash.Bytes of the bytes
	h.SetSeed(m.seed)
	if err := fill(&h); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if changed, err := m.record(file, by, h.Sum64()); !changed {
		return err
	}
	if m.DirectCopy != nil {
		m.mu.Unlock()
		defer m.mu.Lock()
		return m.DirectCopy(file, fill)
	}
	m.Copies[file] = fill
	return nil
}

func (m *Memory) Stream(file, by string, fill func(io.Writer) error) error {
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return err
	}
	return m.Write(file, b.Bytes(), by)
}

// Keeps: the changed files' bytes stay until serve has put them in place;
// a first build's go straight to Direct.
func (m *Memory) Keeps() bool { return m.Direct == nil }

// Keep carries a file of the previous build over unchanged.
func (m *Memory) Keep(file string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.prev[file]; ok {
		m.Files[file] = h
	}
}

func (m *Memory) Has(file string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.Files[file]
	return ok
}

func (m *Memory) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.Files)
}

// Removed lists the previous build's files that this build no longer has.
func (m *Memory) Removed() []string {
	var out []string
	for f := range m.prev {
		if _, ok := m.Files[f]; !ok {
			out = append(out, f)
		}
	}
	return out
}

// Had reports whether the previous build had file.
func (m *Memory) Had(file string) bool {
	_, ok := m.prev[file]
	return ok
}
