package serve

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var pathSeeds = []string{
	"/", "/a/b/", "/a//b", "/快速", "/..", "/a/../b", "/a\\b", "/a\x00", "a", "/./a",
	"/../secret.txt", "/%2e%2e/secret.txt", "/link/", "/link", "/escape", "/escape/secret.txt",
	"//secret.txt", "/news/./", "/news/.../", "/index.html/..", "/.", "", "/a/b/..", "/C:\\x", "/...",
}

// FuzzRequestPath: an accepted path is relative, has no ".." segment, no
// NUL and no backslash.
func FuzzRequestPath(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, ok := requestPath(raw)
		if !ok {
			return
		}
		if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\\") {
			t.Fatalf("requestPath(%q) = %q", raw, p)
		}
		for _, seg := range strings.Split(p, "/") {
			if seg == ".." || seg == "" || (seg == "." && p != ".") {
				t.Fatalf("requestPath(%q) = %q has segment %q", raw, p, seg)
			}
		}
	})
}

const secret = "TOP-SECRET-7f3a9c"

// FuzzHandler sends the fuzzed path through the real handler, serving an
// output folder that sits next to a secret file and holds symbolic links
// that point at it; the secret never comes back.
func FuzzHandler(f *testing.F) {
	dir := f.TempDir()
	out := filepath.Join(dir, "out")
	for name, body := range map[string]string{
		"index.html":      "<html><body>home</body></html>",
		"news/index.html": "<html><body>news</body></html>",
		"404.html":        "<html><body>not found</body></html>",
		"css/s.css":       "body{}",
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "secretdir"), 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secretdir", "index.html"), []byte(secret), 0o644); err != nil {
		f.Fatal(err)
	}
	for link, target := range map[string]string{
		"link":         "../secret.txt",
		"abs":          filepath.Join(dir, "secret.txt"),
		"escape":       "..",
		"news/sd":      "../../secretdir",
		"news/up.html": "../../secret.txt",
	} {
		if err := os.Symlink(target, filepath.Join(out, link)); err != nil {
			f.Fatal(err)
		}
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { root.Close() })
	s := &Server{opts: Options{Bind: "127.0.0.1"}, hub: newHub()}
	s.root.Store(&generation{dir: out, root: root, id: "fuzz-1"})
	h := s.handler(0)

	for _, p := range pathSeeds {
		f.Add(p, "GET")
	}
	f.Add("/abs", "HEAD")
	f.Add("/news/sd/", "GET")
	f.Add("/news/up.html", "POST")
	f.Fuzz(func(t *testing.T, p, method string) {
		if method != "HEAD" && method != "POST" {
			method = "GET"
		}
		req := httptest.NewRequest(method, "http://localhost/", nil)
		// Set the path as the server would see it after decoding, with no
		// client library cleaning it on the way.
		req.URL = &url.URL{Path: p, RawPath: url.PathEscape(p)}
		req.RequestURI = req.URL.RequestURI()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		body := w.Body.String()
		if strings.Contains(body, secret) {
			t.Fatalf("%s %q served the secret (%d)", method, p, w.Code)
		}
		if w.Code == http.StatusOK && !strings.HasPrefix(p, "/") {
			t.Fatalf("%q (not absolute) answered 200", p)
		}
	})
}
