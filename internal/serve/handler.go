package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

//go:embed reload.js
var reloadScript []byte

const (
	eventsPath = "/_sitegen/events"
	scriptPath = "/_sitegen/reload.js"
)

var scriptTag = []byte(`<script src="` + scriptPath + `"></script>`)

// Limits on what a request may make the server hold. net/http answers 431
// to a request whose headers pass maxHeaderBytes (plus its 4 KiB of
// slack); a client that never finishes its headers is cut off after
// readHeaderTimeout.
const (
	maxHeaderBytes    = 64 << 10
	readHeaderTimeout = 10 * time.Second
	// maxPath is Linux's PATH_MAX: no file of the site has a longer
	// path, so a longer request path is answered 414 before any lookup.
	maxPath = 4096
)

func (s *Server) httpServer(port int) *http.Server {
	return &http.Server{Handler: s.handler(port), ReadHeaderTimeout: readHeaderTimeout, MaxHeaderBytes: maxHeaderBytes}
}

func (s *Server) handler(port int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(eventsPath, s.events)
	mux.HandleFunc(scriptPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(reloadScript)
	})
	return s.checkHost(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == eventsPath || r.URL.Path == scriptPath {
			mux.ServeHTTP(w, r)
			return
		}
		s.file(w, r)
	}))
}

// allowedHost reports whether a Host header (or an Origin's host) names this
// server: loopback names, the bound address and --allowed-host values. This
// defeats DNS rebinding, where a foreign name resolves to 127.0.0.1.
func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	switch host {
	case "localhost", "127.0.0.1", "::1":
		return true
	case "":
		return false
	}
	if b := strings.ToLower(s.opts.Bind); host == b && b != "0.0.0.0" && b != "::" {
		return true
	}
	for _, a := range s.opts.AllowedHosts {
		if strings.EqualFold(host, a) {
			return true
		}
	}
	return false
}

func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowedHost(r.Host) {
			http.Error(w, "sitegen serve: unknown Host "+r.Host+"; pass --allowed-host to allow it", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// events streams build outcomes as Server-Sent Events.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !s.allowedHost(u.Host) {
			http.Error(w, "foreign Origin", http.StatusForbidden)
			return
		}
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c, last := s.hub.subscribe()
	defer s.hub.unsubscribe(c)
	hello := `{}`
	if g := s.root.Load(); g != nil {
		hello = fmt.Sprintf(`{"build":%q}`, g.id)
	}
	writeEvent(w, event{Name: "hello", Data: hello})
	if last.Name == "builderror" {
		writeEvent(w, last)
	}
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			writeEvent(w, e)
			fl.Flush()
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, e event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, e.Data)
}

// requestPath resolves a request's path once into a path relative to the
// output folder. It refuses NUL bytes, backslashes and dot-dot segments
// outright rather than cleaning them away; os.Root then keeps every open,
// symbolic links included, inside the folder.
func requestPath(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\x00\\") || !strings.HasPrefix(raw, "/") {
		return "", false
	}
	for _, seg := range strings.Split(raw, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	p := strings.TrimPrefix(path.Clean(raw), "/")
	if p == "" {
		p = "."
	}
	return p, true
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if len(r.URL.Path) > maxPath {
		http.Error(w, "path too long", http.StatusRequestURITooLong)
		return
	}
	p, ok := requestPath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.files.RLock()
	defer s.files.RUnlock()
	g := s.root.Load()
	if g == nil {
		http.Error(w, "sitegen serve has no good build to show yet; see the terminal", http.StatusServiceUnavailable)
		return
	}
	data, name, err := s.readFile(g, p)
	if err == nil && name != p && !strings.HasSuffix(r.URL.Path, "/") {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	if err != nil || (strings.HasSuffix(r.URL.Path, "/") && name == p && p != ".") {
		s.notFound(w, g, p)
		return
	}
	s.send(w, r, http.StatusOK, name, data)
}

// extraTypes are types a site serves that the system's MIME table may lack.
var extraTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".ics":  "text/calendar; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
	".json": "application/json",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

// readFile reads a file, or a folder's index.html, from the packs over g
// (pack.go) or g's folder; name says which. Call it under files' read
// lock.
func (s *Server) readFile(g *generation, p string) ([]byte, string, error) {
	if b, ok, err := s.fromPacks(p); ok {
		return b, p, err
	}
	idx := "index.html"
	if p != "." {
		idx = p + "/index.html"
	}
	if b, ok, err := s.fromPacks(idx); ok {
		return b, idx, err
	}
	f, err := g.root.Open(p)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	if st.IsDir() {
		idx := path.Join(p, "index.html")
		b, err := fs.ReadFile(g.root.FS(), idx)
		if err != nil {
			return nil, "", err
		}
		return b, idx, nil
	}
	if !st.Mode().IsRegular() {
		return nil, "", fs.ErrNotExist
	}
	b, err := io.ReadAll(f)
	return b, p, err
}

// notFound answers with the language's 404.html and status 404.
func (s *Server) notFound(w http.ResponseWriter, g *generation, p string) {
	lang := strings.SplitN(p, "/", 2)[0]
	for _, cand := range []string{lang + "/404.html", "404.html"} {
		b, ok, err := s.fromPacks(cand)
		if !ok {
			b, err = fs.ReadFile(g.root.FS(), cand)
		}
		if err == nil {
			s.send(w, nil, http.StatusNotFound, cand, b)
			return
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, name string, data []byte) {
	ctype := extraTypes[path.Ext(name)]
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
	}
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r == nil || r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the reload script before </body>, or at the end.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page[:len(page):len(page)], scriptTag...)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}
