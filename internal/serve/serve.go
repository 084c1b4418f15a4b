// Package serve is sitegen's preview server.
//
// # Loop
//
// Run builds the site into a private temporary folder (never public/ or
// anything in the site folder), serves it, watches the site's folders and
// rebuilds on every batch of changes. A change that arrives during a
// rebuild cancels it, and the next build includes it. Builds are
// incremental (build.Builder): a rebuild renders in memory only what the
// change touches, then puts the changed files in place while requests
// wait, so no request ever sees a half-built site; a failed build changes
// nothing and the last good site stays served.
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
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

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
}

// Server is a running preview.
type Server struct {
	opts     Options
	tmp      string
	root     atomic.Pointer[generation]
	hub      *hub
	gen      int
	mu       sync.Mutex   // serialises builds
	files    sync.RWMutex // requests read under R; a build's changes go in under W
	builder  *build.Builder
	out      *os.Root // the output folder
	lastErr  string
	lastWarn string
	urls     map[string]string // content file -> URL, of the served build
}

type generation struct {
	dir  string
	root *os.Root
	id   string
}

// Run serves until ctx is cancelled (SIGINT or SIGTERM in the command).
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
	s := &Server{opts: o, tmp: tmp, hub: newHub()}
	addr := ln.Addr().(*net.TCPAddr)
	s.opts.Build.BaseURL = fmt.Sprintf("http://localhost:%d/", addr.Port)
	if s.out, err = os.OpenRoot(tmp); err != nil {
		return err
	}
	defer s.out.Close()
	s.builder = build.NewBuilder(s.opts.Build)
	// Nothing is served before the first good build, so it may write
	// straight into the folder rather than hold the site in memory.
	s.builder.WriteFirstTo(func(file string, data []byte) error {
		if err := s.out.MkdirAll(path.Dir(file), 0o755); err != nil {
			return err
		}
		return s.out.WriteFile(file, data, 0o644)
	})
	s.builder.CopyFirstTo(s.copy)
	s.rebuild(ctx, nil)
	w, err := newWatcher(o.Build.Source, o.Poll, o.Log, o.Debounce)
	if err != nil {
		return err
	}
	defer w.Close()
	srv := &http.Server{Handler: s.handler(addr.Port), ReadHeaderTimeout: 10 * time.Second}
	go s.loop(ctx, w)
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
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loop rebuilds after each batch of changes; a new batch cancels the
// build under way.
func (s *Server) loop(ctx context.Context, w *watcher) {
	var cancel context.CancelFunc = func() {}
	done := make(chan struct{}, 1)
	done <- struct{}{}
	for {
		select {
		case <-ctx.Done():
			cancel()
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
	res, err := s.builder.Build(ctx, changed)
	if (err != nil || ctx.Err() != nil) && s.gen == 0 {
		s.clear() // a first build that did not finish leaves no stray files
	}
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		msg := err.Error()
		if msg != s.lastErr { // the terminal shows an error once
			for _, e := range diag.Positions(err) {
				fmt.Fprintln(s.opts.Log, "error:", e.Error())
			}
			s.lastErr = msg
		}
		s.hub.send(event{Name: "builderror", Data: errorsJSON(err)})
		return
	}
	s.lastErr = ""
	if err := s.apply(res); err != nil {
		fmt.Fprintln(s.opts.Log, "error:", err)
		return
	}
	s.gen++
	g := &generation{dir: s.tmp, root: s.out, id: fmt.Sprintf("%d-%d", os.Getpid(), s.gen)}
	s.root.Store(g)
	if w := strings.Join(res.Stats.Warnings, "\n"); w != s.lastWarn { // shown once, like errors
		for _, line := range res.Stats.Warnings {
			fmt.Fprintln(s.opts.Log, "warning:", line)
		}
		s.lastWarn = w
	}
	fmt.Fprintln(s.opts.Out, res.Stats.Summary())
	s.hub.send(event{Name: "reload", Data: reloadJSON(g.id, changed, moved(s.urls, res.Stats.URLs, changed))})
	s.urls = res.Stats.URLs
	if !res.Stats.Quick {
		// A full build leaves much garbage behind, and the collector's
		// next goal is twice the heap it last saw: collect now, after the
		// event, so that serve's memory follows what it keeps.
		debug.FreeOSMemory()
	}
}

// apply puts a build's changed files in place and removes the files it no
// longer has, while requests wait.
func (s *Server) apply(res *build.Result) error {
	s.files.Lock()
	defer s.files.Unlock()
	for _, f := range sortedFiles(res.Write) {
		if err := s.out.MkdirAll(path.Dir(f), 0o755); err != nil {
			return err
		}
		if err := s.out.WriteFile(f, res.Write[f], 0o644); err != nil {
			return err
		}
	}
	for _, f := range sortedFiles(res.Copy) {
		if err := s.copy(f, res.Copy[f]); err != nil {
			return err
		}
	}
	for _, f := range res.Remove {
		if err := s.out.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// copy writes a copy of a site file (a static file, a bundle's) into the
// output folder as fill streams it: never whole in memory.
func (s *Server) copy(file string, fill func(io.Writer) error) error {
	if err := s.out.MkdirAll(path.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := s.out.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// clear empties the output folder.
func (s *Server) clear() {
	entries, err := os.ReadDir(s.tmp)
	if err != nil {
		fmt.Fprintln(s.opts.Log, "error:", err)
		return
	}
	for _, e := range entries {
		if err := s.out.RemoveAll(e.Name()); err != nil {
			fmt.Fprintln(s.opts.Log, "error:", err)
		}
	}
}

func sortedFiles[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
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

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
