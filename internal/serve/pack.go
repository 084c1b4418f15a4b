package serve

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// A build that renders the site whole (a template edit: every page) hands
// serve its changed pages as its workers make them. Written as files of
// their own, each cost an open, a write, a truncate and a close, and then
// a rename under the requests' lock, one after another: at 10,000 pages
// about half of the save. Instead they are appended to one file in the
// private folder, a pack, and requests find them through the packs'
// indexes (the overlay) before the generation's folder: one positioned
// write a page, nothing renamed, and the reload goes out as soon as the
// build ends. As Hugo's server does, the changed pages are then served from
// memory, here the page cache's: serve's heap holds only each pack's index
// (a name, an offset and a length a file), not the pages: held in the heap,
// even LZ4-packed (about 50 MB at 10,000 pages), they would have raised
// the memory policy's limit (internal/memlimit) by more than their size.
//
// The served site is the generation's folder with, for each name a pack
// holds, that pack's bytes. A name is in at most one pack: a build that
// puts a file in place by the folder (a text edit's few pages), removes it,
// or packs it again takes it out of every older pack, under the requests'
// lock, after the folder's renames succeeded; the folder's file under a
// packed name is stale and never read. A pack is made visible only there,
// so the served site is still always exactly one good build: a pack that
// could not be written fails the build like a staged file that could not
// be, and is discarded.
//
// A pack that no longer serves any name is kept for the next whole-site
// build to write over (as the staging folder is) or removed. Builds that
// change different sets of pages (the page template, then the term
// template) leave several packs serving; at most maxPacks do: a build that
// would make one more copies the oldest's names into its own pack first.
// A full rebuild (into a fresh generation) drops them all.

// maxPacks bounds the packs serving at once, and so the disk they hold.
const maxPacks = 4

// overlay is the packs served over the generation's folder, oldest
// first; requests read it under Server.files' read lock, builds change it
// under its write lock.
type overlay struct {
	packs     []*pack
	packsMade int
	// mem holds the big files of the last incremental build until they
	// are in the folder (late.go); it is served over the packs.
	mem map[string][]byte
}

// span is where a packed file's bytes are in its pack.
type span struct{ off, n int64 }

// pack is one whole-site build's changed files in one file below the
// private folder.
type pack struct {
	name string // below Server.tmp
	fd   int
	mu   sync.Mutex // what follows, while the build's workers add to it
	end  int64      // the next free byte
	// batch holds the files last added, the bytes just before end, until
	// packBatch of them are written at once (see add); free holds the
	// batches written, for the next.
	batch []byte
	free  [][]byte
	index map[string]span
}

// packBatch is how many bytes of files a pack gathers before it writes
// them with one call. 10,000 pages of 14 kB took 66-84 ms of CPU written
// one by one, 16-19 ms gathered into writes of 1 MiB (the copy included):
// the page cache's cost is per call and per page more than per byte.
const packBatch = 1 << 20

// reset makes p empty, to be written over.
func (p *pack) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.end, p.batch = 0, nil
	p.index = map[string]span{}
}

// read returns the file at sp.
func (p *pack) read(sp span) ([]byte, error) {
	b := make([]byte, sp.n)
	for done := 0; done < len(b); {
		n, err := unix.Pread(p.fd, b[done:], sp.off+int64(done))
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: p.name, Err: err}
		}
		if n == 0 {
			return nil, &os.PathError{Op: "read", Path: p.name, Err: unix.EIO}
		}
		done += n
	}
	return b, nil
}

// add puts data into p as file, through the disk seam: into the batch,
// which it writes once full (a file as big as a batch is written by
// itself). Nothing reads p before flush.
func (p *pack) add(d *disk, file string, data []byte) error {
	n := int64(len(data))
	p.mu.Lock()
	off := p.end
	p.end += n
	p.index[file] = span{off, n}
	var full []byte // a batch to write now; it ends at off
	if len(p.batch)+len(data) > packBatch {
		full, p.batch = p.batch, nil
	}
	if len(data) >= packBatch {
		p.mu.Unlock()
		if err := p.write(d, full, off); err != nil {
			return err
		}
		return d.pack(p.fd, data, off)
	}
	if p.batch == nil {
		p.batch = p.buffer()
	}
	p.batch = append(p.batch, data...)
	p.mu.Unlock()
	return p.write(d, full, off)
}

// buffer is an empty batch. Call it under p.mu.
func (p *pack) buffer() []byte {
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return make([]byte, 0, packBatch)
}

// write writes the batch b, which ends at end, and keeps it for reuse.
func (p *pack) write(d *disk, b []byte, end int64) error {
	if len(b) == 0 {
		return nil
	}
	err := d.pack(p.fd, b, end-int64(len(b)))
	p.mu.Lock()
	p.free = append(p.free, b[:0])
	p.mu.Unlock()
	return err
}

// flush writes what the batch holds: call it once the build has added
// every file, before p serves. The batches' memory goes.
func (p *pack) flush(d *disk) error {
	p.mu.Lock()
	b, end := p.batch, p.end
	p.batch = nil
	p.mu.Unlock()
	err := p.write(d, b, end)
	p.mu.Lock()
	p.free = nil
	p.mu.Unlock()
	return err
}

