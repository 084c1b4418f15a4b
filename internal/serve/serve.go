// Package serve is sitegen's preview server.
//
// # Loop
//
// Run starts watching the site's folders (following those that are
// symbolic links), then builds the site into a private temporary folder
// (never public/ or anything in the site folder), serves it, and rebuilds
// on every batch of changes; a save made during the first build is the
// first batch after it. A change that arrives during a rebuild cancels it,
// and the next build includes it. Stopping waits for the build under way,
// then removes the folder.
//
// Builds are incremental (build.Builder): a rebuild renders in memory only
// what the change touches, then puts the changed files in place while
// requests wait (a whole-site build's pages in one pack file that requests
// read before the folder, pack.go; an edit's big files, such as the feeds,
// served from memory until they are in the folder after the reload,
// late.go), so no request ever sees a half-built site; a failed build
// changes nothing and the last good site stays served. If the files cannot
// be put in place, what was done is undone, the builder is replaced and
// the next change rebuilds in full (see output.go): the served folder is
// always one good build.
//
// # Live reload
//
// HTML responses get a small script (never written to disk) that listens on
// /_sitegen/events (Server-Sent Events). After a good build the page
// reloads, or only swaps its stylesheets when only CSS changed; after a
// failed build every open tab shows the errors in an overlay that goes away
// with the next good build.
//
// # Safety
//
// See handler.go: loopback only unless --bind, Host checks against DNS
// rebinding, every path opened through os.Root.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/diag"
)

// Options configure the server.
type Options struct {
	Build        build.Options
	Port         int
	Bind         string
	Poll         bool
	AllowedHosts []string
	Log          io.Writer // errors and warnings
	Out          io.Writer // the address and build summaries
	// Debounce is how long the watcher waits for a burst of changes to end
	// (default 10ms: an editor's save by rename takes well under that).
	Debounce time.Duration
	// Ready, if set, receives the listening address once serving.
	Ready chan<- string
	// disk, if set, replaces the disk writes and renames of the
	// preview's files (tests inject faults through it).
	disk *disk
	// lateAt is the size from which an incremental build's files are
	// put in the folder after the reload event (late.go): 0 is
	// defaultLateAt, below 0 never.
	lateAt int
}

// Server is a running preview.
type Server struct {
	opts     Options
	tmp      string   // the private folder of the served generations
	work     *os.Root // tmp
	dir      int      // tmp's descriptor, for the renames (see output.go)
	disk     *disk
	root     atomic.Pointer[generation] // the served one; nil before a good build
	hub      *hub
	gen      int          // generation folders made
	stages   int          // staging folders made
	spare    *stage       // the last build's staging folder, holding old files, for the next (output.go)
	builds   int          // good builds served
	mu       sync.Mutex   // serialises builds
	files    sync.RWMutex // requests read under R; a build's changes go in under W
	builder  *build.Builder
	full     bool // the next build is a full one into a fresh generation
	lastErr  string
	lastWarn string
	urls     map[string]string // content file -> URL, of the served build

	overlay // the packs served over the generation's folder (pack.go)
}

// generation is one full build's folder, changed in place by the
// incremental builds that follow it.
type generation struct {
	dir  string // below Server.tmp
	root *os.Root
	id   string
}

