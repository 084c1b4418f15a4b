package serve

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"
)

// A shortcode's error reaches the tabs as a build error at the content
// file's line, like any other, and a fix of the shortcode's template
// recovers.
func TestShortcodeErrorInOverlay(t *testing.T) {
	files := maps.Clone(smallSite)
	files["templates/shortcodes/card.html"] = `<div class="card">{{ .Get "name" }}</div>`
	files["content/news/a.md"] = "---\ntitle: A\n---\nFirst text.\n\n{{< card name=\"Ada\" >}}\n"
	dir := writeSite(t, files)
	addr, events := startServe(t, dir, false)
	if !strings.Contains(fetch(t, addr, "/news/a/"), `<div class="card">Ada</div>`) {
		t.Fatal("shortcode not served")
	}
	writeFile(t, filepath.Join(dir, "content/news/a.md"), "---\ntitle: A\n---\nFirst text.\n\n{{< crad name=\"Ada\" >}}\n")
	e := next(t, events, "builderror")
	if !strings.Contains(e, `"file":"content/news/a.md"`) || !strings.Contains(e, `"line":6`) || !strings.Contains(e, `did you mean \"card\"?`) {
		t.Errorf("error event: %s", e)
	}
	writeFile(t, filepath.Join(dir, "templates/shortcodes/crad.html"), `<div class="crad">{{ .Get "name" }}</div>`)
	next(t, events, "reload")
	if !strings.Contains(fetch(t, addr, "/news/a/"), `<div class="crad">Ada</div>`) {
		t.Error("the new shortcode is not served")
	}
}
