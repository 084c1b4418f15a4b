package build

import (
	"bytes"
	"hash/maphash"
	"io"
	"sync"
)

// sink takes the files a build produces. Unless keeps says so, it does not
// keep the data it is given past write, and callers reuse their buffers.
type sink interface {
	write(file string, data []byte, by string) error
	// stream is write for a file made piece by piece (see rss).
	stream(file, by string, fill func(io.Writer) error) error
	// copy is stream for a file copied as it is (see copyFiles): fill
	// may be called again, later, to give the same bytes.
	copy(file, by string, fill func(io.Writer) error) error
	keeps() bool
	has(file string) bool
	count() int
}

// memSink collects a build's files in memory, keeping only those whose
// bytes differ from the previous build's, for serve to put in place.
type memSink struct {
	seed    maphash.Seed // the same for every build of a Builder
	mu      sync.Mutex
	prev    map[string]uint64
	files   map[string]uint64 // every file of this build: written or kept
	by      map[string]string
	changed map[string][]byte
	// direct, when set, takes changed files instead of changed: a first
	// build need not hold a whole site in memory.
	direct func(file string, data []byte) error
	// copies are the changed files copied as they are: not held in
	// memory, whatever their size, but streamed again when put in place
	// (by directCopy, when set).
	copies     map[string]func(io.Writer) error
	directCopy func(file string, fill func(io.Writer) error) error
}

func newMemSink(seed maphash.Seed, prev map[string]uint64) *memSink {
	return &memSink{seed: seed, prev: prev, files: map[string]uint64{}, by: map[string]string{}, changed: map[string][]byte{},
		copies: map[string]func(io.Writer) error{}}
}

func (m *memSink) write(file string, data []byte, by string) error {
	h := maphash.Bytes(m.seed, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if changed, err := m.record(file, by, h); !changed {
		return err
	}
	if m.direct != nil {
		m.mu.Unlock()
		defer m.mu.Lock()
		return m.direct(file, data)
	}
	m.changed[file] = data
	return nil
}

// record notes that by gives file with the bytes of hash h, and reports
// whether they differ from the previous build's; m.mu is held.
func (m *memSink) record(file, by string, h uint64) (changed bool, err error) {
	if old, ok := m.by[file]; ok {
		return false, clash(old, by, file)
	}
	m.by[file] = by
	m.files[file] = h
	old, ok := m.prev[file]
	return !ok || old != h, nil
}

func (m *memSink) copy(file, by string, fill func(io.Writer) error) error {
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
	if m.directCopy != nil {
		m.mu.Unlock()
		defer m.mu.Lock()
		return m.directCopy(file, fill)
	}
	m.copies[file] = fill
	return nil
}

func (m *memSink) stream(file, by string, fill func(io.Writer) error) error {
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return err
	}
	return m.write(file, b.Bytes(), by)
}

// keeps: the changed files' bytes stay until serve has put them in place;
// a first build's go straight to direct.
func (m *memSink) keeps() bool { return m.direct == nil }

// keep carries a file of the previous build over unchanged.
func (m *memSink) keep(file string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.prev[file]; ok {
		m.files[file] = h
	}
}

func (m *memSink) has(file string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[file]
	return ok
}

func (m *memSink) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.files)
}

// removed lists the previous build's files that this build no longer has.
func (m *memSink) removed() []string {
	var out []string
	for f := range m.prev {
		if _, ok := m.files[f]; !ok {
			out = append(out, f)
		}
	}
	return out
}
