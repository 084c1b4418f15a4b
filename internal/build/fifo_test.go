package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPipesNeverBlock: a named pipe (or a socket, or a link to a device)
// wherever the site has a file is never opened: the build goes on without
// it, or, where the file is needed, fails at once naming it. Pipes that
// appear after the folders were walked (swapped in between two steps of
// the build) are refused all the same when opened.
func TestPipesNeverBlock(t *testing.T) {
	cases := []struct {
		name    string
		special func(t *testing.T, p string)
		path    string
		after   string // the build step after which the file is swapped in; "" before the build
		want    []string
	}{
		{name: "config", path: "sitegen.toml", want: []string{"sitegen.toml", "named pipe"}},
		{name: "config links to a device", path: "sitegen.toml", special: linkTo("/dev/zero"), want: []string{"sitegen.toml", "character device"}},
		{name: "page", path: "content/b.md"},
		{name: "bundle file", path: "content/bundle/clip.bin"},
		{name: "static", path: "static/x.css"},
		{name: "static links to a device", path: "static/zero", special: linkTo("/dev/zero")},
		{name: "data", path: "data/x.yaml"},
		{name: "strings", path: "i18n/en.yaml"},
		{name: "template", path: "templates/x.html"},
		{name: "partial", path: "templates/partials/x.html"},
		{name: "page swapped in after the load", path: "content/a.md", after: "loaded", want: []string{"content/a.md", "named pipe"}},
		{name: "static swapped in after the load", path: "static/robots-extra.txt", after: "loaded", want: []string{"static/robots-extra.txt", "named pipe"}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			src := newSite(t)
			write(t, filepath.Join(src, "content/bundle/index.md"), "---\ntitle: Bundle\n---\n")
			special := tc.special
			if special == nil {
				special = mkfifo
			}
			p := filepath.Join(src, filepath.FromSlash(tc.path))
			o := Options{Source: src, Destination: filepath.Join(t.TempDir(), "public"), Now: fixtureNow, Log: new(bytes.Buffer)}
			swap := func() {
				os.Remove(p)
				special(t, p)
			}
			if tc.after == "" {
				swap()
			} else {
				o.at = func(step string) {
					if step == tc.after {
						swap()
					}
				}
			}
			done := make(chan error, 1)
			go func() { _, err := Build(context.Background(), o); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the build blocked")
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("build failed: %v", err)
				}
				if _, err := os.Stat(filepath.Join(o.Destination, strings.TrimPrefix(tc.path, "static/"))); err == nil {
					t.Errorf("%s was copied", tc.path)
				}
				return
			}
			if err == nil {
				t.Fatalf("build succeeded, want an error with %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
		})
	}
}

func linkTo(target string) func(t *testing.T, p string) {
	return func(t *testing.T, p string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
}
