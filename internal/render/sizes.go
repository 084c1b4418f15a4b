package render

import (
	"bytes"
	"sync"
)

// Sizes remembers, from build to build, how big each large output file
// was, so that the next render of it fills a buffer of about that size at
// once. A list page of a big site is hundreds of kilobytes of rows; a
// buffer grown from empty doubles a dozen times to hold it, clearing and
// copying its bytes each time, which cost a front-matter edit at 10,000
// pages ~3 ms of CPU in its few list pages. Only files of at least
// sizeHintMin bytes are kept, so a site's thousands of small pages cost
// the map nothing. The zero value is ready; a nil *Sizes gives no hints.
type Sizes struct {
	mu sync.Mutex
	m  map[string]int
}

// sizeHintMin is the smallest file whose size is remembered: below it a
// buffer's doublings cost less than a map entry.
const sizeHintMin = 32 << 10

// Hint is file's last size, or 0 when it was small or is unknown.
func (s *Sizes) Hint(file string) int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[file]
}

// note records that file was n bytes, forgetting it when n is small.
func (s *Sizes) note(file string, n int) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < sizeHintMin {
		delete(s.m, file)
		return
	}
	if s.m == nil {
		s.m = map[string]int{}
	}
	s.m[file] = n
}

// bufferFor is an empty output buffer for file, with room for its last
// size (see grow).
func (r *Renderer) bufferFor(file string) *bytes.Buffer {
	return r.Sizes.grow(r.buffer(), file)
}

// grow gives b room for file's last size and a little more, so that a
// render that writes about as much as the last one does not grow it.
func (s *Sizes) grow(b *bytes.Buffer, file string) *bytes.Buffer {
	if n := s.Hint(file); n > 0 {
		b.Grow(n + n/16 + 1024)
	}
	return b
}
