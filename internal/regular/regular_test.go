package regular

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestRefusesWhatIsNotRegular: every kind of file that is not a regular
// file is refused at once (a pipe without a writer would block an open
// forever), by Open, ReadFile and the DirFS, also behind a symbolic link.
func TestRefusesWhatIsNotRegular(t *testing.T) {
	dir := t.TempDir()
	mk := map[string]func(p string) error{
		"fifo": func(p string) error { return unix.Mkfifo(p, 0o644) },
		"socket": func(p string) error {
			l, err := net.Listen("unix", p)
			if err == nil {
				t.Cleanup(func() { l.Close() })
			}
			return err
		},
		"folder":      func(p string) error { return os.Mkdir(p, 0o755) },
		"link-fifo":   func(p string) error { return os.Symlink("fifo", p) },
		"link-device": func(p string) error { return os.Symlink("/dev/zero", p) },
		"link-tty":    func(p string) error { return os.Symlink("/dev/tty", p) },
	}
	for name, f := range mk {
		if err := f(filepath.Join(dir, name)); err != nil {
			t.Fatal(name, err)
		}
	}
	want := map[string]string{"fifo": "a named pipe", "socket": "a socket", "folder": "a folder",
		"link-fifo": "a named pipe", "link-device": "a character device", "link-tty": "a character device"}
	fsys := DirFS(dir)
	for name, what := range want {
		full := filepath.Join(dir, name)
		calls := map[string]func() error{
			"Open":     func() error { f, err := Open(full); closeIf(f); return err },
			"ReadFile": func() error { _, err := ReadFile(full); return err },
			"FS.ReadFile": func() error {
				_, err := fs.ReadFile(fsys, name)
				return err
			},
		}
		if name != "folder" {
			calls["FS.Open"] = func() error {
				f, err := fsys.Open(name)
				if err == nil {
					f.Close()
				}
				return err
			}
			calls["FS.ReadDir"] = func() error { _, err := fs.ReadDir(fsys, name); return err }
		}
		for call, fn := range calls {
			err := within(t, fn)
			if name == "link-tty" && err != nil && !errors.As(err, new(NotRegularError)) {
				continue // no such device here: refused all the same
			}
			var nr NotRegularError
			if !errors.As(err, &nr) || !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("%s(%s) = %v, want a NotRegularError", call, name, err)
				continue
			}
			if got := err.Error(); !strings.Contains(got, what) || !strings.Contains(got, name) {
				t.Errorf("%s(%s): %q does not say %q and name the file", call, name, got, what)
			}
		}
	}
}

// TestReadsRegularFiles: regular files, folders (through the FS) and links
// to regular files read as with os.DirFS.
func TestReadsRegularFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	for name, body := range map[string]string{"a.txt": "alpha", "sub/b.txt": "beta", "empty": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink("a.txt", filepath.Join(dir, "link"))
	fsys := DirFS(dir)
	for name, want := range map[string]string{"a.txt": "alpha", "sub/b.txt": "beta", "empty": "", "link": "alpha"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil || len(entries) != 4 || entries[0].Name() != "a.txt" {
		t.Errorf("ReadDir = %v, %v", entries, err)
	}
	if fi, err := fs.Lstat(fsys, "link"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(link) = %v, %v: want the link itself", fi, err)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a/../a.txt"} {
		if _, err := fsys.Open(bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want invalid", bad, err)
		}
	}
	var n int
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error { n++; return err })
	if n != 6 {
		t.Errorf("walk saw %d entries, want 6", n)
	}
}

func closeIf(f *os.File) {
	if f != nil {
		f.Close()
	}
}

// within runs fn, failing the test if it blocks.
func within(t *testing.T, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("the call blocked")
		return nil
	}
}

// TestCreateRefusesWhatIsNotRegular: a file to write that is a pipe (with
// or without a reader), a device or, with O_NOFOLLOW, a link is refused at
// once; a new or existing regular file is created.
func TestCreateRefusesWhatIsNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := within(t, func() error { _, err := Create(fifo); return err }); err == nil {
		t.Error("Create(fifo without a reader) succeeded")
	}
	r, err := os.OpenFile(fifo, os.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := within(t, func() error { _, err := Create(fifo); return err }); !errors.As(err, new(NotRegularError)) {
		t.Errorf("Create(fifo with a reader) = %v, want a NotRegularError", err)
	}
	os.Symlink("/dev/null", filepath.Join(dir, "null"))
	if _, err := Create(filepath.Join(dir, "null")); !errors.As(err, new(NotRegularError)) {
		t.Errorf("Create(link to /dev/null) = %v, want a NotRegularError", err)
	}
	os.WriteFile(filepath.Join(dir, "target"), []byte("keep"), 0o644)
	os.Symlink("target", filepath.Join(dir, "link"))
	if _, err := OpenFile(filepath.Join(dir, "link"), os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW, 0o644); err == nil {
		t.Error("OpenFile(link, O_NOFOLLOW) succeeded")
	}
	for _, name := range []string{"new", "target"} {
		f, err := Create(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("Create(%s): %v", name, err)
			continue
		}
		f.Close()
	}
}
