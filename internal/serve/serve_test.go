package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/build"
)

var smallSite = map[string]string{
	"sitegen.toml":           "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
	"content/_index.md":      "---\ntitle: Home\n---\nWelcome.\n",
	"content/news/a.md":      "---\ntitle: A\n---\nFirst text.\n",
	"templates/home.html":    `<!DOCTYPE html><html><head><title>{{ .Title }}</title><link rel="stylesheet" href="/css/s.css"></head><body>{{ .Content }}</body></html>`,
	"templates/page.html":    `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>`,
	"templates/section.html": `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>`,
	"static/css/s.css":       "body{color:red}",
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

func writeFile(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startServe runs Run on the site and returns the address and a stream of
// events; the server stops when the test ends.
func startServe(t *testing.T, dir string, poll bool) (string, <-chan string) {
	t.Helper()
	r := runServe(t, Options{Build: build.Options{Source: dir}, Poll: poll})
	return r.addr, r.events
}

// running is a server started by runServe.
type running struct {
	addr   string
	events <-chan string // "name data" of each event but hello
	stop   context.CancelFunc
	done   chan error // Run's result; a test that reads it closes it
}

// runServe runs Run with o (on 127.0.0.1, a free port and no output unless
// o says otherwise) and subscribes to its events.
func runServe(t *testing.T, o Options) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o.Bind, o.Ready = "127.0.0.1", ready
	if o.Log == nil {
		o.Log = io.Discard
	}
	go func() { done <- Run(ctx, o) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err, ok := <-done:
			if ok && err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	events := make(chan string, 64)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	io.WriteString(c, "GET /_sitegen/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	go func() {
		r := bufio.NewReader(c)
		var name string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(events)
				return
			}
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimSpace(line[7:])
			case strings.HasPrefix(line, "data: ") && name != "hello":
				events <- name + " " + strings.TrimSpace(line[6:])
			}
		}
	}()
	return &running{addr: addr, events: events, stop: cancel, done: done}
}

