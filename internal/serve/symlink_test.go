package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A site whose content/ and templates/ are symbolic links to folders kept
// elsewhere (content in a repository of its own) reloads on saves behind
// the links: a page edited, a page in a new folder, a template edited.
func TestSymlinkedSiteFolders(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(modeName(poll), func(t *testing.T) {
			repo := t.TempDir()
			site := map[string]string{}
			for name, body := range smallSite {
				if strings.HasPrefix(name, "content/") || strings.HasPrefix(name, "templates/") {
					writeFile(t, filepath.Join(repo, name), body)
				} else {
					site[name] = body
				}
			}
			dir := writeSite(t, site)
			for _, d := range []string{"content", "templates"} {
				if err := os.Symlink(filepath.Join(repo, d), filepath.Join(dir, d)); err != nil {
					t.Fatal(err)
				}
			}
			addr, events := startServe(t, dir, poll)
			if !strings.Contains(fetch(t, addr, "/news/a/"), "First text.") {
				t.Fatal("first build not served")
			}
			steps := []struct{ file, body, path, want string }{
				{"content/news/a.md", "---\ntitle: A\n---\nSaved behind the link.\n", "/news/a/", "Saved behind the link."},
				{"content/events/b.md", "---\ntitle: B\n---\nIn a new folder.\n", "/events/b/", "In a new folder."},
				{"templates/page.html", `<!DOCTYPE html><html><body>new template {{ .Content }}</body></html>`, "/news/a/", "new template"},
			}
			for _, s := range steps {
				writeFile(t, filepath.Join(repo, s.file), s.body)
				next(t, events, "reload")
				if body := fetch(t, addr, s.path); !strings.Contains(body, s.want) {
					t.Errorf("after saving %s behind the link, %s lacks %q:\n%s", s.file, s.path, s.want, body)
				}
			}
			// The link pointed elsewhere (ln -sfn: a new link renamed over
			// the old), then a save there.
			other := t.TempDir()
			writeFile(t, filepath.Join(other, "_index.md"), "---\ntitle: Home\n---\nOther home.\n")
			writeFile(t, filepath.Join(other, "talks/c.md"), "---\ntitle: C\n---\nOther content.\n")
			tmpLink := filepath.Join(dir, ".content.new")
			if err := os.Symlink(other, tmpLink); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmpLink, filepath.Join(dir, "content")); err != nil {
				t.Fatal(err)
			}
			next(t, events, "reload")
			if body := fetch(t, addr, "/talks/c/"); !strings.Contains(body, "Other content.") {
				t.Errorf("after the link was repointed, /talks/c/ lacks the other content:\n%s", body)
			}
			writeFile(t, filepath.Join(other, "talks/c.md"), "---\ntitle: C\n---\nSaved in the other folder.\n")
			next(t, events, "reload")
			if body := fetch(t, addr, "/talks/c/"); !strings.Contains(body, "Saved in the other folder.") {
				t.Errorf("a save in the folder the link now points to is not served:\n%s", body)
			}
		})
	}
}