// Run serves until ctx is cancelled (SIGINT or SIGTERM in the command).
// It returns once the build in flight has stopped and the private folder
// is gone.
func Run(ctx context.Context, o Options) error {
	if o.Debounce == 0 {
		o.Debounce = 10 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.disk == nil {
		o.disk = osDisk()
	}
	if o.lateAt == 0 {
		o.lateAt = defaultLateAt
	}
	if !isLoopback(o.Bind) {
		fmt.Fprintf(o.Log, "warning: serving on %s: anyone who can reach this address can read the preview\n", o.Bind)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.Bind, strconv.Itoa(o.Port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d is in use; stop the other server or pass --port", o.Port)
		}
		return err
	}
	defer ln.Close()
	tmp, err := os.MkdirTemp("", "sitegen-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	s := &Server{opts: o, tmp: tmp, disk: o.disk, hub: newHub(), full: true}
	addr := ln.Addr().(*net.TCPAddr)
	s.opts.Build.BaseURL = fmt.Sprintf("http://localhost:%d/", addr.Port)
	if s.work, err = os.OpenRoot(tmp); err != nil {
		return err
	}
	defer s.work.Close()
	if s.dir, err = unix.Open(tmp, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
		return &os.PathError{Op: "open", Path: tmp, Err: err}
	}
	defer unix.Close(s.dir)
	defer func() {
		if s.spare != nil {
			s.dropPack(s.spare.pack)
			s.spare.root.Close() // the folder goes with tmp
		}
		s.files.Lock()
		s.dropPacks()
		s.files.Unlock()
	}()
	defer func() { s.discard(s.root.Load()) }()
	s.builder = build.NewBuilder(s.opts.Build)
	// The watcher starts first: a save made while the first build runs is
	// the first batch after it.
	w, err := newWatcher(o.Build.Source, o.Poll, o.Log, o.Debounce)
	if err != nil {
		return err
	}
	defer w.Close()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	s.rebuild(ctx, nil)
	looped := make(chan struct{})
	go func() {
		s.loop(ctx, w)
		close(looped)
	}()
	srv := s.httpServer(addr.Port)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s.hub.close()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Fprintf(o.Out, "Serving at http://localhost:%d/ (press Ctrl+C to stop)\n", addr.Port)
	if o.Ready != nil {
		o.Ready <- ln.Addr().String()
	}
	err = srv.Serve(ln)
	stop()
	<-looped // the build in flight has stopped: its folder can go
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loop rebuilds after each batch of changes; a new batch cancels the
// build under way. It returns when ctx is done and that build has stopped.
func (s *Server) loop(ctx context.Context, w *watcher) {
	var cancel context.CancelFunc = func() {}
	done := make(chan struct{}, 1)
	done <- struct{}{}
	for {
		select {
		case <-ctx.Done():
			cancel()
			<-done
			return
		case batch := <-w.batches:
			cancel()
			<-done // the cancelled build has stopped
			var bctx context.Context
			bctx, cancel = context.WithCancel(ctx)
			go func() {
				s.rebuild(bctx, batch)
				done <- struct{}{}
			}()
		}
	}
}

// rebuild brings the served site up to date with a batch of changed
// files (nil for the first build).
func (s *Server) rebuild(ctx context.Context, changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fresh, st, ok := s.prepare()
	if !ok {
		return
	}
	res, err := s.builder.Build(ctx, changed)
	if err != nil {
		s.discard(fresh) // a full build that did not finish leaves no stray files
		s.dropStage(st, err, ctx.Err() != nil)
		return
	}
	s.lastErr = ""
	if fresh != nil {
		s.swap(fresh)
		s.full = false
	} else if err = s.apply(s.root.Load(), st, res); err != nil {
		s.applyFailed(err)
		return
	}
	// Every good build gets an id of its own: a tab that reconnects
	// after missing one sees it differ and reloads.
	s.builds++
	g := *s.root.Load()
	g.id = fmt.Sprintf("%d-%d", os.Getpid(), s.builds)
	s.root.Store(&g)
	if w := strings.Join(res.Stats.Warnings, "\n"); w != s.lastWarn { // shown once, like errors
		for _, line := range res.Stats.Warnings {
			fmt.Fprintln(s.opts.Log, "warning:", line)
		}
		s.lastWarn = w
	}
	fmt.Fprintln(s.opts.Out, res.Stats.Summary())
	before := s.urls
	if res.Stats.URLsWere != nil { // s.urls was changed in place
		before = urlsBefore(res.Stats.URLsWere, res.Stats.URLs, changed)
	}
	s.hub.send(event{Name: "reload", Data: reloadJSON(g.id, changed, moved(before, res.Stats.URLs, changed))})
	s.urls = res.Stats.URLs
	s.spare = st // nil after a full build
	s.settle(st)
	if !res.Stats.Quick {
		// A build that renders the site whole leaves much garbage behind
		// (a template edit at 10,000 pages: every page's body, unpacked,
		// 140 MB): collect it now, after the event, so that the next build
		// starts from what serve keeps. The memory is not given back to the
		// system here (debug.FreeOSMemory): the next such build would fault
		// all of it in again, which took a third of its time. The memory
		// policy (internal/memlimit) bounds what stays mapped.
		runtime.GC()
	}
}

// prepare readies the folder a build's files go to: a fresh generation
// for a full build, the staging folder for an incremental one. It reports
// whether that worked (a failure is reported as the build's).
func (s *Server) prepare() (fresh *generation, st *stage, ok bool) {
	var err error
	if !s.full {
		if st, err = s.reuse(); err != nil {
			s.applyFailed(fmt.Errorf("making the staging folder: %w", err))
			return nil, nil, false
		}
		s.stageTo(st)
		return nil, st, true
	}
	s.dropSpare() // a full disk needs its room
	if fresh, err = s.newGeneration(); err != nil {
		s.fail(fmt.Errorf("making a folder for the preview: %w", err))
		return nil, nil, false
	}
	s.builder.WriteFirstTo(func(file string, data []byte) error {
		if err := s.disk.write(fresh.root, file, data); err != nil {
			return fmt.Errorf("writing %s: %w", file, err)
		}
		return nil
	})
	s.builder.CopyFirstTo(func(file string, fill func(io.Writer) error) error {
		if err := s.disk.copy(fresh.root, file, fill); err != nil {
			return fmt.Errorf("copying %s: %w", file, err)
		}
		return nil
	})
	return fresh, nil, true
}

// dropStage handles the staging folder of a build that failed with err
// (or was cancelled) and reports it. A file the build made that could not
// be staged is a failure to put the build in place, and a full disk needs
// the room: the folder goes; otherwise the next build writes over it.
func (s *Server) dropStage(st *stage, err error, cancelled bool) {
	switch {
	case st == nil:
		if !cancelled {
			s.fail(err)
		}
	case st.failure() != nil:
		s.removeStage(st)
		s.applyFailed(st.failure())
	default:
		s.spare = st
		if !cancelled {
			s.fail(err)
		}
	}
}

// fail reports a failed build in the terminal (once per distinct error)
// and in every open tab's overlay.
func (s *Server) fail(err error) {
	if msg := err.Error(); msg != s.lastErr {
		for _, e := range diag.Positions(err) {
			fmt.Fprintln(s.opts.Log, "error:", e.Error())
		}
		s.lastErr = msg
	}
	s.hub.send(event{Name: "builderror", Data: errorsJSON(err)})
}

// applyFailed handles a build that succeeded but whose files could not be
// put in place (a full disk, a folder made read-only): the builder now
// knows of files that are not served, so it is replaced, and the next
// change rebuilds in full into a fresh folder. Meanwhile the last good
// site stays served, or, if even that could not be restored, nothing is.
func (s *Server) applyFailed(err error) {
	s.builder = build.NewBuilder(s.opts.Build)
	s.full = true
	s.lastErr = ""
	if errors.Is(err, errOutOfStep) {
		s.files.Lock()
		old := s.root.Swap(nil)
		s.dropPacks()
		s.files.Unlock()
		s.discard(old)
		s.fail(fmt.Errorf("sitegen serve could not put the new build in place: %w; nothing is served until the next change rebuilds the site in full", err))
		return
	}
	s.fail(fmt.Errorf("sitegen serve could not put the new build in place: %w; the last good build is still served, and the next change rebuilds the site in full", err))
}

// moved maps the old URL of each changed page to its new one, so that a
// tab showing a page whose slug, url or file name changed can follow it.
func moved(before, after map[string]string, changed []string) map[string]string {
	m := map[string]string{}
	var gone, added []string
	for _, f := range changed {
		old, had := before[f]
		cur, has := after[f]
		switch {
		case had && has && old != cur:
			m[old] = cur
		case had && !has:
			gone = append(gone, old)
		case !had && has:
			added = append(added, cur)
		}
	}
	if len(gone) == 1 && len(added) == 1 { // a rename
		m[gone[0]] = added[0]
	}
	return m
}

// urlsBefore are the URLs of the changed files before a build that
// changed the last build's URLs (after) in place, from what it says they
// were (see render.Stats.URLsWere).
func urlsBefore(were, after map[string]string, changed []string) map[string]string {
	before := map[string]string{}
	for _, f := range changed {
		if w, ok := were[f]; ok {
			if w != "" {
				before[f] = w
			}
		} else if u, ok := after[f]; ok {
			before[f] = u
		}
	}
	return before
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
