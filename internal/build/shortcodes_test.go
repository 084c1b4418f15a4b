package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Shortcode cases: testdata/shortcodes/NAME.txtar is a site, laid over
// _base.txtar (its files win), with what the build must give:
//
//	want-error     the build's whole error text, exactly
//	want-warnings  the build's warnings, exactly
//	want/PATH      the output file PATH, exactly
//
// go test ./internal/build -run TestShortcodeCases -update rewrites the
// want entries from what the build gives.
func TestShortcodeCases(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("testdata", "shortcodes", "_base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "shortcodes", "*.txtar"))
	if len(files) < 10 {
		t.Fatalf("only %d cases", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		if name == "_base" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			site := overlay(base, ar)
			fx := fixture{name: name, ar: site}
			dest, st, err := fx.build(t, Options{})
			got := map[string]string{}
			if err != nil {
				got["want-error"] = err.Error() + "\n"
			} else {
				if len(st.Warnings) > 0 {
					got["want-warnings"] = strings.Join(st.Warnings, "\n") + "\n"
				}
				out := readTree(t, dest)
				for _, f := range ar.Files {
					if p, ok := strings.CutPrefix(f.Name, "want/"); ok {
						data, ok := out[p]
						if !ok {
							data = []byte("(not written)")
						}
						got[f.Name] = string(bytes.TrimRight(data, "\n")) + "\n"
					}
				}
			}
			if *update {
				rewriteWants(t, file, ar, got)
				return
			}
			wants := 0
			for _, f := range ar.Files {
				if !isWant(f.Name) {
					continue
				}
				wants++
				g, ok := got[f.Name]
				if !ok {
					t.Errorf("%s: the build gave no %s; error: %v", file, f.Name, err)
					continue
				}
				if g != string(f.Data) {
					t.Errorf("%s: %s differs (-update accepts it)\n--- want\n%s--- got\n%s", file, f.Name, f.Data, g)
				}
			}
			if wants == 0 {
				t.Errorf("%s: no want-error or want/ entries; the build's error: %v", file, err)
			}
		})
	}
}

// overlay is base with the files of ar laid over it, without ar's wants.
func overlay(base, ar *txtar.Archive) *txtar.Archive {
	out := &txtar.Archive{}
	own := map[string]bool{}
	for _, f := range ar.Files {
		own[f.Name] = true
	}
	for _, f := range base.Files {
		if !own[f.Name] {
			out.Files = append(out.Files, f)
		}
	}
	for _, f := range ar.Files {
		if !isWant(f.Name) {
			out.Files = append(out.Files, f)
		}
	}
	return out
}

// rewriteWants replaces a case's want entries with what the build gave;
// a case that gave an error gets want-error, one that built keeps its
// want/ files.
func rewriteWants(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	var files []txtar.File
	for _, f := range ar.Files {
		if isWant(f.Name) {
			continue
		}
		files = append(files, f)
	}
	var wants []txtar.File
	if g, ok := got["want-error"]; ok {
		wants = append(wants, txtar.File{Name: "want-error", Data: []byte(g)})
	} else {
		if g, ok := got["want-warnings"]; ok {
			wants = append(wants, txtar.File{Name: "want-warnings", Data: []byte(g)})
		}
		for _, f := range ar.Files {
			if g, ok := got[f.Name]; ok && strings.HasPrefix(f.Name, "want/") {
				wants = append(wants, txtar.File{Name: f.Name, Data: []byte(g)})
			}
		}
	}
	ar.Files = append(wants, files...)
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func isWant(name string) bool {
	return name == "want-error" || name == "want-warnings" || strings.HasPrefix(name, "want/")
}

// Editing a shortcode's template, or a partial only it calls, renders
// again the pages that call it and nothing else; overriding a built-in
// renders its callers.
func TestShortcodeEditRendersOnlyItsCallers(t *testing.T) {
	src, live := t.TempDir(), t.TempDir()
	site := map[string]string{
		"sitegen.toml":                  "title = \"S\"\nbaseURL = \"https://example.org/\"\n",
		"templates/home.html":           `{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
		"templates/section.html":        `{{ .Title }}`,
		"templates/page.html":           `<h1>{{ .Title }}</h1>{{ .Content }}`,
		"templates/shortcodes/box.html": `<div>{{ .Inner }}{{ partial "deco.html" . }}{{ template "shared" }}</div>`,
		"templates/shortcodes/_x.html":  `{{ define "shared" }}<i>s</i>{{ end }}`,
		"templates/partials/deco.html":  `<hr>`,
		"content/a.md":                  "---\ntitle: A\n---\nIntro.\n\n{{< box >}}x{{< /box >}}\n",
		"content/b.md":                  "---\ntitle: B\n---\nIntro.\n\n{{% note %}}y{{% /note %}}\n",
		"content/c.md":                  "---\ntitle: C\n---\nIntro.\n",
	}
	for name, body := range site {
		writeFileT(src, name, body)
	}
	o := Options{Source: src, Now: fixtureNow}
	b := NewBuilder(o)
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, live, res)
	steps := []struct {
		file, text, want string
		bodies           int // pages whose Markdown is rendered again
	}{
		{"templates/shortcodes/box.html", `<div class="box">{{ .Inner }}{{ partial "deco.html" . }}{{ template "shared" }}</div>`, "a/index.html", 1},
		{"templates/partials/deco.html", `<hr class="deco">`, "a/index.html", 1},
		{"templates/shortcodes/note.html", `<p class="mine">{{ .Inner }}</p>`, "b/index.html", 1},
		// A file of what several shortcodes share: every page that calls
		// shortcodes, none that does not.
		{"templates/shortcodes/_x.html", `{{ define "shared" }}<i>t</i>{{ end }}`, "a/index.html", 2},
	}
	for _, s := range steps {
		writeFileT(src, s.file, s.text)
		res, err := b.Build(context.Background(), []string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.file, err)
		}
		if got := strings.Join(written(res), " "); got != s.want {
			t.Errorf("editing %s wrote %q, want %q", s.file, got, s.want)
		}
		if res.Stats.Bodies != s.bodies {
			t.Errorf("editing %s rendered %d pages' Markdown, want %d", s.file, res.Stats.Bodies, s.bodies)
		}
		apply(t, live, res)
		sameAsClean(t, src, live)
	}
}