func next(t *testing.T, events <-chan string, want string) string {
	t.Helper()
	select {
	case e := <-events:
		if !strings.HasPrefix(e, want) {
			t.Fatalf("event %q, want %s", e, want)
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s event", want)
	}
	return ""
}

func fetch(t *testing.T, addr, path string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestEditReloadErrorRecover(t *testing.T) {
	dir := writeSite(t, smallSite)
	addr, events := startServe(t, dir, false)
	if !strings.Contains(fetch(t, addr, "/news/a/"), "First text.") {
		t.Fatal("first build not served")
	}
	writeFile(t, filepath.Join(dir, "content/news/a.md"), "---\ntitle: A\n---\nSecond text.\n")
	next(t, events, "reload")
	if !strings.Contains(fetch(t, addr, "/news/a/"), "Second text.") {
		t.Error("edit not served")
	}
	// A CSS-only change tells tabs to swap stylesheets, not reload.
	writeFile(t, filepath.Join(dir, "static/css/s.css"), "body{color:blue}")
	if e := next(t, events, "reload"); !strings.Contains(e, `"cssOnly":true`) {
		t.Errorf("css change: %s", e)
	}
	// A broken template: an error event naming the file, the last good
	// site stays served.
	writeFile(t, filepath.Join(dir, "templates/page.html"), "{{ .Title ")
	e := next(t, events, "builderror")
	if !strings.Contains(e, `"file":"templates/page.html"`) || !strings.Contains(e, `"line":1`) {
		t.Errorf("error event: %s", e)
	}
	if !strings.Contains(fetch(t, addr, "/news/a/"), "Second text.") {
		t.Error("last good site not served during the error")
	}
	writeFile(t, filepath.Join(dir, "templates/page.html"), `<html><body>fixed {{ .Content }}</body></html>`)
	next(t, events, "reload")
	if !strings.Contains(fetch(t, addr, "/news/a/"), "fixed") {
		t.Error("fix not served")
	}
	// A page whose URL changes: tabs on the old URL follow it.
	writeFile(t, filepath.Join(dir, "content/news/a.md"), "---\ntitle: A\nslug: b\n---\nMoved.\n")
	if e := next(t, events, "reload"); !strings.Contains(e, `"/news/a/":"/news/b/"`) {
		t.Errorf("move: %s", e)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("serve wrote public/ in the site folder")
	}
}

// Editors save in odd ways; each save must give exactly one rebuild.
func TestEditorSaves(t *testing.T) {
	dir := writeSite(t, smallSite)
	_, events := startServe(t, dir, false)
	page := filepath.Join(dir, "content/news/a.md")
	saves := map[string]func(body string){
		"vim": func(body string) { // probe file, backup by rename, new file
			probe := filepath.Join(dir, "content/news/4913")
			writeFile(t, probe, "")
			os.Remove(probe)
			os.Rename(page, page+"~")
			writeFile(t, page, body)
			os.Remove(page + "~")
		},
		"jetbrains": func(body string) {
			tmp := page + "___jb_tmp___"
			writeFile(t, tmp, body)
			os.Rename(page, page+"___jb_old___")
			os.Rename(tmp, page)
			os.Remove(page + "___jb_old___")
		},
		"vscode": func(body string) { writeFile(t, page, body) },
		"emacs": func(body string) {
			lock := filepath.Join(dir, "content/news/.#a.md")
			os.Symlink("user@host.1234", lock)
			writeFile(t, page, body)
			os.Remove(lock)
		},
	}
	for _, name := range []string{"vim", "jetbrains", "vscode", "emacs"} {
		saves[name]("---\ntitle: A\n---\nsaved by " + name + "\n")
		next(t, events, "reload")
		select {
		case e := <-events:
			t.Errorf("%s: second event %s", name, e)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// A burst of saves (50 new pages, as a branch switch writes them) is one
// batch naming exactly those files, in both watch modes; served, it is one
// reload after which every new page is served and listed.
func TestPollAndBurst(t *testing.T) {
	burst := func(t *testing.T, dir string) []string {
		var names []string
		for i := 0; i < 50; i++ {
			name := fmt.Sprintf("content/news/p%02d.md", i)
			writeFile(t, filepath.Join(dir, name), fmt.Sprintf("---\ntitle: Burst %02d\n---\nPage %02d of the burst.\n", i, i))
			names = append(names, name)
		}
		return names
	}
	// The debounce is longer than the default so that a busy machine
	// pausing between two writes does not split the burst.
	const debounce = 200 * time.Millisecond
	for _, poll := range []bool{false, true} {
		t.Run("watcher/"+modeName(poll), func(t *testing.T) {
			dir := writeSite(t, smallSite)
			w, err := newWatcher(dir, poll, io.Discard, debounce)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			want := burst(t, dir)
			select {
			case got := <-w.batches:
				if !slices.Equal(got, want) {
					t.Errorf("batch:\n%v\nwant:\n%v", got, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no batch")
			}
			select {
			case b := <-w.batches:
				t.Errorf("a second batch: %v", b)
			case <-time.After(time.Second):
			}
		})
	}
	t.Run("served", func(t *testing.T) {
		dir := writeSite(t, smallSite)
		r := runServe(t, Options{Build: build.Options{Source: dir}, Poll: true, Debounce: debounce})
		burst(t, dir)
		next(t, r.events, "reload")
		select {
		case e := <-r.events:
			t.Errorf("a second event: %s", e)
		case <-time.After(time.Second):
		}
		list := fetch(t, r.addr, "/news/")
		for i := 0; i < 50; i++ {
			if body := fetch(t, r.addr, fmt.Sprintf("/news/p%02d/", i)); !strings.Contains(body, fmt.Sprintf("Page %02d of the burst.", i)) {
				t.Errorf("/news/p%02d/: %.200s", i, body)
			}
			if !strings.Contains(list, fmt.Sprintf("Burst %02d", i)) {
				t.Errorf("/news/ does not list Burst %02d", i)
			}
		}
	})
}

// The first build writes straight into the served folder; if it fails,
// what it wrote goes, so a page deleted before the next good build is not
// served.
func TestFailedFirstBuildLeavesNoFiles(t *testing.T) {
	files := maps.Clone(smallSite)
	files["content/news/b.md"] = "---\ntitle: B\n---\nA [broken](/nowhere/) link.\n"
	dir := writeSite(t, files)
	addr, events := startServe(t, dir, false)
	next(t, events, "builderror")
	code, _, _ := raw(t, addr, get("/news/b/", "localhost"))
	if code != http.StatusNotFound && code != http.StatusServiceUnavailable {
		t.Fatalf("/news/b/ of a failed first build: status %d", code)
	}
	os.Remove(filepath.Join(dir, "content/news/b.md"))
	next(t, events, "reload")
	if code, _, _ := raw(t, addr, get("/news/b/", "localhost")); code != http.StatusNotFound {
		t.Errorf("/news/b/ after it was deleted: status %d, want 404", code)
	}
	if !strings.Contains(fetch(t, addr, "/news/a/"), "First text.") {
		t.Error("/news/a/ not served")
	}
}
