package build

import (
	"bytes"
	"io"
	"sync"

	"github.com/sitegen/sitegen/internal/output"
)

// bigBuffers keeps, from build to build, the buffers of the big files that
// an edit writes again whole: the feeds (the home feed lists every page)
// and the sitemap. A buffer of megabytes made anew costs its pages afresh
// from the system on every save, many times what filling it does (20 ms
// against 0.2 ms for 5 MB on a loaded 2-core machine), so the quick and
// model paths fill the last build's buffer again. That is why a Result's
// bytes are only good until the next Build.
type bigBuffers struct {
	mu   sync.Mutex
	bufs map[string]*bytes.Buffer // output file -> its buffer
	// feeds are the model path's feeds, which it splices (edit_feeds.go)
	feeds   map[string]*feedMemo
	spliced int // feeds spliced so far, for tests
}

// stream writes the file that fill makes to out, in the file's buffer.
func (b *Builder) stream(out *output.Memory, file, by string, fill func(io.Writer) error) error {
	b.big.mu.Lock()
	if b.big.bufs == nil {
		b.big.bufs = map[string]*bytes.Buffer{}
	}
	buf := b.big.bufs[file]
	if buf == nil {
		buf = new(bytes.Buffer)
		b.big.bufs[file] = buf
	}
	b.big.mu.Unlock()
	buf.Reset()
	if err := fill(buf); err != nil {
		return err
	}
	return out.Write(file, buf.Bytes(), by)
}
