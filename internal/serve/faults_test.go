package serve

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/output"
)

var faultTemplates = map[string]string{
	"sitegen.toml":           "title = \"Storm\"\nbaseURL = \"https://example.org/\"\n",
	"content/_index.md":      "---\ntitle: Home\n---\nWelcome.\n",
	"content/stable.md":      "---\ntitle: Stable\n---\nNever touched.\n",
	"templates/home.html":    `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>`,
	"templates/page.html":    `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>`,
	"templates/section.html": `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>`,
	"static/css/s.css":       "body{color:red}",
}

func faultPage(section, i int, version string) (string, string) {
	return fmt.Sprintf("content/s%d/p%03d.md", section, i),
		fmt.Sprintf("---\ntitle: Page %d.%d\n---\nVersion %s of page %d in section %d. See [home](/).\n", section, i, version, i, section)
}

// TestServeUnderFaults puts the preview server through storms of changes:
// many saves, a folder deleted and recreated, a burst like a branch switch,
// a template broken and fixed, files renamed over while read. The server
// answers throughout, its heap stays flat, and at the end it serves
// exactly what a clean build of the folder gives.
func TestServeUnderFaults(t *testing.T) {
	sections, perSection, saves, saveFor := 5, 100, 1000, 10*time.Second
	if testing.Short() {
		sections, perSection, saves, saveFor = 3, 40, 200, 2*time.Second
	}
	files := map[string]string{}
	for k, v := range faultTemplates {
		files[k] = v
	}
	for s := 0; s < sections; s++ {
		for i := 0; i < perSection; i++ {
			name, body := faultPage(s, i, "v0")
			files[name] = body
		}
	}
	dir := writeSite(t, files)
	// The sections' lists (4 kB and more) are served from memory first
	// and put in the folder after each reload (late.go), the pages staged.
	r := runServe(t, Options{Build: build.Options{Source: dir}, lateAt: 2 << 10})
	addr, events := r.addr, r.events
	var nEvents, nErrors atomic.Int64
	go func() {
		for e := range events {
			nEvents.Add(1)
			if strings.HasPrefix(e, "builderror") {
				nErrors.Add(1)
			}
		}
	}()
	get := getter(addr)
	if code, _, err := get("/stable/"); err != nil || code != 200 {
		t.Fatalf("first build not served: %d %v", code, err)
	}
	heapBefore := heapInUse()

	// The server must answer, and a page never touched must stay served,
	// through every storm.
	stop := make(chan struct{})
	var probes, failures atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			for _, p := range []string{"/", "/stable/", "/css/s.css"} {
				probes.Add(1)
				code, _, err := get(p)
				if err != nil || code != 200 {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%s: %d %v", p, code, err))
				}
			}
		}
	}()

	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Error(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Error(err)
		}
	}

	// 1. Many saves across 100 files over saveFor, in groups of 20 with a
	// pause after each that is sometimes longer than the debounce, so that
	// builds start and are cancelled by the next group.
	start := time.Now()
	for n := 0; n < saves; n++ {
		name, body := faultPage(n%sections, (n/sections)%(100/sections), fmt.Sprintf("save%d", n))
		write(name, body)
		if n%20 == 19 {
			if d := time.Until(start.Add(saveFor * time.Duration(n+1) / time.Duration(saves))); d > 0 {
				time.Sleep(d)
			}
		}
	}
	t.Logf("%d saves in %v", saves, time.Since(start).Round(time.Millisecond))

	// 2. A folder deleted and recreated.
	gone := filepath.Join(dir, "content", "s1")
	if err := os.RemoveAll(gone); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	for i := 0; i < perSection; i++ {
		name, body := faultPage(1, i, "recreated")
		write(name, body)
	}
	time.Sleep(200 * time.Millisecond)

	// 3. A burst that rewrites every page, adds and removes some, as a
	// git branch switch does.
	for s := 0; s < sections; s++ {
		for i := 0; i < perSection; i++ {
			name, body := faultPage(s, i, "branch")
			write(name, body)
		}
	}
	for i := 0; i < 10; i++ {
		os.Remove(filepath.Join(dir, fmt.Sprintf("content/s2/p%03d.md", i)))
		write(fmt.Sprintf("content/s2/new%03d.md", i), "---\ntitle: New\n---\nAdded by the branch.\n")
	}
	time.Sleep(300 * time.Millisecond)

	// 4. A template broken, then fixed.
	before := nErrors.Load()
	write("templates/page.html", "{{ .Title ")
	waitFor(t, "a builderror event", func() bool { return nErrors.Load() > before })
	if code, _, err := get("/stable/"); err != nil || code != 200 {
		t.Errorf("last good site not served during a template error: %d %v", code, err)
	}
	write("templates/page.html", faultTemplates["templates/page.html"])

	// 5. Files renamed over while the builds read them.
	var renames sync.WaitGroup
	for w := 0; w < 2; w++ {
		renames.Add(1)
		go func(w int) {
			defer renames.Done()
			for n := 0; n < 100; n++ {
				name, body := faultPage(w, n%10, fmt.Sprintf("renamed%d", n))
				p := filepath.Join(dir, filepath.FromSlash(name))
				tmp := filepath.Join(filepath.Dir(p), fmt.Sprintf(".tmp-%d", w))
				if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
					t.Error(err)
					return
				}
				if err := os.Rename(tmp, p); err != nil {
					t.Error(err)
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}(w)
	}
	renames.Wait()

	// Quiet: no event for a second after the last change.
	settle(t, &nEvents)
	close(stop)
	wg.Wait()
	t.Logf("%d probes, %d failures, %d events (%d build errors)", probes.Load(), failures.Load(), nEvents.Load(), nErrors.Load())
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests during the storms failed; first: %v", failures.Load(), probes.Load(), firstFailure.Load())
	}

	// A rebuild's files are in place by its reload event, and nothing of
	// a build is kept after it.
	heapAfter := heapInUse()
	t.Logf("heap in use: %d MiB before the storms, %d MiB after", heapBefore>>20, heapAfter>>20)
	if heapAfter > 2*heapBefore+64<<20 {
		t.Errorf("heap grew from %d MiB to %d MiB", heapBefore>>20, heapAfter>>20)
	}
	compareWithCleanBuild(t, dir, addr, get)
}

