package serve

import (
	"fmt"
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/build"
)

// An incremental build's big files are served from memory once it is put
// in place, with the rest of the build, and are in the folder after
// settle; when the n-th rename of settle fails, for every n, the new build
// is still served whole (its big files from memory), and the next change
// rebuilds in full.
func TestLateFilesServedFromMemory(t *testing.T) {
	big := func(v string) string { return strings.Repeat("<item>"+v+"</item>", 100) }
	before := map[string]string{
		"index.html":     "home v1",
		"index.xml":      big("v1"),
		"news/index.xml": big("v1"),
		"old/index.html": "old v1",
	}
	res := &build.Result{
		Write: map[string][]byte{
			"index.html":     []byte("home v2"),
			"index.xml":      []byte(big("v2")),
			"news/index.xml": []byte(big("v2")),
			"tags/index.xml": []byte(big("new")), // new, in a new folder
		},
		Remove: []string{"old/index.html"},
	}
	after := maps.Clone(before)
	delete(after, "old/index.html")
	for f, b := range res.Write {
		after[f] = string(b)
	}
	for n := int64(0); n <= 4; n++ { // 0: nothing fails
		t.Run(fmt.Sprint("rename ", n, " fails"), func(t *testing.T) {
			fd := &faultyDisk{}
			s, g := newApplyServer(t, fd.disk(), before)
			s.opts.lateAt, s.opts.Log, s.hub = 100, io.Discard, newHub()
			s.root.Store(g)
			st, err := s.reuse()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.apply(g, st, res); err != nil {
				t.Fatal(err)
			}
			if got := servedSite(t, s, g); !maps.Equal(got, after) {
				t.Errorf("served once applied:\n%v\nwant:\n%v", got, after)
			}
			if len(s.mem) != 3 || tree(t, g.root)["index.xml"] != before["index.xml"] {
				t.Errorf("%d files in memory, want the 3 big ones, not yet in the folder", len(s.mem))
			}
			s.spare = st
			fd.failRenames(func(i int64) bool { return i == n })
			s.settle(st)
			failed := n > 0 && fd.renames.Load() >= n
			if got := servedSite(t, s, g); !maps.Equal(got, after) {
				t.Errorf("served after settle:\n%v\nwant:\n%v", got, after)
			}
			if failed != s.full {
				t.Errorf("a full rebuild next: %v, want %v", s.full, failed)
			}
			if !failed && (len(s.mem) > 0 || !maps.Equal(tree(t, g.root), after)) {
				t.Errorf("settled: %d files still in memory, folder %v", len(s.mem), tree(t, g.root))
			}
			if failed && s.spare != nil {
				t.Error("the staging folder of a failed settle is kept")
			}
			s.dropSpare()
		})
	}
}
