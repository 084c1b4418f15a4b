// Package regular opens files for reading only when they are regular files.
//
// A named pipe (FIFO) opened for reading blocks until a writer appears,
// possibly forever, and a device can block or never end; a site folder
// holds neither on purpose. Every file sitegen reads is opened here:
//
//   - the path is looked at first (Stat), and anything but a regular file
//     (or, for a folder walk, a directory) is refused without being opened;
//   - it is then opened with O_NONBLOCK, so that a file swapped for a pipe
//     in between cannot block the open either, and checked again (fstat)
//     through the open descriptor, which is what is read.
//
// The refusal is an *fs.PathError whose Err is a NotRegularError, naming
// what the file is ("a named pipe"). DirFS is os.DirFS with these opens.
package regular

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

// NotRegularError says what a refused file is.
type NotRegularError struct{ Type fs.FileMode }

func (e NotRegularError) Error() string {
	return "not a regular file (it is " + describe(e.Type) + "); sitegen reads only regular files"
}

// Is makes errors.Is(err, fs.ErrInvalid) hold for a refusal.
func (e NotRegularError) Is(target error) bool { return target == fs.ErrInvalid }

func describe(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a device"
	case t&fs.ModeDir != 0:
		return "a folder"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}

// Open opens the regular file name for reading.
func Open(name string) (*os.File, error) { return open(name, false) }

// OpenFile is os.OpenFile for a file to write (or lock) that must be a
// regular file: opened with O_NONBLOCK, so that a pipe without a reader
// fails at once (ENXIO) instead of blocking, and refused unless the open
// descriptor is a regular file. The flag O_NOFOLLOW refuses a symbolic link.
func OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag|syscall.O_NONBLOCK, perm)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = refuse(name, fi.Mode())
		}
		return nil, err
	}
	return f, nil
}

// Create is os.Create through OpenFile.
func Create(name string) (*os.File, error) {
	return OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// ReadFile reads the regular file name whole.
func ReadFile(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

// open opens name for reading if it is a regular file, or a directory
// when dirs is set.
func open(name string, dirs bool) (*os.File, error) {
	ok := func(m fs.FileMode) bool { return m.IsRegular() || dirs && m.IsDir() }
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !ok(fi.Mode()) {
		return nil, refuse(name, fi.Mode())
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	now, err := f.Stat()
	if err == nil && !ok(now.Mode()) {
		err = refuse(name, now.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func refuse(name string, m fs.FileMode) error {
	return &fs.PathError{Op: "open", Path: name, Err: NotRegularError{m.Type()}}
}

// readAll reads an open regular file, in one buffer of its size.
func readAll(f *os.File) ([]byte, error) {
	var b bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Size() < 1<<31 {
		b.Grow(int(fi.Size()) + bytes.MinRead)
	}
	_, err := b.ReadFrom(f)
	return b.Bytes(), err
}

// DirFS is os.DirFS(dir), except that it opens only regular files and
// directories, as Open does. Lstat and ReadLink are os.DirFS's: they open
// nothing.
func DirFS(dir string) fs.FS { return dirFS{dir: dir, os: os.DirFS(dir)} }

type dirFS struct {
	dir string
	os  fs.FS
}

// full is name inside the folder, refused as os.DirFS refuses it.
func (d dirFS) full(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(d.dir, filepath.FromSlash(name)), nil
}

// named gives an error the fs.FS name instead of the full path.
func named(err error, op, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: op, Path: name, Err: pe.Err}
	}
	return err
}

func (d dirFS) Open(name string) (fs.File, error) {
	full, err := d.full("open", name)
	if err != nil {
		return nil, err
	}
	f, err := open(full, true)
	if err != nil {
		return nil, named(err, "open", name)
	}
	return f, nil
}

func (d dirFS) ReadFile(name string) ([]byte, error) {
	full, err := d.full("read", name)
	if err != nil {
		return nil, err
	}
	b, err := ReadFile(full)
	return b, named(err, "open", name)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	full, err := d.full("readdir", name)
	if err != nil {
		return nil, err
	}
	f, err := open(full, true)
	if err != nil {
		return nil, named(err, "readdir", name)
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, named(err, "readdir", name)
}

func (d dirFS) Stat(name string) (fs.FileInfo, error)  { return fs.Stat(d.os, name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.os, name) }
func (d dirFS) ReadLink(name string) (string, error)   { return fs.ReadLink(d.os, name) }
