package source

import (
	"fmt"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/config"
)

// ReadFronts reads every file into one buffer per worker. Nothing it
// returns may point into that buffer, or a later file's text would show
// through an earlier file's values: each file must come back as ReadFiles,
// which gives every file a buffer of its own, reads it.
func TestReadFrontsKeepsNothingOfTheBuffer(t *testing.T) {
	c, err := config.Parse([]byte("title = \"T\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var paths []string
	for i := range 300 {
		p := fmt.Sprintf("content/p%03d.md", i)
		src := fmt.Sprintf("---\ntitle: Title %03d\ndate: 2016-10-%02d\ntags: [t%03d, shared]\nnote: n%03d\n---\nBody %03d\n", i, i%28+1, i, i, i)
		if i%3 == 1 {
			src = fmt.Sprintf("+++\ntitle = \"Title %03d\"\ntags = [\"t%03d\"]\nnote = \"n%03d\"\n+++\nBody %03d\n", i, i, i, i)
		}
		if i%7 == 0 { // a longer file, so that the buffer grows and is reused
			src += fmt.Sprintf("%0*d\n", 4000+i, i)
		}
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
		paths = append(paths, p)
	}
	got, err := ReadFronts(fsys, c, paths)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadFiles(fsys, c, paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i, f := range got {
		w := want[i]
		if f.Path != w.Path || f.Front.Title != w.Front.Title || string(f.Src.Front) != string(w.Src.Front) ||
			!reflect.DeepEqual(f.Front.Terms, w.Front.Terms) || !reflect.DeepEqual(f.Front.Params, w.Front.Params) {
			t.Errorf("%s: read into the shared buffer as %q %q %v, alone as %q %q %v",
				w.Path, f.Front.Title, f.Src.Front, f.Front.Params, w.Front.Title, w.Src.Front, w.Front.Params)
		}
		if !f.Src.BodyDropped() || f.Src.Body != nil {
			t.Errorf("%s: body kept", f.Path)
		}
	}
}
