package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/sitegen/sitegen/internal/diag"
)

// mkdir makes a file's folder however it finds it: missing with its
// parents, there already, being made by other writers at the same time, or
// taken by a file.
func TestMkdir(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "news", "2016", "tour")
	for i := range 2 { // the second time, as for a folder's second file
		existed, err := mkdir(deep)
		if err != nil {
			t.Fatal(err)
		}
		if existed != (i == 1) {
			t.Errorf("mkdir %s the %d. time: existed %v", deep, i+1, existed)
		}
	}
	if fi, err := os.Stat(deep); err != nil || !fi.IsDir() {
		t.Fatalf("%s not made: %v", deep, err)
	}

	shared := filepath.Join(root, "tags", "wechat")
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = mkdir(shared) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("concurrent mkdir: %v", err)
		}
	}

	file := filepath.Join(root, "page")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "sub")} {
		if _, err := mkdir(dir); err == nil {
			t.Errorf("mkdir %s: no error, though a file stands there", dir)
		}
	}
}

// TestWriterErrorsNameTheSource: whatever the file system refuses, the
// writer's error names what the file was written for and the output file,
// never the staging folder, which is gone when the message is read.
func TestWriterErrorsNameTheSource(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := NewStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	os.WriteFile(filepath.Join(s.dir, "file"), nil, 0o644)
	long := strings.Repeat("n", 300)
	cases := []struct {
		file, by string
		stream   bool
	}{
		{long + "/index.html", "content/a.md", false},
		{"a/" + long, "static/x.bin", true},
		{"a\x00b/index.html", "content/b.md", false},
		{"file/index.html", "content/c.md", false}, // a file where a folder must be
		{"file/x.ics", "templates/event.ics", true},
		{long + ".html", "the home page /", false},
	}
	for _, tc := range cases {
		if tc.stream {
			err = s.Stream(tc.file, tc.by, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
		} else {
			err = s.Write(tc.file, []byte("x"), tc.by)
		}
		if err == nil {
			t.Errorf("%q: no error", tc.file)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, tc.by+": cannot write ") || strings.Contains(msg, "sitegen-tmp") {
			t.Errorf("%q: %s", tc.file, msg)
		}
		var d *diag.Error
		if isFile := !strings.Contains(tc.by, " "); isFile != errors.As(err, &d) || isFile && d.File != tc.by {
			t.Errorf("%q: %#v is not an error at %s", tc.file, err, tc.by)
		}
	}
}

// A folder of many files is tried once and then remembered; a folder of
// one file is not remembered. Files still land where they belong.
func TestClaimRemembersSharedFolders(t *testing.T) {
	s, err := NewStaging(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"search/en/d/0.json", "search/en/d/1.json", "search/en/d/2.json", "about/index.html"} {
		if err := s.Write(f, []byte(f), "test"); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(f))); err != nil || string(b) != f {
			t.Errorf("%s: %q, %v", f, b, err)
		}
	}
	if !s.shared["search/en/d"] || s.shared["about"] || s.shared["search/en"] {
		t.Errorf("remembered folders %v, want search/en/d and not about or search/en", s.shared)
	}
}

// writeFile writes a file as os.WriteFile does: made with mode 0644 (less
// the umask), and a file that is there already cut to the new bytes.
func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	for _, data := range []string{"a longer first version", "short", ""} {
		if err := writeFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(name); err != nil || string(b) != data {
			t.Errorf("wrote %q, read %q, %v", data, b, err)
		}
	}
	if fi, err := os.Stat(name); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm()&^0o644 != 0 {
		t.Errorf("mode %v, want at most 0644", fi.Mode())
	}
	err := writeFile(filepath.Join(name, "under-a-file"), []byte("x"))
	if !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("writing under a file: %v, want ENOTDIR", err)
	}
}
