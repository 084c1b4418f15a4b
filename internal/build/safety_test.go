package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/output"
)

// smallSite is a minimal site that builds.
var smallSite = txtar.Parse([]byte(`
-- sitegen.toml --
baseURL = "https://example.org/"
title = "Small"
-- content/_index.md --
Home. See [a](a.md).
-- content/a.md --
---
title: A
---
Page A.
-- static/robots-extra.txt --
static
-- data/d.yaml --
x: 1
-- i18n/en.yaml --
hi: Hi
-- templates/home.html --
<h1>{{ .Title }}</h1>{{ .Content }}
-- templates/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
`))

// newSite writes smallSite into a fresh folder (resolved, so that
// comparisons with the build's resolved paths hold) and returns it.
func newSite(t *testing.T) string {
	t.Helper()
	src, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	writeSite(t, src, smallSite)
	return src
}

func buildTo(src, dest string, force bool) error {
	_, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Force: force})
	return err
}

func TestDestinationRefused(t *testing.T) {
	src := newSite(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(aFile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	linkToSrc := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(src, linkToSrc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, dest, want string
	}{
		{"root", "/", "root of the file system"},
		{"home", home, "home folder"},
		{"source", src, "site's own files"},
		{"source relative", ".", "site's own files"},
		{"parent of source", filepath.Dir(src), "site's own files"},
		{"grandparent of source", filepath.Dir(filepath.Dir(src)), "site's own files"},
		{"symlink to source", linkToSrc, "site's own files"},
		{"not a folder", aFile, "not a folder"},
		{"foreign folder", outside, "not empty and sitegen did not create it"},
	}
	linkToContent := filepath.Join(src, "out")
	if err := os.Symlink(filepath.Join(src, "content"), linkToContent); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct{ name, dest, want string }{"symlink into content", linkToContent, "inside the site's content/ folder"})
	for _, dir := range config.Folders() {
		cases = append(cases,
			struct{ name, dest, want string }{dir, filepath.Join(src, dir), "inside the site's " + dir + "/ folder"},
			struct{ name, dest, want string }{dir + " relative sub", filepath.Join(dir, "sub", "out"), "inside the site's " + dir + "/ folder"},
		)
	}
	for _, c := range cases {
		for _, force := range []bool{false, true} {
			if force && c.name == "foreign folder" {
				continue // the one refusal that --force lifts
			}
			t.Run(fmt.Sprintf("%s/force=%v", c.name, force), func(t *testing.T) {
				before := snapshot(t, src)
				err := buildTo(src, c.dest, force)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("build to %s: error %v, want one that mentions %q", c.dest, err, c.want)
				}
				if d := compareTrees(before, snapshot(t, src)); d != "" {
					t.Errorf("a refused build changed the site folder:\n%s", d)
				}
			})
		}
	}
	if b, err := os.ReadFile(filepath.Join(outside, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the foreign folder's file changed: %q, %v", b, err)
	}
}

// snapshot reads a whole folder, marker included.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	tree := readTree(t, dir)
	if b, err := os.ReadFile(filepath.Join(dir, output.Marker)); err == nil {
		tree[output.Marker] = b
	}
	return tree
}

