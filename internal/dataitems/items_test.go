package dataitems

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/sitegen/sitegen/internal/config"
)

// TestList: each item gets the path its keys give it, and bad items are
// errors at the data file's line of the item, all at once.
func TestList(t *testing.T) {
	for _, c := range []struct {
		name, file, src, data, path string
		want                        []string // paths, when errs is empty
		errs                        []string // substrings of the error
	}{
		{name: "paths", file: "data/program.yaml", data: "program.events", path: "events/:slug.ics",
			src:  "events:\n  - slug: Opening Talk\n  - slug: panel\n",
			want: []string{"events/opening-talk.ics", "events/panel.ics"}},
		{name: "dotted key into the file", file: "data/site.yaml", data: "site.program.events", path: ":id/",
			src:  "program:\n  events:\n    - id: a\n",
			want: []string{"a/"}},
		{name: "bad items", file: "data/program.yaml", data: "program.events", path: "e/:slug.ics",
			src: "events:\n  - slug: a\n  - title: no slug\n  - slug: 3\n  - slug: '..'\n  - slug: A\n",
			errs: []string{"data/program.yaml:3: program.events item 2: has no slug",
				"data/program.yaml:4: program.events item 3: slug is 3, a int; it must be a string",
				`data/program.yaml:5: program.events item 4: slug ".." gives no file name`,
				"data/program.yaml:6: program.events item 5: writes e/a.ics, as item 1 (line 2) does"}},
		{name: "not a list", file: "data/program.yaml", data: "program.title", path: ":x",
			src:  "title: Forum\n",
			errs: []string{`sitegen.toml: [[outputs]] data "program.title": not a list in data/ (got string)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
				t.Fatal(err)
			}
			// Site data is keyed by the file's path under data/.
			data := map[string]any{}
			m := data
			keys := strings.Split(strings.TrimSuffix(strings.TrimPrefix(c.file, "data/"), ".yaml"), "/")
			for _, k := range keys[:len(keys)-1] {
				m[k] = map[string]any{}
				m = m[k].(map[string]any)
			}
			m[keys[len(keys)-1]] = doc
			fsys := fstest.MapFS{c.file: {Data: []byte(c.src)}}
			items, err := List(fsys, data, config.Output{Template: "x.ics", Path: c.path, Data: c.data})
			if len(c.errs) > 0 {
				if err == nil {
					t.Fatalf("no error; want %q", c.errs)
				}
				for _, e := range c.errs {
					if !strings.Contains(err.Error(), e) {
						t.Errorf("error\n%v\nlacks %q", err, e)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.Path)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("paths %q, want %q", got, c.want)
			}
		})
	}
}
