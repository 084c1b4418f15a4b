package content

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// The site the update tests edit: two languages, nested sections, one
// without an _index file, two taxonomies, translations by file name and by
// translationKey, menus that name pages, a draft and a future page.
const updateConfig = `title = "T"
baseURL = "https://example.org/base/"
defaultLanguage = "en"
[taxonomies]
tag = "tags"
category = "categories"
[permalinks]
events = "/:year/:slug/"
[languages.en]
weight = 1
[[languages.en.menus.main]]
name = "About"
pageRef = "/about"
[[languages.en.menus.main]]
name = "News"
pageRef = "/news"
[languages.zh]
weight = 2
[[languages.zh.menus.main]]
name = "News"
pageRef = "/news"
`

var updateNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func updateSite() fstest.MapFS {
	fsys := fstest.MapFS{}
	put := func(name, front string) {
		fsys[name] = &fstest.MapFile{Data: []byte("---\n" + front + "\n---\nBody of " + name + ".\n")}
	}
	put("content/_index.md", "title: Home")
	put("content/_index.zh.md", "title: 首页")
	put("content/about.md", "title: About\nweight: 1")
	put("content/news/_index.md", "title: News")
	put("content/news/_index.zh.md", "title: 新闻")
	put("content/news/sub/_index.md", "title: Sub\nweight: 2")
	put("content/people/p1.md", "title: Ann\ndate: 2016-10-01")
	put("content/events/e1.md", "title: Opening\ndate: 2016-10-29\ntags: [forum]")
	for i := range 12 {
		dir := []string{"news", "news/sub", "news"}[i%3]
		put(fmt.Sprintf("content/%s/n%02d.md", dir, i), fmt.Sprintf("title: N%d\ndate: 2016-10-%02d\nweight: %d\ntags: [t%d, all]\ncategories: [c%d]",
			i%5, 1+i%9, []int{0, 0, 2}[i%3], i%4, i%2))
		if i%4 == 0 {
			put(fmt.Sprintf("content/%s/n%02d.zh.md", dir, i), fmt.Sprintf("title: 新%d\ntags: [t%d]", i, i%3))
		}
	}
	put("content/news/k1.md", "title: Keyed\ntranslationKey: k")
	put("content/news/k2.zh.md", "title: 键\ntranslationKey: k")
	put("content/news/draft.md", "title: Draft\ndraft: true")
	put("content/news/later.md", "title: Later\ndate: 2030-01-01")
	return fsys
}

// updateEdits are the edit kinds of serve that Update does in place,
// each a change to the site's files; the paths it changed.
var updateEdits = map[string]func(fstest.MapFS) []string{
	"title":    frontEdit("content/news/n03.md", "title: N3", "title: A new title"),
	"date":     frontEdit("content/news/n03.md", "date: 2016-10-04", "date: 2015-01-01"),
	"weight":   frontEdit("content/news/n03.md", "weight: 0", "weight: 1"),
	"tags":     frontEdit("content/news/n03.md", "tags: [t3, all]", "tags: [t1, All, fresh]"),
	"tag gone": frontEdit("content/events/e1.md", "tags: [forum]", "tags: []"),
	"draft":    frontEdit("content/news/n03.md", "title: N3", "title: N3\ndraft: true"),
	"undraft":  frontEdit("content/news/draft.md", "draft: true", "draft: false"),
	"spelling": frontEdit("content/news/n00.md", "tags: [t0, all]", "tags: [T0, all]"),
	"slug":     frontEdit("content/news/n06.md", "title: N1", "title: N1\nslug: moved"),
	"key":      frontEdit("content/news/n06.md", "title: N1", "title: N1\ntranslationKey: k"),
	"new page": func(fsys fstest.MapFS) []string {
		fsys["content/news/aaa.md"] = &fstest.MapFile{Data: []byte("---\ntitle: First\ntags: [t0, brand-new]\n---\nx\n")}
		return []string{"content/news/aaa.md"}
	},
	"new translation": func(fsys fstest.MapFS) []string {
		fsys["content/news/n03.zh.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 三\n---\nx\n")}
		return []string{"content/news/n03.zh.md"}
	},
	"delete":             remove("content/news/n03.md"),
	"delete translation": remove("content/news/n04.zh.md"),
	"delete first":       remove("content/news/n00.md"),
	"rename":             move("content/news/n03.md", "content/news/zzz.md"),
	"move section":       move("content/news/n03.md", "content/people/n03.md"),
	"move up":            move("content/news/sub/n01.md", "content/news/n01b.md"),
	// What Update leaves to Build; the result must be Build's all the same.
	"new folder":        move("content/news/n03.md", "content/fresh/n03.md"),
	"folder emptied":    remove("content/people/p1.md"),
	"menu page deleted": remove("content/about.md"),
	"section index":     frontEdit("content/news/_index.md", "title: News", "title: Newer"),
	"alias":             frontEdit("content/news/n03.md", "title: N3", "title: N3\naliases: [/old/]"),
	"url clash":         frontEdit("content/news/n03.md", "title: N3", "title: N3\nurl: /about/"),
}