func TestDestinationAccepted(t *testing.T) {
	src := newSite(t)
	t.Run("new folder inside the source", func(t *testing.T) {
		if err := buildTo(src, "public", false); err != nil {
			t.Fatal(err)
		}
		mustExist(t, filepath.Join(src, "public", "a", "index.html"))
		mustExist(t, filepath.Join(src, "public", output.Marker))
		// and again, over its own output
		if err := buildTo(src, "public", false); err != nil {
			t.Fatalf("second build over sitegen's own output: %v", err)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		if err := buildTo(src, t.TempDir(), false); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("foreign folder with force", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "old.txt"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := buildTo(src, dir, true); err != nil {
			t.Fatal(err)
		}
		mustExist(t, filepath.Join(dir, output.Marker))
		if _, err := os.Stat(filepath.Join(dir, "old.txt")); !os.IsNotExist(err) {
			t.Errorf("--force should replace the folder whole; old.txt: %v", err)
		}
	})
}

func mustExist(t *testing.T, p string) {
	t.Helper()
	if _, err := os.Stat(p); err != nil {
		t.Error(err)
	}
}

// TestFailedBuildKeepsOutput breaks the site in several ways after a good
// build: every failing build must leave the old output as it was, and no
// staging folder behind.
func TestFailedBuildKeepsOutput(t *testing.T) {
	for _, c := range []struct {
		name, file, text string
	}{
		{"template parse error", "templates/page.html", "{{ if }"},
		{"template execution error", "templates/page.html", "{{ dict 1 }}"},
		{"broken link", "content/a.md", "[x](/nowhere/)"},
		{"front matter", "content/a.md", "---\ntitle: A\n"},
		{"config", "sitegen.toml", "nosuchkey = 1\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := newSite(t)
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			if err := buildTo(src, dest, false); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dest)
			if err := os.WriteFile(filepath.Join(src, c.file), []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := buildTo(src, dest, false); err == nil {
				t.Fatal("the broken site built")
			}
			if d := compareTrees(before, snapshot(t, dest)); d != "" {
				t.Errorf("a failed build changed the output:\n%s", d)
			}
			onlyEntry(t, parent, "public")
		})
	}
}

// onlyEntry wants dir to hold nothing but name (no staging leftovers).
func onlyEntry(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != name {
		t.Errorf("%s holds %v, want only %s", dir, names, name)
	}
}

// TestOldOutputSymlinks: links in the old output, to a file and to a folder
// outside, are removed with it; their targets stay.
func TestOldOutputSymlinks(t *testing.T) {
	src := newSite(t)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	if err := buildTo(src, dest, false); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	target := filepath.Join(outside, "precious.txt")
	if err := os.WriteFile(target, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(outside, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "dir", "inner.txt"), []byte("inner"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"link.txt": target, "a/linkdir": filepath.Join(outside, "dir")} {
		if err := os.Symlink(to, filepath.Join(dest, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if err := buildTo(src, dest, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link.txt", "a/linkdir"} {
		if _, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(name))); !os.IsNotExist(err) {
			t.Errorf("%s survived the rebuild: %v", name, err)
		}
	}
	for p, want := range map[string]string{target: "precious", filepath.Join(outside, "dir", "inner.txt"): "inner"} {
		if b, err := os.ReadFile(p); err != nil || string(b) != want {
			t.Errorf("%s: %q, %v; want %q untouched", p, b, err, want)
		}
	}
	onlyEntry(t, parent, "public")
}

// TestStaleStaging: a killed build leaves its staging folder beside the
// destination; the next build removes it, but not a look-alike folder that
// sitegen did not write (no marker).
func TestStaleStaging(t *testing.T) {
	src := newSite(t)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	stale := filepath.Join(parent, ".public.sitegen-tmp-12345")
	staleOld := filepath.Join(parent, ".public.sitegen-tmp-67890.old")
	foreign := filepath.Join(parent, ".public.sitegen-notmine")
	for _, d := range []string{stale, staleOld, foreign} {
		if err := os.MkdirAll(filepath.Join(d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "sub", "page.html"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{stale, staleOld} {
		if err := os.WriteFile(filepath.Join(d, output.Marker), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := buildTo(src, dest, false); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{stale, staleOld} {
		if _, err := os.Lstat(d); !os.IsNotExist(err) {
			t.Errorf("stale staging folder %s is still there (%v)", filepath.Base(d), err)
		}
	}
	mustExist(t, filepath.Join(foreign, "sub", "page.html"))
	mustExist(t, filepath.Join(dest, "index.html"))
}

// TestSourceSymlinksNotFollowed: symbolic links in content/ and static/
// could lead out of the site; they are neither read nor copied, and the
// build says so.
func TestSourceSymlinksNotFollowed(t *testing.T) {
	src := newSite(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "page.md"), []byte("# Outside\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"static/secret.txt": secret,
		"static/dir":        outside,
		"content/linked.md": filepath.Join(outside, "page.md"),
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	var log strings.Builder
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Log: &log}); err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dest)
	for _, f := range []string{"secret.txt", "dir/secret.txt", "dir/page.md", "linked/index.html"} {
		if _, ok := tree[f]; ok {
			t.Errorf("%s was written: a symbolic link was followed", f)
		}
	}
	for _, w := range []string{
		"warning: static/secret.txt: symbolic link not copied",
		"warning: static/dir: symbolic link not copied",
		"warning: content/linked.md: symbolic link not followed",
	} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, log.String())
		}
	}
}
