package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newTestServer serves a hand-made output folder through the real handler.
func newTestServer(t *testing.T, files map[string]string) (*Server, string, string) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for name, body := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	s := &Server{opts: Options{Bind: "127.0.0.1", AllowedHosts: []string{"preview.test"}}, hub: newHub()}
	s.root.Store(&generation{dir: out, root: root, id: "test-1"})
	ts := httptest.NewServer(s.handler(0))
	t.Cleanup(ts.Close)
	return s, strings.TrimPrefix(ts.URL, "http://"), dir
}

// raw sends a request exactly as written, with no client library cleaning
// the path, and returns the status code, headers and body. The answer is
// read while the request is written: a server may answer an oversized
// request before it has all been sent.
func raw(t *testing.T, addr, request string) (int, http.Header, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	written := make(chan error, 1)
	go func() {
		_, err := io.WriteString(c, request)
		written <- err
	}()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		c.Close()
		t.Fatalf("%.100q: %v (writing: %v)", request, err, <-written)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

func get(path, host string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"
}

var site = map[string]string{
	"index.html":         "<!DOCTYPE html><html><body><p>home</p></body></html>",
	"news/x/index.html":  "<html><body>x</body></html>",
	"css/site.css":       "body{}",
	"calendar.ics":       "BEGIN:VCALENDAR\r\n",
	"404.html":           "<html><body>not here</body></html>",
	"zh/404.html":        "<html><body>找不到</body></html>",
	"emptydir/.keep.txt": "",
}

func TestHostCheck(t *testing.T) {
	_, addr, _ := newTestServer(t, site)
	_, port, _ := net.SplitHostPort(addr)
	for _, tc := range []struct {
		host string
		want int
	}{
		{"localhost:" + port, 200},
		{"127.0.0.1:" + port, 200},
		{"[::1]:" + port, 200},
		{"LOCALHOST", 200},
		{"preview.test", 200},           // --allowed-host
		{"evil.example", 403},           // DNS rebinding: a foreign name pointing at 127.0.0.1
		{"evil.example:" + port, 403},   // with the port
		{"localhost.evil.example", 403}, // a look-alike
		{"127.0.0.1.nip.io", 403},
	} {
		if code, _, _ := raw(t, addr, get("/", tc.host)); code != tc.want {
			t.Errorf("Host %q: status %d, want %d", tc.host, code, tc.want)
		}
	}
}

func TestPathsStayInside(t *testing.T) {
	_, addr, dir := newTestServer(t, site)
	// A file beside the output folder that no request may reach.
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("SECRET"), 0o644)
	os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(dir, "out", "link.txt"))
	os.Symlink(dir, filepath.Join(dir, "out", "linkdir"))
	for _, p := range []string{
		"/../secret.txt",
		"/news/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E%2Fsecret.txt",
		"/..%2fsecret.txt",
		"/.%2e/secret.txt",
		"/..\\secret.txt",
		"/%5c..%5csecret.txt",
		"/secret.txt%00.html",
		"/link.txt",
		"/linkdir/secret.txt",
		"//" + dir + "/secret.txt",
		"/./index.html",
	} {
		code, _, body := raw(t, addr, get(p, "localhost"))
		if strings.Contains(body, "SECRET") || code == 200 {
			t.Errorf("%s: status %d body %q", p, code, body)
		}
	}
}

func TestServing(t *testing.T) {
	_, addr, _ := newTestServer(t, site)
	code, h, body := raw(t, addr, get("/news/x/", "localhost"))
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("page: %d %s", code, h.Get("Content-Type"))
	}
	if !strings.Contains(body, `<script src="/_sitegen/reload.js"></script></body>`) {
		t.Errorf("no reload script before </body>: %s", body)
	}
	if h.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS header sent")
	}
	if code, h, _ := raw(t, addr, get("/news/x", "localhost")); code != 301 || h.Get("Location") != "/news/x/" {
		t.Errorf("folder without slash: %d %q", code, h.Get("Location"))
	}
	if code, h, body := raw(t, addr, get("/css/site.css", "localhost")); code != 200 || h.Get("Content-Type") != "text/css; charset=utf-8" || strings.Contains(body, "script") {
		t.Errorf("css: %d %s %q", code, h.Get("Content-Type"), body)
	}
	if _, h, _ := raw(t, addr, get("/calendar.ics", "localhost")); h.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Errorf("ics type %s", h.Get("Content-Type"))
	}
	if code, _, body := raw(t, addr, get("/emptydir/", "localhost")); code != 404 || strings.Contains(body, ".keep") {
		t.Errorf("folder listing: %d %q", code, body)
	}
	if code, _, body := raw(t, addr, get("/nope/", "localhost")); code != 404 || !strings.Contains(body, "not here") {
		t.Errorf("404: %d %q", code, body)
	}
	if code, _, body := raw(t, addr, get("/zh/nope/", "localhost")); code != 404 || !strings.Contains(body, "找不到") {
		t.Errorf("zh 404: %d %q", code, body)
	}
	if code, _, _ := raw(t, addr, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); code != 405 {
		t.Errorf("POST: %d", code)
	}
}

func TestEventsRefuseForeignOrigin(t *testing.T) {
	_, addr, _ := newTestServer(t, site)
	req := "GET /_sitegen/events HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
	if code, _, _ := raw(t, addr, req); code != 403 {
		t.Errorf("foreign Origin: %d", code)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET /_sitegen/events HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:1313\r\n\r\n")
	r := bufio.NewReader(c)
	status, _ := r.ReadString('\n')
	if !strings.Contains(status, "200") {
		t.Fatalf("own Origin: %q", status)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "event: hello") {
			break
		}
	}
}

func TestRequestPath(t *testing.T) {
	for in, want := range map[string]string{"/": ".", "/a/b/": "a/b", "/a//b": "a/b", "/快速": "快速"} {
		if got, ok := requestPath(in); !ok || got != want {
			t.Errorf("%q -> %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"/..", "/a/../b", "/a\\b", "/a\x00", "a", "/./a"} {
		if _, ok := requestPath(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}
