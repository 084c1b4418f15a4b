package search

import (
	"fmt"
	"testing"
)

// A wordTable finds what a map finds, through its growth, for words that
// differ only in length, trailing bytes or the second half of their bytes.
func TestWordTableMatchesMap(t *testing.T) {
	var tab wordTable
	want := map[string]entry{}
	words := []string{"a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnoq", "微信", "платёж", "0"}
	for i := range 5000 {
		words = append(words, fmt.Sprintf("w%d", i), fmt.Sprintf("abcdefgh%08d", i))
	}
	for i, w := range words {
		if _, ok := tab.get(w); ok {
			t.Fatalf("%q found before it was put", w)
		}
		e := entry{term: uint32(i), word: uint32(2 * i), keep: uint8(i), form: i%2 == 0}
		tab.put(w, e)
		want[w] = e
	}
	for w, e := range want {
		if got, ok := tab.get(w); !ok || got != e {
			t.Errorf("%q: %+v, %v; want %+v", w, got, ok, e)
		}
	}
	for _, w := range []string{"", "abc", "abcdefghijklmno", "w5000", "微"} {
		if _, ok := tab.get(w); ok {
			t.Errorf("%q found, never put", w)
		}
	}
}

// A worker keeps words with digits apart from the others, and long words
// in neither table.
func TestScratchTable(t *testing.T) {
	var sc scratch
	for _, c := range []struct {
		w    string
		want *wordTable
	}{
		{"market", &sc.short}, {"微信", &sc.short}, {"платёж", &sc.short},
		{"2016", &sc.digits}, {"item1234", &sc.digits}, {"9a", &sc.digits},
		{"internationalization", nil}, {"item12345678901234", nil},
	} {
		if got := sc.table(c.w); got != c.want {
			t.Errorf("%q: table %p, want %p (short %p, digits %p)", c.w, got, c.want, &sc.short, &sc.digits)
		}
	}
}