// compareWithCleanBuild builds the folder afresh and fetches every file of
// that build from the server: each must be byte-identical, less the
// injected reload script. The server may still be building the last
// change (settle only saw a second without events, and a full rebuild
// under -race on a busy machine takes longer), so the comparison is
// repeated for up to 30 s until nothing differs; what still differs then
// is reported.
func compareWithCleanBuild(t *testing.T, dir, addr string, get func(string) (int, []byte, error)) {
	t.Helper()
	port := addr[strings.LastIndex(addr, ":")+1:]
	dest := filepath.Join(t.TempDir(), "clean")
	if _, err := build.Build(context.Background(), build.Options{Source: dir, Destination: dest,
		BaseURL: "http://localhost:" + port + "/"}); err != nil {
		t.Fatalf("clean build: %v", err)
	}
	var diffs []string
	n, start := 0, time.Now()
	defer func() { t.Logf("served what a clean build gives after %v", time.Since(start).Round(time.Millisecond)) }()
	for deadline := start.Add(30 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		var err error
		n, diffs, err = diffServed(dest, get)
		if err != nil {
			t.Fatal(err)
		}
		if len(diffs) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for i, d := range diffs {
		if i == 3 {
			break
		}
		t.Error(d)
	}
	if len(diffs) > 0 || n == 0 {
		t.Errorf("%d of %d files differ from a clean build", len(diffs), n)
	}
}

// diffServed fetches every file of the clean build in dest from the server
// and describes each that differs.
func diffServed(dest string, get func(string) (int, []byte, error)) (n int, diffs []string, err error) {
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.Marker {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		code, got, err := get("/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		got = bytes.Replace(got, scriptTag, nil, 1)
		n++
		if code != 200 || !bytes.Equal(got, want) {
			diffs = append(diffs, fmt.Sprintf("/%s: status %d, served %d bytes, clean build %d bytes:\nserved: %.300s\nclean:  %.300s", rel, code, len(got), len(want), got, want))
		}
		return nil
	})
	return n, diffs, err
}

// settle waits until no event has come for a second (at most 30 s).
func settle(t *testing.T, n *atomic.Int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last, since := n.Load(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if cur := n.Load(); cur != last {
			last, since = cur, time.Now()
		} else if time.Since(since) > time.Second {
			return
		}
	}
	t.Fatal("the server kept rebuilding for 30 s after the last change")
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("no %s", what)
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
