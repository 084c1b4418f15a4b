package serve

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/build"
)

// faultyDisk is the disk, but for the faults a test switches on.
type faultyDisk struct {
	onWrite    func(name string) // called before each write; set before Run
	failWrites atomic.Bool       // every write fails with ENOSPC
	renames    atomic.Int64      // renames since failRename was set
	failRename atomic.Pointer[func(n int64) bool]
}

func (f *faultyDisk) disk() *disk {
	d := osDisk()
	return &disk{
		write: func(root *os.Root, name string, data []byte) error {
			if err := f.write(name); err != nil {
				return err
			}
			return d.write(root, name, data)
		},
		copy: func(root *os.Root, name string, fill func(io.Writer) error) error {
			if err := f.write(name); err != nil {
				return err
			}
			return d.copy(root, name, fill)
		},
		stage: func(dir int, name string, data []byte) error {
			if err := f.write(name); err != nil {
				return err
			}
			return d.stage(dir, name, data)
		},
		pack: func(fd int, data []byte, off int64) error {
			if err := f.write("pack"); err != nil {
				return err
			}
			return d.pack(fd, data, off)
		},
		rename: func(dir int, from, to string, flags uint) error {
			n := f.renames.Add(1)
			if fail := f.failRename.Load(); fail != nil && (*fail)(n) {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EACCES}
			}
			return d.rename(dir, from, to, flags)
		},
	}
}

// write is called before each write: the fault, if writes fail.
func (f *faultyDisk) write(name string) error {
	if f.onWrite != nil {
		f.onWrite(name)
	}
	if f.failWrites.Load() {
		return &fs.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
	}
	return nil
}

// failRenames makes the renames from now on fail where fail(n) says so,
// n counting from 1.
func (f *faultyDisk) failRenames(fail func(n int64) bool) {
	f.renames.Store(0)
	f.failRename.Store(&fail)
}

func modeName(poll bool) string {
	if poll {
		return "poll"
	}
	return "notify"
}

// A save made while the first build runs (here, once the build has read
// the page and writes its first file) is in the served site after it.
func TestSaveDuringFirstBuild(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(modeName(poll), func(t *testing.T) {
			dir := writeSite(t, smallSite)
			page := filepath.Join(dir, "content/news/a.md")
			var once sync.Once
			fd := &faultyDisk{onWrite: func(string) {
				once.Do(func() {
					if err := os.WriteFile(page, []byte("---\ntitle: A\n---\nSaved during the first build.\n"), 0o644); err != nil {
						t.Error(err)
					}
				})
			}}
			r := runServe(t, Options{Build: build.Options{Source: dir}, Poll: poll, disk: fd.disk()})
			// Its rebuild may be over before the test has subscribed to
			// the events: watch the page instead.
			waitFor(t, "the save made during the first build served", func() bool {
				return strings.Contains(fetch(t, r.addr, "/news/a/"), "Saved during the first build.")
			})
		})
	}
}

// Stopping the server waits for the build in flight (here, putting its
// files in place) and then removes the private folder.
func TestStopWaitsForBuildInFlight(t *testing.T) {
	dir := writeSite(t, smallSite)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var armed, finished, returned, late atomic.Bool
	entered := make(chan struct{})
	fd := &faultyDisk{onWrite: func(string) {
		if returned.Load() {
			late.Store(true)
		}
		if armed.CompareAndSwap(true, false) {
			close(entered)
			time.Sleep(500 * time.Millisecond)
			finished.Store(true)
		}
	}}
	r := runServe(t, Options{Build: build.Options{Source: dir}, disk: fd.disk()})
	armed.Store(true)
	writeFile(t, filepath.Join(dir, "content/news/a.md"), "---\ntitle: A\n---\nSecond text.\n")
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the rebuild never wrote a file")
	}
	r.stop()
	select {
	case err := <-r.done:
		returned.Store(true)
		close(r.done)
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !finished.Load() {
		t.Error("Run returned while the rebuild was still writing")
	}
	time.Sleep(100 * time.Millisecond)
	if late.Load() {
		t.Error("a file was written after Run returned")
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "sitegen-serve-*"))
	if len(left) > 0 {
		t.Errorf("the private folder is left behind: %v", left)
	}
}

