package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/sitegen/sitegen/internal/diag"
)

// Staging is the fresh folder a build writes into, beside the destination.
type Staging struct {
	dest, dir string
	mu        sync.Mutex
	files     map[string]string // output file -> what wrote it
	shared    map[string]bool   // folders known to hold more than one file
}

// NewStaging makes the staging folder of dest, with the Marker in it, and
// removes those that killed builds left.
func NewStaging(dest string) (*Staging, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(parent, filepath.Base(dest))
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".sitegen-tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Staging{dest: dest, dir: dir, files: map[string]string{}, shared: map[string]bool{}}
	return s, s.Write(Marker, []byte("This folder is written by sitegen build and replaced whole on every build.\n"), "sitegen")
}

// removeStale deletes the staging folders that killed builds left behind.
func removeStale(parent, base string) {
	old, _ := filepath.Glob(filepath.Join(parent, "."+base+".sitegen-*"))
	for _, o := range old {
		if _, err := os.Lstat(filepath.Join(o, Marker)); err == nil {
			os.RemoveAll(o)
		}
	}
}

// Keeps: a written file is on disk, and its bytes are the caller's again.
func (s *Staging) Keeps() bool { return false }

// Write puts one output file in place; two writers of one file is an error
// that names both.
func (s *Staging) Write(file string, data []byte, by string) error {
	full, err := s.claim(file, by)
	if err != nil {
		return err
	}
	return writeError(by, file, writeFile(full, data))
}

// writeFile is os.WriteFile in three system calls (open, write, close)
// where an *os.File takes eight: it offers every file to the runtime's
// poller, which refuses a regular file (epoll_ctl, and four fcntl to set
// and clear O_NONBLOCK). A build writes a file per page, and the search
// index thousands more.
func writeFile(name string, data []byte) error {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	for err == unix.EINTR {
		fd, err = unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 && (err == nil || err == unix.EINTR) {
		var n int
		n, err = unix.Write(fd, data)
		if n == 0 && err == nil {
			err = io.ErrShortWrite
		}
		data = data[max(n, 0):]
	}
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return nil
}

// Stream writes a big file (a feed, the sitemap) as it is made, without
// holding it whole.
func (s *Staging) Stream(file, by string, fill func(io.Writer) error) error {
	full, err := s.claim(file, by)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return writeError(by, file, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = writeError(by, file, fill(w))
	if err == nil {
		err = writeError(by, file, w.Flush())
	}
	if cerr := f.Close(); err == nil {
		err = writeError(by, file, cerr)
	}
	return err
}

// Copy is Stream: the file goes to disk as it is read.
func (s *Staging) Copy(file, by string, fill func(io.Writer) error) error {
	return s.Stream(file, by, fill)
}

// clash is the error of two writers of one output file, at the site file
// among them (a writer is a site file or a description, see writeError).
func clash(old, by, file string) error {
	msg := fmt.Sprintf("%s and %s both write %s", old, by, file)
	for _, w := range []string{by, old} {
		if !strings.Contains(w, " ") {
			return diag.At(w, 0, "%s", msg)
		}
	}
	return errors.New(msg)
}

// WithoutPath is err without the path an *fs.PathError names: the output
// folder's temporary path means nothing to a reader.
func WithoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeError names what a failed write was for: by, a site file (a
// page's source, templates/x.ics, static/x) or a description (the home
// page), and the output file, not the staging folder, which is gone by
// the time anyone reads the message.
func writeError(by, file string, err error) error {
	var d *diag.Error
	if err == nil || errors.As(err, &d) {
		return err
	}
	err = WithoutPath(err)
	if strings.Contains(by, " ") {
		return fmt.Errorf("%s: cannot write %s: %w", by, file, err)
	}
	return diag.At(by, 0, "cannot write %s: %v", file, err)
}

// claim records who writes an output file, makes its folder and returns
// its path.
func (s *Staging) claim(file, by string) (string, error) {
	file = filepath.ToSlash(filepath.Clean(file))
	if file == "." || strings.HasPrefix(file, "../") || filepath.IsAbs(file) {
		return "", fmt.Errorf("%s: output path %q leaves the output folder", by, file)
	}
	s.mu.Lock()
	if old, ok := s.files[file]; ok {
		s.mu.Unlock()
		return "", clash(old, by, file)
	}
	s.files[file] = by
	dir := filepath.Dir(file)
	known := s.shared[dir]
	s.mu.Unlock()
	full := filepath.Join(s.dir, filepath.FromSlash(file))
	if known {
		return full, nil
	}
	shared, err := mkdir(filepath.Dir(full))
	if shared {
		s.mu.Lock()
		s.shared[dir] = true
		s.mu.Unlock()
	}
	return full, writeError(by, file, err)
}

// mkdir makes a file's folder, which may exist already: another writer may
// have made it, or be making it now. Most folders hold one page, so the
// folder itself is tried first, one system call where os.MkdirAll makes
// three; its parents are made only when they are missing. It tells whether
// the folder was there already: claim then remembers it, so that the
// other files of a folder of many (a section's, the search index's 8,000
// files at 10,000 pages) cost no failed mkdir and stat each. Folders of
// one page are not remembered, which keeps a big site's record small.
func mkdir(dir string) (existed bool, err error) {
	err = os.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, os.MkdirAll(dir, 0o755)
	case errors.Is(err, fs.ErrExist):
		if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
			return false, err // a file stands where the folder should be
		}
		return true, nil
	}
	return false, err
}

func (s *Staging) Has(file string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.files[file]
	return ok
}

func (s *Staging) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// Commit swaps the staging folder in for the destination: atomically with
// renameat2(RENAME_EXCHANGE) where the system has it, else by two renames.
// The old output is then removed; RemoveAll deletes symbolic links, it never
// follows them.
func (s *Staging) Commit() error {
	if _, err := os.Lstat(s.dest); os.IsNotExist(err) {
		if err := os.Rename(s.dir, s.dest); err != nil {
			return err
		}
		s.dir = ""
		return nil
	}
	err := unix.Renameat2(unix.AT_FDCWD, s.dir, unix.AT_FDCWD, s.dest, unix.RENAME_EXCHANGE)
	if err != nil {
		old := s.dir + ".old"
		if err := os.Rename(s.dest, old); err != nil {
			return err
		}
		if err := os.Rename(s.dir, s.dest); err != nil {
			os.Rename(old, s.dest)
			return err
		}
		s.dir = old
	}
	return nil // s.dir now holds the previous output; Discard removes it
}

// Discard removes the staging folder (or, after commit, the old output).
func (s *Staging) Discard() {
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}
