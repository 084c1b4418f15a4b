package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// regularOf filters sorted children; the result must be what sorting the
// regular pages alone gives, and share the children's slice when they are
// all regular.
func TestRegularOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2016, 10, d, 0, 0, 0, 0, time.UTC) }
	pages := []*Page{
		{Kind: KindPage, Path: "/a/", Title: "A", Date: day(1)},
		{Kind: KindSection, Path: "/s/", Title: "S", Date: day(3)},
		{Kind: KindPage, Path: "/b/", Title: "B", Date: day(2), Weight: 2},
		{Kind: KindPage, Path: "/c/", Title: "C", Date: day(2)},
		{Kind: KindPage, Path: "/d/", Title: "C", Date: day(2)}, // same date and title: the path decides
		{Kind: KindSection, Path: "/t/", Title: "T", Weight: 1},
	}
	children := slices.Clone(pages)
	sortPages(children)
	var regular []*Page
	for _, p := range pages {
		if p.Kind == KindPage {
			regular = append(regular, p)
		}
	}
	sortPages(regular)
	if got := regularOf(children); !slices.Equal(got, regular) {
		t.Errorf("regularOf = %v, want %v", paths(got), paths(regular))
	}

	onlyPages := slices.Clone(regular)
	got := regularOf(onlyPages)
	if !slices.Equal(got, regular) || &got[0] != &onlyPages[0] {
		t.Errorf("all regular: got %v, want the children's own slice", paths(got))
	}
	if got := regularOf([]*Page{pages[1]}); len(got) != 0 {
		t.Errorf("no regular pages: got %v", paths(got))
	}
}

func paths(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

// Pages that give the same term share the term page's string; a spelling
// that only urlizes the same keeps its own, as templates show it.
func TestTermsShareOneString(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\ntags: [WeChat, Media]\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\ntags: [WeChat]\n---\n")},
		"content/c.md": {Data: []byte("---\ntitle: C\ntags: [wechat]\n---\n")},
	}
	sites := buildFS(t, fsys, []string{"content/a.md", "content/b.md", "content/c.md"})
	tag := func(path string, i int) string { return sites.ByPath[path].Terms.Get("tags")[i] }
	a, b, c2 := tag("/a/", 0), tag("/b/", 0), tag("/c/", 0)
	if a != "WeChat" || b != "WeChat" || c2 != "wechat" || tag("/a/", 1) != "Media" {
		t.Fatalf("terms changed: %q %q %q", a, b, c2)
	}
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("two pages' WeChat are two strings")
	}
	for _, path := range []string{"/a/", "/b/"} { // copied into blocks, capped
		ts := sites.ByPath[path].Terms
		if cap(ts) != len(ts) || cap(ts[0].Terms) != len(ts[0].Terms) {
			t.Errorf("%s: terms not capped: %d/%d, %d/%d", path, len(ts), cap(ts), len(ts[0].Terms), cap(ts[0].Terms))
		}
	}
	term := sites.ByPath["/tags/wechat/"]
	if term == nil || len(term.RegularPages()) != 3 || unsafe.StringData(term.Term) != unsafe.StringData(a) {
		t.Errorf("term page: %+v", term)
	}
}

// Every list comes out in Hugo's order, though only the language's
// regular pages are sorted by a sort: sections, subsections and terms take
// their pages from that sorted list.
func TestListsSorted(t *testing.T) {
	fsys := fstest.MapFS{}
	var files []string
	add := func(name, front string) {
		fsys[name] = &fstest.MapFile{Data: []byte("---\n" + front + "\n---\nbody\n")}
		files = append(files, name)
	}
	add("content/news/_index.md", "title: News\nweight: 3")
	add("content/news/sub/_index.md", "title: Sub\nweight: 1")
	for i := range 40 {
		dir := []string{"news", "news/sub", "people"}[i%3]
		weight := []int{0, 0, 2, 1, 0}[i%5]
		add(fmt.Sprintf("content/%s/p%02d.md", dir, i),
			fmt.Sprintf("title: P%d\ndate: 2016-10-%02d\nweight: %d\ntags: [t%d, all]", i%7, 1+i%9, weight, i%4))
	}
	sites := buildFS(t, fsys, files)
	lists := 0
	for _, p := range sites.Pages {
		if len(p.Pages()) == 0 {
			continue
		}
		lists++
		want := slices.Clone(p.Pages())
		slices.SortStableFunc(want, comparePages)
		if !slices.Equal(p.Pages(), want) {
			t.Errorf("%s: children %v, want %v", p.Path, paths(p.Pages()), paths(want))
		}
		if p.Kind != KindHome && !slices.Equal(p.RegularPages(), regularOf(want)) {
			t.Errorf("%s: regular pages %v", p.Path, paths(p.RegularPages()))
		}
	}
	if lists < 8 { // home, news, news/sub, people, tags, t0..t3, all
		t.Errorf("only %d lists", lists)
	}
}

// A site's regular pages are allocated in blocks (see newPage): of 300
// pages read in order, each but the first of a block lies right after the
// one before it in memory.
func TestPagesInBlocks(t *testing.T) {
	fsys := fstest.MapFS{}
	var names []string
	for i := range 300 {
		name := fmt.Sprintf("content/p%03d.md", i)
		fsys[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: P%03d\n---\n", i))}
		names = append(names, name)
	}
	sites := buildFS(t, fsys, names)
	blocks := 1
	var prev *Page
	for _, name := range names {
		p := sites.ByPath["/"+strings.TrimSuffix(strings.TrimPrefix(name, "content/"), ".md")+"/"]
		if p == nil || p.Title != "P"+strings.TrimSuffix(strings.TrimPrefix(name, "content/p"), ".md") {
			t.Fatalf("%s: page %+v", name, p)
		}
		if prev != nil && uintptr(unsafe.Pointer(p)) != uintptr(unsafe.Pointer(prev))+unsafe.Sizeof(Page{}) {
			blocks++
		}
		prev = p
	}
	// Blocks grow from 16 pages to maxPageBlock: 16, 16, 32, 64, 128, 44.
	if blocks > 8 {
		t.Errorf("300 pages in %d blocks", blocks)
	}
	// The map by path is keyed by each page's own URL string.
	for key, p := range sites.ByPath {
		if unsafe.StringData(key) != unsafe.StringData(p.Path) {
			t.Fatalf("ByPath key %q is a string of its own", key)
		}
	}
}

// testConfig is a one-language site's configuration.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// buildFS reads the named files of fsys and builds the model, as a
// build's load does.
func buildFS(t *testing.T, fsys fstest.MapFS, names []string) *Sites {
	t.Helper()
	c := testConfig(t)
	files, err := source.ReadFronts(fsys, c, names)
	if err != nil {
		t.Fatal(err)
	}
	sites, err := Build(c, files, nil, nil, Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return sites
}
