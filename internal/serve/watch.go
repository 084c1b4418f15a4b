package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// watcher turns file system events into batches of changed paths
// (relative to the site folder). A burst such as a git checkout is one
// batch: a batch closes once no event came for the debounce interval.
type watcher struct {
	batches chan []string
	close   func()
}

func (w *watcher) Close() { w.close() }

func newWatcher(source string, poll bool, log io.Writer, debounce time.Duration) (*watcher, error) {
	raw := make(chan string, 1024)
	done := make(chan struct{})
	w := &watcher{batches: make(chan []string)}
	var stop func()
	if !poll {
		fw, err := fsnotify.NewWatcher()
		if err == nil {
			err = addTree(fw, source)
		}
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
			fmt.Fprintln(log, "warning: the system's inotify watch limit is reached; polling for changes instead (pass --poll to choose it yourself, or raise fs.inotify.max_user_watches)")
			if fw != nil {
				fw.Close()
			}
			poll = true
		} else if err != nil {
			return nil, err
		} else {
			go notifyLoop(fw, source, raw, done, log)
			stop = func() { fw.Close() }
		}
	}
	if poll {
		// The first snapshot is taken now, before the first build, so
		// that a save made during it is seen. A burst of saves may
		// straddle two polls: the batch stays open past the next one.
		prev := snapshot(source)
		go pollLoop(source, prev, raw, done, pollEvery)
		stop = func() {}
		debounce = max(debounce, pollEvery+pollEvery/4)
	}
	go batchLoop(raw, w.batches, done, debounce)
	w.close = func() { close(done); stop() }
	return w, nil
}

// pollEvery is how often --poll compares the tree.
const pollEvery = 300 * time.Millisecond

func addTree(fw *fsnotify.Watcher, source string) error {
	if err := fw.Add(source); err != nil {
		return err
	}
	for _, d := range config.Folders() { // sitegen.toml is seen through the site folder, watched without its other subfolders
		if err := addDir(fw, filepath.Join(source, d)); err != nil {
			return err
		}
	}
	return nil
}

// addDir watches a folder and every folder below it. The folder itself
// may be a symbolic link (content kept in a repository of its own), which
// the build follows; links below it are not followed, as the build does
// not follow them either.
func addDir(fw *fsnotify.Watcher, dir string) error {
	return walkFolder(dir, func(p string, d fs.DirEntry) error {
		if d.IsDir() {
			if p != dir && source.Ignored(d.Name()) {
				return fs.SkipDir
			}
			// The watch is added through the link, so that events name
			// the file as the site sees it.
			return fw.Add(p)
		}
		return nil
	})
}

// walkFolder walks a site folder, following it if it is a symbolic link
// (fsnotify and filepath.WalkDir do not), and reports every path below it
// as seen through dir. A missing folder, or an entry that vanishes during
// the walk, is skipped.
func walkFolder(dir string, fn func(p string, d fs.DirEntry) error) error {
	target, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil
	}
	return filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == target {
				return fs.SkipAll
			}
			return nil
		}
		rel, err := filepath.Rel(target, p)
		if err != nil {
			return err
		}
		return fn(filepath.Join(dir, rel), d)
	})
}

// overflow is sent in place of a path when events were lost: rebuild all.
const overflow = build.Overflow

func notifyLoop(fw *fsnotify.Watcher, source string, raw chan<- string, done <-chan struct{}, log io.Writer) {
	for {
		select {
		case <-done:
			return
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				raw <- overflow
			} else {
				fmt.Fprintln(log, "warning: watcher:", err)
			}
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(source, ev.Name)
			if err != nil || !relevant(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// A new or renamed-in folder, or a site folder that is now
				// a link (ln -sfn to other content): its files may predate
				// the watch.
				if fi, err := os.Lstat(ev.Name); err == nil && (fi.IsDir() || siteFolder(rel)) {
					_ = addDir(fw, ev.Name)
					raw <- overflow
					continue
				}
			}
			raw <- filepath.ToSlash(rel)
		}
	}
}

// relevant reports whether a path (relative to the site) can change the
// site: sitegen.toml and files in the watched folders that are not editor
// temporaries.
func relevant(rel string) bool {
	rel = filepath.ToSlash(rel)
	if rel == "sitegen.toml" {
		return true
	}
	if !siteFolder(strings.SplitN(rel, "/", 2)[0]) {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if source.Ignored(seg) {
			return false
		}
	}
	return true
}

// siteFolder reports whether rel is one of the watched site folders.
func siteFolder(rel string) bool {
	for _, d := range config.Folders() {
		if d == filepath.ToSlash(rel) {
			return true
		}
	}
	return false
}

// maxWait bounds how long a stream of changes that never pauses can hold
// a batch back: saves keep showing up while a tool writes continuously.
const maxWait = 50

func batchLoop(raw <-chan string, out chan<- []string, done <-chan struct{}, debounce time.Duration) {
	var batch []string
	seen := map[string]bool{}
	var timer <-chan time.Time
	var opened time.Time
	var ready chan<- []string // out once the batch has closed, until it is taken
	for {
		select {
		case <-done:
			return
		case p := <-raw:
			// Events keep being read while a closed batch waits for a
			// busy server (a long first build): they join it, and it
			// closes again after the next quiet interval.
			if len(batch) == 0 {
				opened = time.Now()
			}
			if !seen[p] {
				seen[p] = true
				batch = append(batch, p)
			}
			wait := debounce
			if left := time.Until(opened.Add(maxWait * debounce)); left < wait {
				wait = max(left, 0)
			}
			timer, ready = time.After(wait), nil
		case <-timer:
			sort.Strings(batch)
			timer, ready = nil, out
		case ready <- batch:
			batch, seen, ready = nil, map[string]bool{}, nil
		}
	}
}

// pollLoop compares the watched tree's sizes and times every interval.
func pollLoop(source string, prev map[string]string, raw chan<- string, done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			cur := snapshot(source)
			for p, s := range cur {
				if prev[p] != s {
					raw <- p
				}
			}
			for p := range prev {
				if _, ok := cur[p]; !ok {
					raw <- p
				}
			}
			prev = cur
		}
	}
}

func snapshot(source string) map[string]string {
	m := map[string]string{}
	add := func(p string, fi fs.FileInfo) {
		rel, _ := filepath.Rel(source, p)
		if relevant(rel) {
			m[filepath.ToSlash(rel)] = fmt.Sprint(fi.Size(), fi.ModTime().UnixNano(), fi.Mode())
		}
	}
	if fi, err := os.Stat(filepath.Join(source, "sitegen.toml")); err == nil {
		add(filepath.Join(source, "sitegen.toml"), fi)
	}
	for _, d := range config.Folders() {
		walkFolder(filepath.Join(source, d), func(p string, e fs.DirEntry) error {
			if !e.IsDir() {
				if fi, err := e.Info(); err == nil {
					add(p, fi)
				}
			}
			return nil
		})
	}
	return m
}
