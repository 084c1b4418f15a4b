package output

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"testing"
)

// A build that writes many files (past growAt, where Memory makes room
// for the last build's count) keeps every file's hash, sees which
// changed and which went, and still names both writers of a file written
// twice, however far apart the two writes.
func TestMemoryManyFiles(t *testing.T) {
	seed := maphash.MakeSeed()
	prev := map[string]uint64{}
	for i := range 4 * growAt {
		prev[fmt.Sprintf("p%d.html", i)] = maphash.Bytes(seed, []byte(fmt.Sprint("v1 ", i)))
	}
	m := NewMemory(seed, prev)
	for i := range 3 * growAt { // the last growAt files go
		v := "v1"
		if i%7 == 0 {
			v = "v2"
		}
		if err := m.Write(fmt.Sprintf("p%d.html", i), []byte(fmt.Sprint(v, " ", i)), fmt.Sprint("page ", i)); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.Files) != 3*growAt {
		t.Errorf("%d files recorded, want %d", len(m.Files), 3*growAt)
	}
	for i := range 3 * growAt {
		f := fmt.Sprintf("p%d.html", i)
		if _, changed := m.Changed[f]; changed != (i%7 == 0) {
			t.Errorf("%s changed: %v", f, changed)
		}
		if m.Files[f] != maphash.Bytes(seed, m.Changed[f]) && i%7 == 0 {
			t.Errorf("%s: hash not its bytes'", f)
		}
	}
	if gone := m.Removed(); len(gone) != growAt || !slices.Contains(gone, fmt.Sprintf("p%d.html", 4*growAt-1)) {
		t.Errorf("removed %d files, want the last %d", len(gone), growAt)
	}
	err := m.Write("p3.html", []byte("again"), "another page")
	if err == nil || !strings.Contains(err.Error(), "page 3") || !strings.Contains(err.Error(), "another page") {
		t.Errorf("writing a file written before the maps grew: %v, want both writers named", err)
	}
}