// pwriteAll writes data at off in the file fd.
func pwriteAll(fd int, data []byte, off int64) error {
	for len(data) > 0 {
		n, err := unix.Pwrite(fd, data, off)
		if err != nil {
			return err
		}
		data, off = data[n:], off+int64(n)
	}
	return nil
}

// newPack makes an empty pack file below the private folder.
func (s *Server) newPack() (*pack, error) {
	s.packsMade++
	name := "pack" + strconv.Itoa(s.packsMade)
	fd, err := unix.Openat(s.dir, name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return &pack{name: name, fd: fd, index: map[string]span{}}, nil
}

// dropPack closes p and removes its file.
func (s *Server) dropPack(p *pack) {
	if p == nil {
		return
	}
	unix.Close(p.fd)
	if err := unix.Unlinkat(s.dir, p.name, 0); err != nil {
		fmt.Fprintln(s.opts.Log, "warning: removing a pack of changed pages:", err)
	}
}

// packOne writes one changed file of a whole-site build into st's pack,
// made on the first. A failure stops staging as a staged file's does.
func (s *Server) packOne(st *stage, file string, data []byte) error {
	p, err := st.packFor(s, file)
	if err != nil {
		return err
	}
	if err := p.add(s.disk, file, data); err != nil {
		return st.failed(fmt.Errorf("writing %s: %w", file, err))
	}
	return nil
}

// packFor checks that file may be staged and returns st's pack, making
// it if the build has none yet.
func (st *stage) packFor(s *Server, file string) (*pack, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.check(file); err != nil {
		return nil, err
	}
	if st.pack == nil {
		p, err := s.newPack()
		if err != nil {
			st.err = fmt.Errorf("making a pack of changed pages: %w", err)
			return nil, st.err
		}
		st.pack = p
	}
	return st.pack, nil
}

// lookup finds the pack serving name. Call it under files' read lock.
func (s *Server) lookup(name string) (*pack, span, bool) {
	for _, p := range s.packs {
		if sp, ok := p.index[name]; ok {
			return p, sp, true
		}
	}
	return nil, span{}, false
}

// fromPacks reads name from memory or the pack serving it, if any.
func (s *Server) fromPacks(name string) ([]byte, bool, error) {
	if b, ok := s.mem[name]; ok {
		// A copy: the builder writes over its bytes after the next build
		// (late.go), and a slow client may still be reading them then.
		return bytes.Clone(b), true, nil
	}
	p, sp, ok := s.lookup(name)
	if !ok {
		return nil, false, nil
	}
	b, err := p.read(sp)
	return b, true, err
}

// carry copies into st's pack the names the oldest serving pack would
// still serve after this build, if installing st's pack would make more
// than maxPacks serve: the oldest then serves nothing. Nothing served
// changes yet (see install).
func (s *Server) carry(st *stage, removed []string) error {
	if st.pack == nil || len(s.packs) < maxPacks {
		return nil
	}
	gone := map[string]bool{}
	for _, f := range slices.Concat(st.names, removed, slices.Collect(maps.Keys(st.late))) {
		gone[f] = true
	}
	oldest := s.packs[0]
	for f, sp := range oldest.index {
		if gone[f] {
			continue
		}
		if _, again := st.pack.index[f]; again {
			continue
		}
		b, err := oldest.read(sp)
		if err == nil {
			err = st.pack.add(s.disk, f, b)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", f, err)
		}
	}
	return nil
}

// install makes the overlay serve st's pack and stop serving the names
// the build put in the folder or removed. Call it under files' write
// lock, once the folder's renames succeeded. It returns the packs that no
// longer serve anything.
func (s *Server) install(st *stage, removed []string) (dead []*pack) {
	for _, f := range slices.Concat(st.names, removed) {
		s.unpack(f)
	}
	if p := st.pack; p != nil && len(p.index) > 0 {
		for f := range p.index {
			s.unpack(f)
		}
		s.packs = append(s.packs, p)
		st.pack = nil
	}
	for f, b := range st.late {
		s.unpack(f)
		if s.mem == nil {
			s.mem = map[string][]byte{}
		}
		s.mem[f] = b
	}
	s.packs = slices.DeleteFunc(s.packs, func(p *pack) bool {
		if len(p.index) == 0 {
			dead = append(dead, p)
			return true
		}
		return false
	})
	return dead
}

// unpack takes name out of every pack, and out of memory.
func (s *Server) unpack(name string) {
	for _, p := range s.packs {
		delete(p.index, name)
	}
	delete(s.mem, name)
}

// retire keeps one pack that serves nothing in st, to be written over by
// the next whole-site build, and removes the others.
func (s *Server) retire(st *stage, dead []*pack) {
	for _, p := range dead {
		if st.pack == nil {
			p.reset()
			st.pack = p
			continue
		}
		s.dropPack(p)
	}
}

// dropPacks stops serving every pack and the files in memory (with the
// generation they lay over) and removes the packs. Call it under files'
// write lock.
func (s *Server) dropPacks() {
	for _, p := range s.packs {
		s.dropPack(p)
	}
	s.packs, s.mem = nil, nil
}
