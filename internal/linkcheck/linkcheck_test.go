package linkcheck

import (
	"reflect"
	"testing"

	"github.com/sitegen/sitegen/internal/strblock"
)

func TestIDSet(t *testing.T) {
	set := idSet("", []string{"b", "a", "b", "", "x\x00y"})
	if set != "\x00a\x00b\x00" {
		t.Fatalf("set %q", set)
	}
	set = idSet(set, []string{"c", "a"})
	for id, want := range map[string]bool{"a": true, "b": true, "c": true, "": false, "d": false, "a\x00b": false, "x": false} {
		if got := hasID(set, id); got != want {
			t.Errorf("hasID(%q, %q) = %v, want %v", set, id, got, want)
		}
	}
}

// A page's links, kept in one string, come back as they were added, in
// order, across several renders.
func TestPageLinksRoundTrip(t *testing.T) {
	want := []linkRef{
		{"content/a.md", 3, "/news/x/", "/news/x/", ""},
		{"content/a.md", 12, "../b.md#快速-pay", "/zh/b/", "快速-pay"},
		{"content/a.md", 1000000, "", "", ""},
		{"content/a.md", 7, "#top", "/a/", "top"},
	}
	pl := &Links{file: "content/a.md"}
	blocks := new(strblock.Blocks) // the first seal's refs in a block, the next appended
	for i, r := range want {
		pl.addRef(r.line, r.dest, r.path, r.frag)
		if i == 1 || i == 3 {
			pl.Seal(blocks)
		}
	}
	var got []linkRef
	pl.eachRef(func(r linkRef) bool { got = append(got, r); return true })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	n := 0
	pl.eachRef(func(linkRef) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("eachRef went on after false: %d calls", n)
	}
}
