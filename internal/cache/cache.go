// Package cache keeps the highlighted HTML of code blocks from one build to
// the next, so that a repeated build skips most of its highlighting.
//
// # What is kept
//
// Highlighting a code block depends only on its language, its text and
// the highlighter, and it is the largest share of a cold build's time. So
// the cache maps a hash of (version, language, text) to the HTML, where
// version names what the highlighter writes (internal/highlight's
// Version: the engine, a hash of its output on fixed samples, the chroma
// and regexp2 modules); a block whose text changes gets a new key, and a
// highlighter whose output changed (a chroma upgrade, a change to
// internal/lex, the other engine) finds nothing. Nothing else about the
// site is cached, so a stale entry cannot make a page differ from what a
// build without the cache writes.
//
// # On disk
//
// One file, DIR/highlight.pack: a header line naming the format, then
// records of a 32-byte key, a 4-byte length and the HTML.
// [Open] reads the keys and offsets (not the HTML); [Cache.Get] reads one
// record when it is asked for. Every block a build uses, found or new, is
// appended to a new pack, and [Cache.Commit] renames it over the old one,
// so the file holds what the last build used and does not grow without
// bound. A build that fails calls [Cache.Discard] and leaves the old pack.
// A pack that cannot be read, or that ends in the middle of a record, is
// used as far as it is whole: it is a cache, and the blocks it lacks are
// highlighted again.
//
// It is safe for concurrent use by the goroutines of one build. Two builds
// of one site at once each write their own new pack; the last to commit
// wins, and both are whole.
package cache

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/sitegen/sitegen/internal/regular"
)

// File is the pack's name in the cache folder.
const File = "highlight.pack"

const magic = "sitegen highlight cache 2"

// Cache is the pack of the last build, read on demand, and the pack this
// build writes.
type Cache struct {
	dir  string
	head string // the pack's first line, naming the format

	old   *os.File       // the last build's pack, nil if none
	index map[Key]extent // where each of its blocks is
	mu    sync.Mutex     // guards w, wrote, err, stats
	next  *os.File       // this build's pack, renamed over old on Commit
	w     *bufio.Writer  // writes next
	wrote map[Key]bool   // blocks already in next
	err   error          // the first error writing next
	stats Stats
}

// Key names one block: a hash of the highlighter's version, the language
// and the text. It is an alias, so that a caller's interface can name the
// array type without importing this package.
type Key = [sha256.Size]byte

type extent struct {
	off int64
	n   uint32
}

// Stats counts the blocks asked for and those found.
type Stats struct{ Asked, Found int }

// Open reads the index of dir's pack, if there is one in this format, and
// starts this build's pack.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	next, err := os.CreateTemp(dir, File+".*.tmp")
	if err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, head: magic + "\n", index: map[Key]extent{}, next: next,
		w: bufio.NewWriterSize(next, 1<<16), wrote: map[Key]bool{}}
	c.w.WriteString(c.head)
	if f, err := regular.Open(filepath.Join(dir, File)); err == nil {
		c.old = f
		c.readIndex()
	}
	return c, nil
}

// readIndex records where each whole record of the old pack is. A pack of
// another format, or none, leaves the index empty.
func (c *Cache) readIndex() {
	r := bufio.NewReaderSize(c.old, 1<<16)
	line, err := r.ReadSlice('\n') // not ReadString: junk need not hold a newline
	if err != nil || string(line) != c.head {
		return
	}
	off := int64(len(line))
	var head [sha256.Size + 4]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return
		}
		var k Key
		copy(k[:], head[:sha256.Size])
		n := binary.LittleEndian.Uint32(head[sha256.Size:])
		if skipped, err := r.Discard(int(n)); err != nil || skipped != int(n) {
			return // a torn last record: the rest is not used
		}
		off += int64(len(head))
		c.index[k] = extent{off, n}
		off += int64(n)
	}
}

// Key is the key of a block of text in lang highlighted by the highlighter
// of that version. A caller takes it once and uses it to Get and, on a
// miss, to Put.
func (c *Cache) Key(version, lang, text string) Key {
	h := sha256.New()
	for _, s := range []string{c.head, version, lang, text} {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Get returns the HTML kept for key k, and keeps it for the next build
// too.
func (c *Cache) Get(k Key) ([]byte, bool) {
	html, ok := c.read(k)
	c.mu.Lock()
	c.stats.Asked++
	if ok {
		c.stats.Found++
	}
	c.mu.Unlock()
	if ok {
		c.Put(k, html)
	}
	return html, ok
}

func (c *Cache) read(k Key) ([]byte, bool) {
	e, ok := c.index[k]
	if !ok {
		return nil, false
	}
	html := make([]byte, e.n)
	if _, err := c.old.ReadAt(html, e.off); err != nil {
		return nil, false
	}
	return html, true
}

// Put keeps html as key k's block for the next build.
func (c *Cache) Put(k Key, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wrote[k] || c.err != nil {
		return
	}
	c.wrote[k] = true
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(html)))
	c.w.Write(k[:])
	c.w.Write(n[:])
	_, c.err = c.w.Write(html)
}

// Stats reports how many blocks were asked for and found so far.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// Commit makes this build's pack the one the next build reads.
func (c *Cache) Commit() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.err
	if err == nil {
		err = c.w.Flush()
	}
	err = errors.Join(err, c.next.Close())
	if c.old != nil {
		c.old.Close()
	}
	if err == nil {
		err = os.Rename(c.next.Name(), filepath.Join(c.dir, File))
	}
	if err != nil {
		os.Remove(c.next.Name())
		return fmt.Errorf("highlight cache: %w", err)
	}
	return nil
}

// Discard drops this build's pack and leaves the last one as it was.
func (c *Cache) Discard() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next.Close()
	os.Remove(c.next.Name())
	if c.old != nil {
		c.old.Close()
	}
}

// Dir is the cache's folder; processed images are kept beside the pack
// (see Files).
func (c *Cache) Dir() string { return c.dir }
