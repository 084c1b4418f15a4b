package linkcheck

import (
	"bytes"
	"html"
	"math/rand/v2"
	"reflect"
	"slices"
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

// scanIDsByIndex is ScanIDs as it was first written, by bytes.Index: the
// reference for TestScanIDs.
func scanIDsByIndex(page []byte) []string {
	var found []string
	for rest := page; ; {
		i := bytes.Index(rest, idAttr)
		if i < 0 {
			return found
		}
		rest = rest[i+len(idAttr):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return found
		}
		found = append(found, html.UnescapeString(string(rest[:j])))
		rest = rest[j:]
	}
}

// ScanIDs finds what a plain search for ` id="` finds, on pages made of
// random pieces of HTML that put ids, equals signs and quotes near each
// other, at the start and at the end.
func TestScanIDs(t *testing.T) {
	pieces := []string{` id="`, `id="`, ` id=`, `="`, `=`, `"`, ` `, `a`, `x&amp;y`, `<h2 id="top">`, `class="c"`, ` i`, `d="`}
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 20000 {
		var b []byte
		for range r.IntN(12) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		if got, want := ScanIDs(b), scanIDsByIndex(b); !slices.Equal(got, want) {
			t.Fatalf("page %d %q: ScanIDs %q, want %q", n, b, got, want)
		}
	}
}

func TestNewID(t *testing.T) {
	set := "\x00ab\x00b\x00bc\x00"
	for id, want := range map[string]bool{"b": false, "ab": false, "bc": false, "a": true, "c": true, "abc": true, "b\x00bc": false, "": false, "x": true} {
		if got := newID(set, id); got != want {
			t.Errorf("newID(%q, %q) = %v, want %v", set, id, got, want)
		}
	}
	if !newID("", "a") || newID("\x00a\x00", "a") {
		t.Error("newID wrong on a set of none or one")
	}
}

// AddIDs with ids a page already has leaves its set as it was; with a new
// one, adds it.
func TestAddIDsAgain(t *testing.T) {
	c := NewChecker(nil, nil)
	c.AddIDs("/a/", []string{"x", "y"})
	c.AddIDs("/a/", []string{"y", "", "x"})
	if got := c.ids["/a/"]; got != "\x00x\x00y\x00" {
		t.Errorf("set %q after adding the same ids", got)
	}
	c.AddIDs("/a/", []string{"y", "w"})
	if got := c.ids["/a/"]; got != "\x00w\x00x\x00y\x00" {
		t.Errorf("set %q after adding w", got)
	}
}
