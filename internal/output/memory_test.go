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

// TestMemoryKnownChanges: a file its writer knows is the same as the last
// build's is kept without its bytes (WriteSame), one it knows changed is
// taken without hashing (WriteChanged), under a hash that differs from
// the last build's and from the next build's of any bytes, so that the
// next Write of the file finds it changed even with the same bytes.
// Both still name two writers of one file.
func TestMemoryKnownChanges(t *testing.T) {
	seed := maphash.MakeSeed()
	feed := []byte("<rss>1</rss>")
	m := NewMemory(seed, map[string]uint64{"index.xml": maphash.Bytes(seed, feed), "sitemap.xml": 7})
	if err := m.WriteSame("sitemap.xml", "sitegen"); err != nil {
		t.Fatal(err)
	}
	changed := []byte("<rss>2</rss>")
	if err := m.WriteChanged("index.xml", changed, "the home page"); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Changed["sitemap.xml"]; ok || m.Files["sitemap.xml"] != 7 {
		t.Errorf("the same sitemap: changed %v, hash %d, want kept with 7", ok, m.Files["sitemap.xml"])
	}
	h := m.Files["index.xml"]
	if string(m.Changed["index.xml"]) != string(changed) || h == maphash.Bytes(seed, feed) || h == maphash.Bytes(seed, changed) {
		t.Errorf("the changed feed: %q with hash %d, want its bytes under a token", m.Changed["index.xml"], h)
	}
	for _, err := range []error{m.WriteSame("sitemap.xml", "a page"), m.WriteChanged("index.xml", changed, "a page")} {
		if err == nil || !strings.Contains(err.Error(), "a page") {
			t.Errorf("a second writer: %v, want it named", err)
		}
	}
	if err := m.WriteSame("new.xml", "sitegen"); err == nil {
		t.Error("a file the last build did not have was taken as the same")
	}
	next := NewMemory(seed, m.Files)
	if err := next.Write("index.xml", changed, "the home page"); err != nil {
		t.Fatal(err)
	}
	if _, ok := next.Changed["index.xml"]; !ok {
		t.Error("the next build's Write of the feed after a token was not taken as changed")
	}
	next2 := NewMemory(seed, next.Files)
	if err := next2.WriteChanged("index.xml", changed, "the home page"); err != nil {
		t.Fatal(err)
	}
	if next2.Files["index.xml"] == next.Files["index.xml"] {
		t.Error("a token the same as the last build's hash")
	}
}
