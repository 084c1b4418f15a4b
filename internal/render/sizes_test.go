package render

import (
	"bytes"
	"testing"
)

// TestSizesGrow: a buffer for a big file has room for its last size and a
// little more at once; a small file, an unknown one, a file that shrank
// and a nil Sizes give a buffer left as it was.
func TestSizesGrow(t *testing.T) {
	var s Sizes
	s.note("big.html", 100_000)
	s.note("small.html", 1_000)
	s.note("shrank.html", 100_000)
	s.note("shrank.html", 1_000)
	for _, tc := range []struct {
		sizes *Sizes
		file  string
		room  int // at least
		none  bool
	}{
		{&s, "big.html", 100_000, false},
		{&s, "small.html", 0, true},
		{&s, "unknown.html", 0, true},
		{&s, "shrank.html", 0, true},
		{nil, "big.html", 0, true},
	} {
		b := tc.sizes.grow(new(bytes.Buffer), tc.file)
		if tc.none && b.Cap() != 0 || b.Available() < tc.room {
			t.Errorf("%s: a buffer of %d bytes free (cap %d), want at least %d (none: %v)", tc.file, b.Available(), b.Cap(), tc.room, tc.none)
		}
	}
}