func frontEdit(name, from, to string) func(fstest.MapFS) []string {
	return func(fsys fstest.MapFS) []string {
		f := fsys[name]
		f.Data = []byte(strings.Replace(string(f.Data), from, to, 1))
		return []string{name}
	}
}

func remove(name string) func(fstest.MapFS) []string {
	return func(fsys fstest.MapFS) []string {
		delete(fsys, name)
		return []string{name}
	}
}

func move(from, to string) func(fstest.MapFS) []string {
	return func(fsys fstest.MapFS) []string {
		fsys[to] = fsys[from]
		delete(fsys, from)
		return []string{from, to}
	}
}

// Each edit kind updated in place gives the model Build makes of the
// edited files, or Update says that it cannot.
func TestUpdateEqualsBuild(t *testing.T) {
	names := make([]string, 0, len(updateEdits))
	for name := range updateEdits {
		names = append(names, name)
	}
	sort.Strings(names)
	inPlace := 0
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			fsys := updateSite()
			c := updateTestConfig(t)
			sites, _ := buildFiles(t, c, fsys)
			changed := updateEdits[name](fsys)
			if checkUpdate(t, c, fsys, sites, changed) {
				inPlace++
			}
		})
	}
	if inPlace < 17 {
		t.Errorf("only %d of %d edit kinds were done in place", inPlace, len(names))
	}
}

// Random sequences of edits, each updated in place where it can be and
// built afresh where not, always give Build's model.
func TestUpdateRandomEdits(t *testing.T) {
	steps := 300
	if testing.Short() {
		steps = 60
	}
	r := rand.New(rand.NewPCG(7, 18))
	fsys := updateSite()
	c := updateTestConfig(t)
	sites, _ := buildFiles(t, c, fsys)
	inPlace := 0
	for i := range steps {
		changed := randomEdit(r, fsys)
		if checkUpdate(t, c, fsys, sites, changed) {
			inPlace++
		} else {
			sites, _ = buildFiles(t, c, fsys)
		}
		if t.Failed() {
			t.Fatalf("step %d: %v", i, changed)
		}
	}
	if inPlace < steps/2 {
		t.Errorf("only %d of %d edits were done in place", inPlace, steps)
	}
}

// randomEdit changes a random regular page's front matter, or adds,
// deletes or moves one.
func randomEdit(r *rand.Rand, fsys fstest.MapFS) []string {
	var pages []string
	for name := range fsys {
		if !strings.Contains(name, "_index") && name != "content/about.md" { // the menu's page stays
			pages = append(pages, name)
		}
	}
	sort.Strings(pages)
	dirs := []string{"news", "news/sub", "people", "events", ""}
	langs := []string{"", ".zh"}
	pick := pages[r.IntN(len(pages))]
	front := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "title: %s\n", []string{"A", "B", "Bee", "Zed", "N1"}[r.IntN(5)])
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "date: 2016-%02d-%02d\n", 1+r.IntN(12), 1+r.IntN(28))
		}
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "weight: %d\n", r.IntN(3))
		}
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join([]string{[]string{"t1", "T1"}[r.IntN(2)], "all", "x" + fmt.Sprint(r.IntN(4))}[:r.IntN(4)], ", "))
		if r.IntN(8) == 0 {
			b.WriteString("draft: true\n")
		}
		if r.IntN(10) == 0 { // rarely twice in one language: an error until edited again
			fmt.Fprintf(&b, "translationKey: k%d\n", r.IntN(30))
		}
		if r.IntN(12) == 0 {
			fmt.Fprintf(&b, "slug: s%d\n", r.IntN(30))
		}
		return "---\n" + b.String() + "---\nBody.\n"
	}
	switch r.IntN(4) {
	case 0, 1: // front matter
		fsys[pick] = &fstest.MapFile{Data: []byte(front())}
		return []string{pick}
	case 2: // a new page
		dir := dirs[r.IntN(len(dirs))]
		name := fmt.Sprintf("content/%s/r%d%s.md", dir, r.IntN(40), langs[r.IntN(2)])
		name = strings.Replace(name, "//", "/", 1)
		fsys[name] = &fstest.MapFile{Data: []byte(front())}
		return []string{name}
	default: // delete, or move to another folder
		if r.IntN(2) == 0 {
			delete(fsys, pick)
			return []string{pick}
		}
		to := strings.Replace(fmt.Sprintf("content/%s/m%d.md", dirs[r.IntN(len(dirs))], r.IntN(40)), "//", "/", 1)
		fsys[to] = fsys[pick]
		delete(fsys, pick)
		return []string{pick, to}
	}
}

