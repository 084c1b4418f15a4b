package build

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/source"
)

// modelEdits are the edits serve makes to the site model in place (see
// model.go), for TestIncrementalEqualsClean: a regular page's front matter
// (title, date, weight, tags, draft) with its body kept, a page moved to
// another section, and more new, deleted and renamed pages.
var modelEdits = []edit{
	editFront, editFront, editFront, editFront,
	edits[0], edits[0], // a new page
	edits[6], // deleted
	edits[7], // renamed
	func(r *rand.Rand, dir string) []string { // moved to another section
		p, ok := pickPage(r, dir)
		if !ok {
			return nil
		}
		q := fmt.Sprintf("content/%s/m%d.md", []string{"news", "news/deep", "blog"}[r.IntN(3)], r.IntN(12))
		os.MkdirAll(filepath.Dir(filepath.Join(dir, q)), 0o755)
		os.Rename(filepath.Join(dir, p), filepath.Join(dir, q))
		return []string{p, q}
	},
}

// editFront changes one key of a page's front matter and keeps its body.
func editFront(r *rand.Rand, dir string) []string {
	p, ok := pickPage(r, dir)
	if !ok {
		return nil
	}
	b, _ := os.ReadFile(filepath.Join(dir, p))
	text := string(b)
	end := strings.Index(text[min(3, len(text)):], "---\n")
	if !strings.HasPrefix(text, "---\n") || end < 0 {
		return nil
	}
	front, body := text[4:3+end], text[3+end:]
	var keep []string
	key := []string{"title", "date", "weight", "tags", "draft"}[r.IntN(5)]
	for _, l := range strings.Split(strings.TrimSuffix(front, "\n"), "\n") {
		if !strings.HasPrefix(l, key+":") {
			keep = append(keep, l)
		}
	}
	switch key {
	case "title":
		keep = append(keep, fmt.Sprintf("title: T%d", r.IntN(20)))
	case "date":
		keep = append(keep, fmt.Sprintf("date: 2016-10-%02d", 1+r.IntN(28)))
	case "weight":
		keep = append(keep, fmt.Sprintf("weight: %d", r.IntN(3)))
	case "tags":
		tags := []string{"alpha", "Alpha", "beta", "快速", "new" + fmt.Sprint(r.IntN(3))}
		keep = append(keep, fmt.Sprintf("tags: [%s]", strings.Join(tags[r.IntN(2):2+r.IntN(3)], ", ")))
	case "draft":
		keep = append(keep, fmt.Sprintf("draft: %v", r.IntN(2) == 0))
	}
	writeFileT(dir, p, "---\n"+strings.Join(keep, "\n")+"\n"+body)
	return []string{p}
}

// knownChanges tells which edited Markdown files exist, as a walk would
// list them, and leaves to a walk what it cannot tell from a few Lstat
// calls.
func TestKnownChanges(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":          {},
		"content/news/b.md":     {},
		"content/news/new.md":   {},
		"content/.hidden/x.md":  {},
		"content/link.md":       {Mode: fs.ModeSymlink},
		"content/dir.md/c.md":   {},
		"archetypes/default.md": {},
	}
	l := &loader{opts: Options{FS: fsys}, files: map[string]*source.File{
		"content/a.md": {}, "content/news/b.md": {}, "content/gone.md": {}, "content/dir.md/c.md": {},
	}}
	for _, tc := range []struct {
		changed []string
		want    map[string]bool // nil: a walk must decide
	}{
		{[]string{"content/news/new.md"}, map[string]bool{"content/news/new.md": true}},
		{[]string{"content/gone.md", "content/a.md"}, map[string]bool{"content/gone.md": false, "content/a.md": true}},
		{[]string{"content/news/b.md", "archetypes/default.md"}, map[string]bool{"content/news/b.md": true}},
		{[]string{"content/.hidden/x.md"}, nil},
		{[]string{"content/link.md"}, nil},
		{[]string{"content/dir.md"}, nil}, // not Markdown: a walk
		{[]string{"content/news/b.md", "static/x.css"}, nil},
	} {
		got, ok := l.knownChanges(tc.changed)
		if ok != (tc.want != nil) || !maps.Equal(got, tc.want) {
			t.Errorf("knownChanges(%v) = %v, %v; want %v", tc.changed, got, ok, tc.want)
		}
	}
}

// A load that fails after the file list was updated in place (a model
// that Build refuses: two pages at one URL) leaves the list as the last
// good load had it, the same files, and a load after the fix succeeds.
func TestFailedLoadRevertsFiles(t *testing.T) {
	page := func(title, url string) string {
		if url != "" {
			url = "url: " + url + "\n"
		}
		return "---\ntitle: " + title + "\n" + url + "---\nText.\n"
	}
	for _, tc := range []struct {
		name  string
		write map[string]string // "" removes
	}{
		{"edited", map[string]string{"content/news/a.md": page("A", "/news/b/")}},
		{"new", map[string]string{"content/news/c.md": page("C", "/news/a/")}},
		{"deleted and new", map[string]string{"content/news/b.md": "", "content/news/c.md": page("C", "/news/a/")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFileT(dir, "sitegen.toml", "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
			writeFileT(dir, "content/news/a.md", page("A", ""))
			writeFileT(dir, "content/news/b.md", page("B", ""))
			o := Options{Source: dir}
			o.defaults()
			l := &loader{opts: o}
			if _, _, err := l.load(nil); err != nil {
				t.Fatal(err)
			}
			before := maps.Clone(l.files)
			var changed []string
			for rel, text := range tc.write {
				changed = append(changed, rel)
				if text == "" {
					os.Remove(filepath.Join(dir, rel))
				} else {
					writeFileT(dir, rel, text)
				}
			}
			if _, _, err := l.load(changed); err == nil {
				t.Fatal("the load of a URL clash succeeded")
			}
			if !maps.Equal(l.files, before) {
				t.Errorf("files after the failed load: %v, want %v", slices.Sorted(maps.Keys(l.files)), slices.Sorted(maps.Keys(before)))
			}
			for rel := range tc.write {
				os.Remove(filepath.Join(dir, rel))
			}
			if _, _, err := l.load(changed); err != nil {
				t.Fatalf("after the fix: %v", err)
			}
		})
	}
}