// getter fetches paths of a server, for compareWithCleanBuild.
func getter(addr string) func(string) (int, []byte, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	return func(p string) (int, []byte, error) {
		resp, err := client.Get("http://" + addr + p)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
}

// When a build's files cannot be put in place, serve says so in the
// terminal and in the tabs, keeps serving the last good site untouched,
// and the next change rebuilds in full. The faults come through the
// output seam: writes that fail (a full disk), a rename that fails and is
// undone, and one whose undoing fails too, after which nothing is served
// until the next change.
func TestWriteFailureKeepsLastGoodSite(t *testing.T) {
	dir := writeSite(t, smallSite)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var log syncBuffer
	fd := &faultyDisk{}
	r := runServe(t, Options{Build: build.Options{Source: dir}, Log: &log, disk: fd.disk()})
	page := filepath.Join(dir, "content/news/a.md")
	save := func(title, text string) { // a title change rewrites the page and its section
		writeFile(t, page, "---\ntitle: "+title+"\n---\n"+text+"\n")
	}
	served := func(title, text string) {
		t.Helper()
		if body := fetch(t, r.addr, "/news/a/"); !strings.Contains(body, text) {
			t.Errorf("/news/a/ does not hold %q:\n%s", text, body)
		}
		if body := fetch(t, r.addr, "/news/"); !strings.Contains(body, title) {
			t.Errorf("/news/ does not list %q:\n%s", title, body)
		}
	}
	failed := func(what string) {
		t.Helper()
		e := next(t, r.events, "builderror")
		for _, s := range []string{"could not put the new build in place", what} {
			if !strings.Contains(e, s) {
				t.Errorf("error event lacks %q: %s", s, e)
			}
		}
		if !strings.Contains(log.String(), "error: sitegen serve could not put the new build in place") {
			t.Errorf("the terminal does not say so:\n%s", log.String())
		}
	}
	served("A", "First text.")

	fd.failWrites.Store(true)
	save("Second", "Second text.")
	failed("no space left on device")
	served("A", "First text.")
	// Still full: the full rebuild fails too, and leaves no stray folder.
	save("Third", "Third text.")
	next(t, r.events, "builderror")
	served("A", "First text.")
	if gens, _ := filepath.Glob(filepath.Join(tmp, "sitegen-serve-*", "g*")); len(gens) != 1 {
		t.Errorf("generation folders after a failed full rebuild: %v", gens)
	}

	fd.failWrites.Store(false)
	save("Fourth", "Fourth text.")
	next(t, r.events, "reload")
	served("Fourth", "Fourth text.")

	// A rename fails half way through: the renames done are undone.
	fd.failRenames(func(n int64) bool { return n == 3 })
	save("Fifth", "Fifth text.")
	failed("permission denied")
	served("Fourth", "Fourth text.")
	fd.failRenames(func(int64) bool { return false })
	save("Sixth", "Sixth text.")
	next(t, r.events, "reload")
	served("Sixth", "Sixth text.")

	// A template edit: its pages are staged as the builder makes them,
	// and the disk fills then.
	tmpl := filepath.Join(dir, "templates/page.html")
	fd.failWrites.Store(true)
	writeFile(t, tmpl, strings.Replace(smallSite["templates/page.html"], "<body>", "<body><p>Template 2</p>", 1))
	failed("no space left on device")
	if body := fetch(t, r.addr, "/news/a/"); strings.Contains(body, "Template 2") {
		t.Errorf("a page of the build that failed is served:\n%s", body)
	}
	served("Sixth", "Sixth text.")
	for _, glob := range []string{"stage*", "pack*"} {
		if left, _ := filepath.Glob(filepath.Join(tmp, "sitegen-serve-*", glob)); len(left) != 0 {
			t.Errorf("staging folders or packs left after the failure: %v", left)
		}
	}
	fd.failWrites.Store(false)
	writeFile(t, tmpl, smallSite["templates/page.html"])
	next(t, r.events, "reload")
	served("Sixth", "Sixth text.")

	// A template edit put in place: its pages are served from a pack
	// (pack.go), and a text edit after it puts one of them in the folder.
	writeFile(t, tmpl, strings.Replace(smallSite["templates/page.html"], "<body>", "<body><p>Template 3</p>", 1))
	next(t, r.events, "reload")
	if packs, _ := filepath.Glob(filepath.Join(tmp, "sitegen-serve-*", "pack*")); len(packs) != 1 {
		t.Errorf("packs after a template edit: %v, want 1", packs)
	}
	save("Sixth b", "Sixth text b.")
	next(t, r.events, "reload")
	served("Sixth b", "Sixth text b.")
	if body := fetch(t, r.addr, "/news/a/"); !strings.Contains(body, "Template 3") {
		t.Errorf("/news/a/ lost the template edit:\n%s", body)
	}

	// Undoing fails too: the folder is no longer one build, and is not
	// served until the next change rebuilds it in full.
	fd.failRenames(func(n int64) bool { return n >= 2 })
	save("Seventh", "Seventh text.")
	failed("nothing is served until the next change")
	if code, _, _ := raw(t, r.addr, get("/news/a/", "localhost")); code != http.StatusServiceUnavailable {
		t.Errorf("a folder out of step is served: status %d", code)
	}
	fd.failRenames(func(int64) bool { return false })
	save("Eighth", "Eighth text.")
	next(t, r.events, "reload")
	served("Eighth", "Eighth text.")
	compareWithCleanBuild(t, dir, r.addr, getter(r.addr))
	if gens, _ := filepath.Glob(filepath.Join(tmp, "sitegen-serve-*", "g*")); len(gens) != 1 {
		t.Errorf("generation folders after recovering: %v", gens)
	}
}

// The same on a real full disk: serve's private folder on a 1 MiB tmpfs,
// and a 2 MiB file added to static/. Needs root (mount); the injected
// faults above are the test that always runs.
func TestDiskFullOnTmpfs(t *testing.T) {
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("SKIP: cannot mount a small tmpfs here (%v); TestWriteFailureKeepsLastGoodSite injects the same faults", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmounting %s: %v", mnt, err)
		}
	})
	dir := writeSite(t, smallSite)
	t.Setenv("TMPDIR", mnt)
	var log syncBuffer
	r := runServe(t, Options{Build: build.Options{Source: dir}, Log: &log})
	big := make([]byte, 2<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	// Written beside the site and renamed in, so that the watcher sees one
	// whole file: written in place, a build could start on the empty file
	// (a reload, not the error) or still be copying it when it is removed.
	staged := filepath.Join(filepath.Dir(dir), "big.bin")
	if err := os.WriteFile(staged, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(staged, filepath.Join(dir, "static/big.bin")); err != nil {
		t.Fatal(err)
	}
	if e := next(t, r.events, "builderror"); !strings.Contains(e, "no space left on device") {
		t.Errorf("error event: %s", e)
	}
	if !strings.Contains(log.String(), "no space left on device") {
		t.Errorf("the terminal does not say so:\n%s", log.String())
	}
	if !strings.Contains(fetch(t, r.addr, "/news/a/"), "First text.") {
		t.Error("the last good site is not served")
	}
	if err := os.Remove(filepath.Join(dir, "static/big.bin")); err != nil {
		t.Fatal(err)
	}
	next(t, r.events, "reload")
	compareWithCleanBuild(t, dir, r.addr, getter(r.addr))
	if code, _, _ := raw(t, r.addr, get("/big.bin", "localhost")); code != http.StatusNotFound {
		t.Errorf("/big.bin: status %d, want 404", code)
	}
}
