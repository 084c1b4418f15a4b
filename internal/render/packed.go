package render

import (
	"bytes"
	"compress/flate"
	"html/template"
	"io"
	"sync"
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

// pack deflates html.
func pack(html template.HTML) packed {
	if html == "" {
		return nil
	}
	var b bytes.Buffer
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
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(p), nil); err != nil {
		return ""
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		return ""
	}
	return template.HTML(b.String())
}
