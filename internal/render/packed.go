package render

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"html/template"
	"io"
	"sync"
	"unsafe"
)

// packed is a page's rendered Markdown as kept from build to build
// (KeepState): deflated, as a big site's bodies would otherwise double
// serve's memory (14 KB a page of HTML at 10,000 pages of bench/gencorpus
// took the heap from 73 to 215 MiB), and inflating one costs a fraction of
// rendering it again.
type packed []byte

var (
	deflaters = sync.Pool{New: func() any { w, _ := flate.NewWriter(nil, flate.BestSpeed); return w }}
	inflaters = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// pack deflates html behind its length (a uvarint), so that unpack makes
// the string once at its size rather than growing a buffer from 512 bytes
// for each of a template edit's thousands of pages.
func pack(html template.HTML) packed {
	if html == "" {
		return nil
	}
	var b bytes.Buffer
	b.Write(binary.AppendUvarint(nil, uint64(len(html))))
	w := deflaters.Get().(*flate.Writer)
	w.Reset(&b)
	_, _ = io.WriteString(w, string(html)) // a bytes.Buffer does not fail
	_ = w.Close()
	deflaters.Put(w)
	return bytes.Clone(b.Bytes())
}

// unpack is the HTML that pack deflated; "" when none was kept.
func (p packed) unpack() template.HTML {
	if len(p) == 0 {
		return ""
	}
	n, k := binary.Uvarint(p)
	if k <= 0 {
		return ""
	}
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(p[k:]), nil); err != nil {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil || n == 0 {
		return ""
	}
	// b is not kept: the string takes its bytes over instead of copying
	// them, as strings.Builder does (a template edit unpacks every page).
	return template.HTML(unsafe.String(&b[0], len(b)))
}
