package strblock

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// Copies keep their text whatever is handed out after them, share blocks,
// and a slice handed out cannot grow into its neighbour.
func TestBlocks(t *testing.T) {
	var b Blocks
	var got []string
	for i := range 2000 {
		got = append(got, b.String(fmt.Sprintf("page %d of the forum", i)))
	}
	for i, s := range got {
		if want := fmt.Sprintf("page %d of the forum", i); s != want {
			t.Fatalf("string %d = %q, want %q", i, s, want)
		}
	}
	if uintptr(unsafe.Pointer(unsafe.StringData(got[1]))) != uintptr(unsafe.Pointer(unsafe.StringData(got[0])))+uintptr(len(got[0])) {
		t.Error("two small strings not in one block")
	}
	if b.String("") != "" || b.Bytes(nil) != nil {
		t.Error("empty input not empty")
	}
	big := strings.Repeat("x", MaxBlock)
	if s := b.String(big); s != big {
		t.Error("big string changed")
	}

	p := b.Bytes([]byte("abc"))
	q := b.Bytes([]byte("def"))
	if cap(p) != len(p) {
		t.Fatalf("cap %d, len %d", cap(p), len(p))
	}
	p = append(p, 'X')
	if string(q) != "def" || string(p) != "abcX" {
		t.Errorf("appending to one slice wrote into the next: %q %q", p, q)
	}
}

func TestBlocksConcurrent(t *testing.T) {
	var b Blocks
	var wg sync.WaitGroup
	out := make([][]string, 8)
	for w := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5000 {
				out[w] = append(out[w], b.String(fmt.Sprintf("w%d-%d", w, i)))
			}
		}()
	}
	wg.Wait()
	for w, ss := range out {
		for i, s := range ss {
			if want := fmt.Sprintf("w%d-%d", w, i); s != want {
				t.Fatalf("%q, want %q", s, want)
			}
		}
	}
}

// A nil *Blocks copies as plain Go does.
func TestNilBlocks(t *testing.T) {
	var b *Blocks
	src := []byte("summary")
	s, c := b.StringOf(src), b.Bytes(src)
	src[0] = 'S'
	if s != "summary" || string(c) != "summary" || b.String("x") != "x" {
		t.Errorf("%q %q", s, c)
	}
}
