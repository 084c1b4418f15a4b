package render

import (
	"encoding/binary"
	"html/template"
	"sync"
	"unsafe"

	"github.com/pierrec/lz4/v4"
)

// packed is a page's rendered Markdown as kept from build to build
// (KeepState): compressed, as a big site's bodies would otherwise double
// serve's memory (14 KB a page of HTML at 10,000 pages of bench/gencorpus
// took the heap from 73 to 215 MiB), and unpacking one costs a fraction of
// rendering it again.
//
// The codec is LZ4 (one block): a template edit unpacks every page's body,
// and at 10,000 pages of bench/gencorpus inflating deflated bodies was the
// largest part of the builder's time (0.8 s of CPU for 97 MB of article
// HTML); LZ4 gives them back in 0.06 s and packs them 6 times faster, for
// bodies about a quarter larger (36 MB against 28 MB).
//
// A packed body is its length as a uvarint, shifted left by one with the
// low bit set when the rest is the HTML as it is (LZ4 could not make it
// smaller), then the LZ4 block.
type packed []byte

var (
	compressors = sync.Pool{New: func() any { return new(lz4.Compressor) }}
	scratch     = sync.Pool{New: func() any { return new([]byte) }}
)

// pack compresses html behind its length, so that unpack makes the string
// once at its size.
func pack(html template.HTML) packed {
	if html == "" {
		return nil
	}
	src := unsafe.Slice(unsafe.StringData(string(html)), len(html)) // only read
	buf := scratch.Get().(*[]byte)
	defer scratch.Put(buf)
	if need := binary.MaxVarintLen64 + lz4.CompressBlockBound(len(src)); cap(*buf) < need {
		*buf = make([]byte, need)
	}
	b := (*buf)[:cap(*buf)]
	c := compressors.Get().(*lz4.Compressor)
	n, err := c.CompressBlock(src, b[binary.MaxVarintLen64:])
	compressors.Put(c)
	if err != nil || n == 0 || n >= len(src) { // incompressible: kept as it is
		out := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(src)), uint64(len(src))<<1|1)
		return append(out, src...)
	}
	out := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+n), uint64(len(src))<<1)
	return append(out, b[binary.MaxVarintLen64:binary.MaxVarintLen64+n]...)
}

// unpack is the HTML that pack compressed; "" when none was kept.
func (p packed) unpack() template.HTML {
	if len(p) == 0 {
		return ""
	}
	h, k := binary.Uvarint(p)
	if k <= 0 || h>>1 == 0 {
		return ""
	}
	b := make([]byte, h>>1)
	if h&1 == 1 {
		copy(b, p[k:])
	} else if n, err := lz4.UncompressBlock(p[k:], b); err != nil || n != len(b) {
		return ""
	}
	// b is not kept: the string takes its bytes over instead of copying
	// them, as strings.Builder does (a template edit unpacks every page).
	return template.HTML(unsafe.String(&b[0], len(b)))
}
