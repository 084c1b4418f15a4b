package templates

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"time"
)

// page mimics the Hugo-named fields the sitegen templates may use.
type page struct {
	Title, RelPermalink string
	Content             template.HTML
	Date                time.Time
	Pages               []page
	Site                struct{ Title string }
}

func TestSitegenTemplatesExecute(t *testing.T) {
	child := page{Title: "Child", RelPermalink: "/news/page-00001/", Date: time.Date(2016, 10, 28, 10, 0, 0, 0, time.UTC)}
	p := page{Title: "News", Content: "<p>body</p>", Date: child.Date, Pages: []page{child}}
	p.Site.Title = "Bench"
	for _, name := range []string{"home", "section", "page", "taxonomy", "term"} {
		tmpl, err := template.ParseFS(FS, "sitegen/templates/base.html", "sitegen/templates/"+name+".html")
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		if err := tmpl.ExecuteTemplate(&out, "base.html", p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, want := range []string{"<title>News - Bench</title>", `<a href="/news/">News</a>`, "<p>body</p>"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", name, want, out.String())
			}
		}
		if name != "page" && !strings.Contains(out.String(), `<a href="/news/page-00001/">Child</a> <time>2016-10-28</time>`) {
			t.Errorf("%s: output lacks the page list:\n%s", name, out.String())
		}
	}
}

func TestHugoLayoutsPresent(t *testing.T) {
	for _, name := range []string{"baseof", "index", "list", "single", "taxonomy", "term"} {
		if _, err := fs.Stat(FS, "hugo/layouts/_default/"+name+".html"); err != nil {
			t.Error(err)
		}
	}
	for _, name := range []string{"hugo/config.toml", "sitegen/sitegen.toml"} {
		if _, err := fs.Stat(FS, name); err != nil {
			t.Error(err)
		}
	}
}
