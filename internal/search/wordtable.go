package search

import "encoding/binary"

// wordTable is a worker's memory of the short words it has met (at most
// 16 bytes, nearly all of them), by their bytes: an open-addressing table
// whose slots hold the word itself, so that a look-up reads one slot. A
// map of strings reads its slot and then the key's bytes, somewhere in the
// text of the page that first had the word, and on a big site both are
// misses of the processor's cache; the tokens' look-ups were most of the
// cost of indexing.
type wordTable struct {
	slots []wordSlot
	n     int
}

type wordSlot struct {
	k0, k1 uint64 // the word's bytes, zero-padded
	size   uint8  // its length; 0: an empty slot
	e      entry
}

// maxTableWord is the longest word a wordTable holds.
const maxTableWord = 16

// wordKey packs a word of at most maxTableWord bytes.
func wordKey(w string) (k0, k1 uint64) {
	var b [maxTableWord]byte
	copy(b[:], w)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
}

// find is the slot of the word (k0, k1, size): its own, or the empty one
// where it goes.
func (t *wordTable) find(k0, k1 uint64, size uint8) *wordSlot {
	h := (k0 ^ k1*0x9E3779B97F4A7C15 ^ uint64(size)) * 0xBF58476D1CE4E5B9
	h ^= h >> 29
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.size == 0 || s.k0 == k0 && s.k1 == k1 && s.size == size {
			return s
		}
	}
}

// get returns the entry of w (len(w) <= maxTableWord) and whether it was
// there.
func (t *wordTable) get(w string) (entry, bool) {
	k0, k1 := wordKey(w)
	return t.getKey(k0, k1, uint8(len(w)))
}

// put records w's entry (w not there yet), growing the table to keep it at
// most half full.
func (t *wordTable) put(w string, e entry) {
	k0, k1 := wordKey(w)
	t.putKey(k0, k1, uint8(len(w)), e)
}

// putKey records the entry of the word (k0, k1, size), not there yet.
func (t *wordTable) putKey(k0, k1 uint64, size uint8, e entry) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]wordSlot, max(1024, 2*len(old)))
		for i := range old {
			if o := &old[i]; o.size != 0 {
				*t.find(o.k0, o.k1, o.size) = *o
			}
		}
	}
	*t.find(k0, k1, size) = wordSlot{k0, k1, size, e}
	t.n++
}

// getKey returns the entry of the word (k0, k1, size) and whether it was
// there.
func (t *wordTable) getKey(k0, k1 uint64, size uint8) (entry, bool) {
	if len(t.slots) == 0 {
		return entry{}, false
	}
	s := t.find(k0, k1, size)
	return s.e, s.size != 0
}