func updateTestConfig(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Parse([]byte(updateConfig))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// buildFiles reads every Markdown file of fsys and builds the model; nil
// when Build reports an error.
func buildFiles(t *testing.T, c *config.Config, fsys fstest.MapFS) (*Sites, map[string]*source.File) {
	t.Helper()
	files := readAll(t, c, fsys)
	list := make([]*source.File, 0, len(files))
	for _, f := range files {
		list = append(list, f)
	}
	sites, err := Build(c, list, nil, nil, Options{Now: updateNow})
	if err != nil {
		return nil, files
	}
	return sites, files
}

func readAll(t *testing.T, c *config.Config, fsys fstest.MapFS) map[string]*source.File {
	t.Helper()
	var names []string
	for name := range fsys {
		names = append(names, name)
	}
	list, err := source.ReadFronts(fsys, c, names)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*source.File{}
	for _, f := range list {
		files[f.Path] = f
	}
	return files
}

// checkUpdate updates sites with the changed files of fsys and, if it did
// so in place, compares the result with Build's model; it reports whether
// the update was in place.
func checkUpdate(t *testing.T, c *config.Config, fsys fstest.MapFS, sites *Sites, changed []string) bool {
	t.Helper()
	want, files := buildFiles(t, c, fsys)
	if sites == nil || !sites.Update(files, changed, Options{Now: updateNow}) {
		return false
	}
	if want == nil {
		t.Errorf("Update did in place what Build refuses")
		return true
	}
	if got, w := dumpSites(sites), dumpSites(want); got != w {
		t.Errorf("the model updated in place differs from Build's:\n%s", lineDiff(got, w))
	}
	return true
}

// dumpSites writes out everything of a model that a template or a build
// can see, one fact a line.
func dumpSites(s *Sites) string {
	var b strings.Builder
	ps := func(list []*Page) string {
		out := make([]string, len(list))
		for i, p := range list {
			out[i] = p.Path
		}
		return strings.Join(out, " ")
	}
	for _, st := range s.Langs {
		fmt.Fprintf(&b, "site %s home %s\n all %s\n regular %s\n", st.Language.Code, st.Home.Path, ps(st.Pages()), ps(st.RegularPages()))
		for _, plural := range sortedKeys(st.Taxonomies) {
			for _, slug := range sortedKeys(st.Taxonomies[plural]) {
				fmt.Fprintf(&b, " taxonomy %s/%s: %s\n", plural, slug, ps(st.Taxonomies[plural][slug]))
			}
		}
		for _, name := range sortedKeys(st.Menus) {
			for _, e := range st.Menus[name] {
				fmt.Fprintf(&b, " menu %s: %s %s %d\n", name, e.Name, e.URL, e.Weight)
			}
		}
	}
	fmt.Fprintf(&b, "pages %s\n", ps(s.Pages))
	for _, path := range sortedKeys(s.ByPath) {
		p := s.ByPath[path]
		parent := ""
		if p.Parent != nil {
			parent = p.Parent.Path
		}
		fmt.Fprintf(&b, "%s: %s %s %s %q %q %q %s %v %d %v section=%q parent=%s key=%s\n  translations %s\n  children %s\n  regular %s\n",
			path, p.Kind, p.Lang, p.File, p.Title, p.Term, p.Permalink, p.RelPermalink, p.Date, p.Weight, p.Terms,
			p.Section, parent, p.key, ps(p.Translations), ps(p.Pages()), ps(p.RegularPages()))
	}
	for _, l := range sortedKeys(s.byBase) {
		for _, base := range sortedKeys(s.byBase[l]) {
			fmt.Fprintf(&b, "base %s %s: %s\n", l, base, s.byBase[l][base].Path)
		}
	}
	for _, a := range sortedKeys(s.Aliases) {
		fmt.Fprintf(&b, "alias %s: %s\n", a, s.Aliases[a].Path)
	}
	return b.String()
}

// lineDiff lists the lines of got and want that differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var out []string
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			out = append(out, "got:  "+a, "want: "+b)
		}
		if len(out) > 20 {
			break
		}
	}
	return strings.Join(out, "\n")
}
