package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strconv"

	"github.com/sitegen/sitegen/internal/build"
)

// The served site lives in a private folder (Server.tmp) as generations
// g1, g2, …: a full build (the first, or one that recovers from a failure
// to put files in place) writes a fresh generation while the last good one
// stays served, and swaps it in when it succeeds. An incremental build's
// changed files are first written into stage/ beside it, then renamed into
// the served generation while requests wait; if any step fails, what was
// renamed is put back, so the served folder is always exactly one good
// build: never a mix of two, never out of step with the builder.

// disk is the output seam: every file serve writes or renames goes
// through it, so that tests can inject the errors of a full disk or a
// read-only folder.
type disk struct {
	write func(root *os.Root, name string, data []byte) error
	// copy writes a copy of a site file (a static file, a bundle's) as
	// fill streams it: never whole in memory.
	copy   func(root *os.Root, name string, fill func(io.Writer) error) error
	rename func(root *os.Root, from, to string) error
}

// osDisk writes files below root, making their folders.
func osDisk() *disk {
	return &disk{
		write: func(root *os.Root, name string, data []byte) error {
			if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
				return err
			}
			return root.WriteFile(name, data, 0o644)
		},
		copy: func(root *os.Root, name string, fill func(io.Writer) error) error {
			if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
				return err
			}
			f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			err = fill(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		},
		rename: (*os.Root).Rename,
	}
}

// put writes one of a build's output files, from its bytes or as a copy.
func (d *disk) put(root *os.Root, name string, res *build.Result, file string) error {
	if fill, ok := res.Copy[file]; ok {
		return d.copy(root, name, fill)
	}
	return d.write(root, name, res.Write[file])
}

const stageDir = "stage"

// errOutOfStep marks a failure to put a build in place that could not be
// undone either: the served folder is no longer one good build.
var errOutOfStep = errors.New("the preview folder could not be restored")

// newGeneration makes an empty folder for a full build.
func (s *Server) newGeneration() (*generation, error) {
	s.gen++
	name := "g" + strconv.Itoa(s.gen)
	if err := s.work.Mkdir(name, 0o755); err != nil {
		return nil, err
	}
	root, err := s.work.OpenRoot(name)
	if err != nil {
		return nil, err
	}
	return &generation{dir: name, root: root}, nil
}

// discard removes a generation that is not, or no longer, served.
func (s *Server) discard(g *generation) {
	if g == nil {
		return
	}
	g.root.Close()
	if err := s.work.RemoveAll(g.dir); err != nil {
		fmt.Fprintln(s.opts.Log, "warning: removing an old preview folder:", err)
	}
}

// swap serves g from now on and removes the generation it replaces.
func (s *Server) swap(g *generation) {
	s.files.Lock()
	old := s.root.Swap(g)
	s.files.Unlock()
	s.discard(old) // no request holds it: they read under files' read lock
}

// apply puts an incremental build's changed files in place and removes the
// files it no longer has. On failure the served generation is left as it
// was (or, if even that fails, the error wraps errOutOfStep). The old files
// it moved aside stay in the staging folder until sweep, which the caller
// runs once the reload event is out: removing files can take longer than
// all the rest (several ms on ext4).
func (s *Server) apply(g *generation, res *build.Result) error {
	if err := s.work.MkdirAll(path.Join(stageDir, "old"), 0o755); err != nil {
		return fmt.Errorf("making the staging folder: %w", err)
	}
	files := append(slices.Sorted(maps.Keys(res.Write)), slices.Sorted(maps.Keys(res.Copy))...)
	// Written outside the lock: requests go on meanwhile.
	for i, f := range files {
		if err := s.disk.put(s.work, staged("new", i), res, f); err != nil {
			s.sweep()
			return fmt.Errorf("writing %s: %w", f, err)
		}
	}
	s.files.Lock()
	defer s.files.Unlock()
	var undo []func() error
	err := s.move(g, files, res.Remove, &undo)
	if err == nil {
		return nil
	}
	defer s.sweep()
	for i := len(undo) - 1; i >= 0; i-- {
		if uerr := undo[i](); uerr != nil {
			return fmt.Errorf("%w: %w (undoing: %w)", errOutOfStep, err, uerr)
		}
	}
	return err
}

// staged names the i-th file of a staging subfolder: new (written, to go
// in) or old (moved aside).
func staged(sub string, i int) string {
	return path.Join(stageDir, sub, strconv.Itoa(i))
}

// sweep empties the staging folder's subfolders, keeping the folders for
// the next build.
func (s *Server) sweep() {
	for _, sub := range []string{"new", "old"} {
		entries, err := fs.ReadDir(s.work.FS(), path.Join(stageDir, sub))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(s.opts.Log, "warning: emptying the staging folder:", err)
		}
		for _, e := range entries {
			if err := s.work.RemoveAll(path.Join(stageDir, sub, e.Name())); err != nil {
				fmt.Fprintln(s.opts.Log, "warning: emptying the staging folder:", err)
			}
		}
	}
}

// move renames the staged files into g and the removed ones out of it,
// recording how to undo each step.
func (s *Server) move(g *generation, files, remove []string, undo *[]func() error) error {
	aside := func(dst string, n int) error { // moves dst out of the way, if it exists
		old := staged("old", n)
		err := s.disk.rename(s.work, dst, old)
		if err == nil {
			*undo = append(*undo, func() error { return s.disk.rename(s.work, old, dst) })
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for i, f := range files {
		dst := path.Join(g.dir, f)
		if err := s.work.MkdirAll(path.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("putting %s in place: %w", f, err)
		}
		if err := aside(dst, i); err != nil {
			return fmt.Errorf("putting %s in place: %w", f, err)
		}
		if err := s.disk.rename(s.work, staged("new", i), dst); err != nil {
			return fmt.Errorf("putting %s in place: %w", f, err)
		}
		*undo = append(*undo, func() error { return s.work.Remove(dst) })
	}
	for j, f := range remove {
		if err := aside(path.Join(g.dir, f), len(files)+j); err != nil {
			return fmt.Errorf("removing %s: %w", f, err)
		}
	}
	return nil
}
