// Package strblock keeps small strings that live as long as a site model
// in a few large blocks of memory.
//
// # Why
//
// Go's collector marks every live object on every cycle, and finding an
// object costs a cache miss on its span when objects lie scattered among
// the garbage a build makes. A big site keeps a few strings per page to
// the end of a build (a title, its front matter, a summary, its links);
// made one by one while pages are read and rendered, they end up in
// thousands of spans. Copied into shared blocks, they lie in a few
// hundred (bench/README.md, "What stands between 12x and 11x").
//
// # Safety
//
// A block's bytes are written once, before the string or slice that views
// them is handed out, and never again: strings stay immutable, and slices
// are capped at their length, so that appending to one copies it. A block
// lives while any string in it does.
//
// # Size
//
// Blocks start small and double up to MaxBlock, so that a rebuild that
// keeps a few strings does not hold a large block for them.
package strblock

import (
	"sync"
	"unsafe"
)

// MaxBlock is the largest block; a string of more than a quarter of it
// gets memory of its own.
const MaxBlock = 64 << 10

const firstBlock = 1 << 10

// Blocks hands out copies of strings in shared blocks. It is safe for
// concurrent use; the zero value is ready, and a nil *Blocks makes plain
// copies (a build that other builds follow keeps its strings apart, so
// that an edit's few new strings do not keep an old block alive).
type Blocks struct {
	mu   sync.Mutex
	cur  []byte // the current block's unused part
	next int    // the size of the next block
}

// Bytes returns a copy of p in a block, capped at its length; nil for an
// empty p.
func (b *Blocks) Bytes(p []byte) []byte {
	if len(p) == 0 {
		return nil
	}
	if b == nil || len(p) > MaxBlock/4 {
		return append([]byte(nil), p...)
	}
	b.mu.Lock()
	if len(p) > cap(b.cur) {
		b.next = min(MaxBlock, max(firstBlock, 2*b.next))
		b.cur = make([]byte, 0, max(b.next, len(p)))
	}
	buf := append(b.cur, p...) // within the block: cap(b.cur) >= len(p)
	b.cur = buf[len(p):len(p)]
	b.mu.Unlock()
	return buf[:len(p):len(p)]
}

// String returns a copy of s in a block; s itself from a nil *Blocks.
func (b *Blocks) String(s string) string {
	if b == nil {
		return s
	}
	return b.StringOf(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// StringOf returns a string of p's bytes, in a block.
func (b *Blocks) StringOf(p []byte) string {
	if b == nil {
		return string(p)
	}
	c := b.Bytes(p)
	if len(c) == 0 {
		return ""
	}
	return unsafe.String(&c[0], len(c)) // c's bytes are never written again
}
