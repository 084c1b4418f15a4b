// Package serve is sitegen's preview server.
//
// # Loop
//
// Run builds the site into a private temporary folder (never public/ or
// anything in the site folder), serves it, watches the site's folders and
// rebuilds on every batch of changes. A change that arrives during a
// rebuild cancels it, and the next build includes it. Each build goes to a
// fresh generation folder that is swapped in only when it succeeds, so no
// request ever sees a half-built site and a failed build leaves the last
// good site served.
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
	"path/filepath"
	"strconv"
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
	// Debounce is how long the watcher waits for a burst of changes to end.
	Debounce time.Duration
	// Ready, if set, receives the listening address once serving.
	Ready chan<- string
}

// Server is a running preview.
type Server struct {
	opts    Options
	tmp     string
	root    atomic.Pointer[generation]
	hub     *hub
	gen     int
	mu      sync.Mutex // serialises builds
	lastErr string
	urls    map[string]string // content file -> URL, of the served build
}

type generation struct {
	dir  string
	root *os.Root
	id   string
}

// Run serves until ctx is cancelled (SIGINT or SIGTERM in the command).
func Run(ctx context.Context, o Options) error {
	if o.Debounce == 0 {
		o.Debounce = 30 * time.Millisecond
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
	s.rebuild(ctx, nil)
	w, err := newWatcher(o.Build.Source, o.Poll, o.Log)
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
	if g := s.root.Load(); g != nil {
		g.root.Close()
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

// rebuild builds a new generation and swaps it in; changed is the batch of
// changed files (nil for the first build).
func (s *Server) rebuild(ctx context.Context, changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	dir := filepath.Join(s.tmp, fmt.Sprintf("gen-%d", s.gen))
	o := s.opts.Build
	o.Destination, o.Force, o.Log = dir, true, s.opts.Log
	st, err := build.Build(ctx, o)
	if ctx.Err() != nil {
		os.RemoveAll(dir)
		return
	}
	if err != nil {
		os.RemoveAll(dir)
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
	root, err := os.OpenRoot(dir)
	if err != nil {
		fmt.Fprintln(s.opts.Log, "error:", err)
		return
	}
	g := &generation{dir: dir, root: root, id: fmt.Sprintf("%d-%d", os.Getpid(), s.gen)}
	old := s.root.Swap(g)
	fmt.Fprintln(s.opts.Out, st.Summary())
	s.hub.send(event{Name: "reload", Data: reloadJSON(g.id, changed, moved(s.urls, st.URLs, changed))})
	s.urls = st.URLs
	if old != nil {
		// Let requests that hold the old folder finish before it goes.
		time.AfterFunc(5*time.Second, func() {
			old.root.Close()
			os.RemoveAll(old.dir)
		})
	}
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
