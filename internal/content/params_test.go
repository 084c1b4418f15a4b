package content

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/source"
)

// Params gives every key as the front matter decodes it, though the page
// does not keep the map the load decoded.
func TestPageParams(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      map[string]any
	}{
		{"yaml", "---\ntitle: T\ndate: 2016-10-29\ntags: [a, b]\ncity: Guangzhou\n---\nbody\n", map[string]any{
			"title": "T", "date": time.Date(2016, 10, 29, 0, 0, 0, 0, time.UTC), "tags": []any{"a", "b"}, "city": "Guangzhou"}},
		{"toml", "+++\ntitle = \"T\"\nseats = 300\n+++\nbody\n", map[string]any{"title": "T", "seats": int64(300)}},
		{"none", "body\n", map[string]any{}},
		{"empty", "---\n---\nbody\n", map[string]any{}},
	} {
		s, err := source.Split("content/a.md", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		fm, err := source.ParseFront("content/a.md", s, []string{"tags"})
		if err != nil {
			t.Fatal(err)
		}
		p := &Page{File: "content/a.md"}
		p.fromFront(&source.File{Path: "content/a.md", Base: "a", Src: s, Front: fm})
		p.Source.DropBody(nil) // as a build does after the load
		got := make([]map[string]any, 8)
		var wg sync.WaitGroup
		for i := range got {
			wg.Add(1)
			go func() { defer wg.Done(); got[i] = p.Params() }()
		}
		wg.Wait()
		if !reflect.DeepEqual(got[0], tc.want) {
			t.Errorf("%s: Params() = %#v, want %#v", tc.name, got[0], tc.want)
		}
		if !reflect.DeepEqual(got[0], fm.Params) {
			t.Errorf("%s: Params() = %#v, the load decoded %#v", tc.name, got[0], fm.Params)
		}
		for _, m := range got[1:] {
			if reflect.ValueOf(m).Pointer() != reflect.ValueOf(got[0]).Pointer() {
				t.Errorf("%s: Params decoded more than once", tc.name)
			}
		}
	}
}
