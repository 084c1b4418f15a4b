package templates

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestRowMemo: the ranges that show only the listed page's own fields in
// HTML text keep their rows, the others run as written, and both write
// what the template says, tracked (twice: the second from kept rows) and
// untracked.
func TestRowMemo(t *testing.T) {
	cases := []struct {
		name, tmpl string
		memo       bool
		want       string
	}{
		{"list", `<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006" }}</li>{{ end }}</ul>`, true,
			`<ul><li><a href="/forum/news/tour/">Press tour</a> 2016</li><li><a href="/forum/about/">About</a> 2016</li></ul>`},
		{"in if, with functions", `{{ if true }}{{ range .Site.RegularPages }}{{ if eq .Weight 1 }}{{ .Title | upper }}{{ else }}<b>{{ printf "%s!" .Kind }}</b>{{ end }};{{ end }}{{ end }}`, true,
			`PRESS TOUR;<b>page!</b>;`},
		{"no field", `{{ range slice "a" "b" }}x{{ end }}`, true, `xx`},
		{"a variable", `{{ range .Site.RegularPages }}{{ $.Title }};{{ end }}`, false, `Home;Home;`},
		{"declared", `{{ range $i, $p := .Site.RegularPages }}{{ $i }}{{ end }}`, false, `01`},
		{"else", `{{ range .Site.RegularPages }}{{ .Title }}{{ else }}none{{ end }}`, false, `Press tourAbout`},
		{"another page", `{{ range .Site.RegularPages }}{{ .Parent.Title }};{{ end }}`, false, `News;Home;`},
		{"the body", `{{ range .Site.RegularPages }}{{ .WordCount }};{{ end }}`, false, `0;0;`},
		{"a UI string", `{{ range .Site.RegularPages }}{{ T "only" }};{{ end }}`, false, `en only;en only;`},
		{"the dot", `{{ range .Site.RegularPages }}{{ printf "%T" . }};{{ end }}`, false, `*templates.Page;*templates.Page;`},
		{"an attribute", `<a title="{{ range .Site.RegularPages }}{{ .Title }} {{ end }}">`, false, `<a title="Press tour About ">`},
		{"a script", `<script>var a = [{{ range .Site.RegularPages }}{{ .Title }},{{ end }}];</script>`, false, `<script>var a = ["Press tour","About",];</script>`},
		{"a title element", `<title>{{ range .Site.RegularPages }}{{ .Title }}<{{ end }}</title>`, false, `<title>Press tour&lt;About&lt;</title>`},
		{"nested", `{{ range .Site.Sections }}{{ range .Pages }}{{ .Title }};{{ end }}{{ end }}`, true, `Press tour;`},
	}
	tmpl := map[string]string{}
	for i, tc := range cases {
		tmpl[fmt.Sprintf("r%d.html", i)] = tc.tmpl
	}
	tpl, sites := loadSite(t, tmpl)
	home := page(t, sites, "content/_index.md")
	set := tpl.Set("en")
	for i, tc := range cases {
		name := fmt.Sprintf("r%d.html", i)
		if got := set.pages[name].t.Lookup(rowName+"0") != nil; got != tc.memo {
			t.Errorf("%s: rewritten %v, want %v", tc.name, got, tc.memo)
		}
		for run, tr := range []*Tracker{NewTracker(), NewTracker(), Untracked()} {
			var b bytes.Buffer
			if err := set.ExecutePage(&b, name, home, tr); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if b.String() != tc.want {
				t.Errorf("%s, run %d: got %s, want %s", tc.name, run, b.String(), tc.want)
			}
		}
	}
}

// TestRowMemoFollowsEdits: a kept row is written again once a field it
// read changes, and a render from kept rows records what a render that
// ran them records.
func TestRowMemoFollowsEdits(t *testing.T) {
	tpl, sites := loadSite(t, map[string]string{"l.html": `{{ range .Site.RegularPages }}{{ .Title }}@{{ .Date.Format "2006-01-02" }};{{ end }}`})
	home, about := page(t, sites, "content/_index.md"), page(t, sites, "content/about.md")
	run := func() (string, string) {
		var b bytes.Buffer
		tr := NewTracker()
		if err := tpl.Set("en").ExecutePage(&b, "l.html", home, tr); err != nil {
			t.Fatal(err)
		}
		return b.String(), fmt.Sprint(tr.Deps())
	}
	out1, deps1 := run()
	if want := "Press tour@2016-10-28;About@2016-10-29;"; out1 != want {
		t.Fatalf("got %s, want %s", out1, want)
	}
	about.Title = "Renamed"
	out2, deps2 := run()
	about.Date = about.Date.AddDate(0, 0, 1)
	out3, deps3 := run()
	if want := "Press tour@2016-10-28;Renamed@2016-10-29;"; out2 != want {
		t.Errorf("after a title edit: got %s, want %s", out2, want)
	}
	if want := "Press tour@2016-10-28;Renamed@2016-10-30;"; out3 != want {
		t.Errorf("after a date edit: got %s, want %s", out3, want)
	}
	if deps1 != deps2 || deps1 != deps3 || !strings.Contains(deps1, "m:/news/tour/") {
		t.Errorf("deps %s, then %s and %s", deps1, deps2, deps3)
	}
}

// TestRowMemoErrors: an error in a kept row's template names the template
// file and its line.
func TestRowMemoErrors(t *testing.T) {
	tpl, sites := loadSite(t, map[string]string{"e.html": "<ul>\n{{ range .Site.RegularPages }}\n<li>{{ .Date.Format 3 }}</li>{{ end }}</ul>"})
	set := tpl.Set("en")
	if set.pages["e.html"].t.Lookup(rowName+"0") == nil {
		t.Fatal("the range was not rewritten")
	}
	for _, tr := range []*Tracker{NewTracker(), Untracked()} {
		err := set.ExecutePage(new(bytes.Buffer), "e.html", page(t, sites, "content/_index.md"), tr)
		if err == nil || !strings.HasPrefix(err.Error(), "templates/e.html:3:") {
			t.Errorf("error %v, want one at templates/e.html:3", err)
		}
	}
}

// TestRowMemoConcurrent: lists that share kept rows render on every core
// at once (the build's pool), each writing what the template says; under
// -race it shows the kept rows are shared safely.
func TestRowMemoConcurrent(t *testing.T) {
	tpl, sites := loadSite(t, map[string]string{"l.html": `{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`})
	home := page(t, sites, "content/_index.md")
	want := `<a href="/forum/news/tour/">Press tour</a><a href="/forum/about/">About</a>`
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 50 {
				var b bytes.Buffer
				if err := tpl.Set("en").ExecutePage(&b, "l.html", home, NewTracker()); err != nil || b.String() != want {
					errs <- fmt.Errorf("got %q, %v", b.String(), err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
