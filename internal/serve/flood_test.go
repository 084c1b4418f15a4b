package serve

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/build"
)

// hardening/flood.sh runs TestFlood against a separate `sitegen serve`
// process, whose memory it measures.
var (
	floodAddr = flag.String("flood.addr", "", "run TestFlood against the `sitegen serve` at this host:port instead of a server of its own")
	floodPage = flag.String("flood.page", "/news/a/", "a page of that server's site")
)

// TestFlood holds 500 event streams and 200 clients that never finish
// their headers (half push 1 MiB of header, half 32 KiB and then a byte
// every 100 ms) open, and meanwhile requires every other request to be answered
// within 2 s, a request with a 1 MB header to get 431, a path of 10,000
// segments a 4xx, and (on Linux) the peak memory of this whole test
// process, the server and its 700 clients together, to stay under 300 MiB.
func TestFlood(t *testing.T) {
	streams, slow, probes := 500, 200, 40
	addr, page := *floodAddr, *floodPage
	if addr == "" {
		dir := writeSite(t, smallSite)
		r := runServe(t, Options{Build: build.Options{Source: dir}})
		addr = r.addr
	}
	// In-process, this process's peak memory bounds the server's; against
	// a separate server, hardening/load.sh reads that server's.
	peakReset := *floodAddr == "" && resetPeakRSS()
	var conns []net.Conn
	var mu sync.Mutex
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	dial := func() net.Conn {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("dialling %s: %v", addr, err)
		}
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		return c
	}
	for i := 0; i < streams; i++ {
		openStream(t, dial())
	}
	stop := make(chan struct{})
	defer close(stop)
	pad := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < slow; i++ {
		c := dial()
		io.WriteString(c, "GET "+page+" HTTP/1.1\r\nHost: localhost\r\nX-Pad: ")
		go func(big bool) {
			if big {
				c.Write(pad) // cut off at the limit
				return
			}
			if _, err := c.Write(pad[:32<<10]); err != nil {
				return
			}
			for {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := c.Write([]byte("a")); err != nil {
					return
				}
			}
		}(i%2 == 0)
	}

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	defer client.CloseIdleConnections()
	var took []time.Duration
	for i := 0; i < probes; i++ {
		start := time.Now()
		resp, err := client.Get("http://" + addr + page)
		if err != nil {
			t.Fatalf("%s during the flood: %v", page, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(start))
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("</html>")) {
			t.Errorf("%s during the flood: status %d, %d bytes, %v", page, resp.StatusCode, len(body), err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	slices.Sort(took)
	t.Logf("%d event streams, %d slow clients: %d requests, latency p50 %v, max %v", streams, slow, probes, took[len(took)/2], took[len(took)-1])
	if took[len(took)-1] > 2*time.Second {
		t.Errorf("a request took %v during the flood; want under 2 s", took[len(took)-1])
	}

	big := "GET " + page + " HTTP/1.1\r\nHost: localhost\r\nX-Big: " + strings.Repeat("b", 1<<20) + "\r\n\r\n"
	if code, _, _ := raw(t, addr, big); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 1 MB header: status %d, want 431", code)
	}
	deep := strings.Repeat("/a", 10000)
	if code, _, _ := raw(t, addr, get(deep, "localhost")); code < 400 || code > 499 {
		t.Errorf("a path of 10,000 segments: status %d, want a 4xx", code)
	}
	if code, _, _ := raw(t, addr, get(page, "localhost")); code != http.StatusOK {
		t.Errorf("%s after the flood: status %d", page, code)
	}
	if peakReset {
		peak := peakRSS()
		t.Logf("peak resident memory of the test process during the flood: %d MiB", peak>>20)
		if peak > 300<<20 && !raceEnabled {
			t.Errorf("peak resident memory %d MiB; want under 300 MiB", peak>>20)
		}
	}
}

// openStream opens an event stream and reads it up to its hello event;
// the rest is drained until the connection closes.
func openStream(t *testing.T, c net.Conn) {
	t.Helper()
	io.WriteString(c, "GET "+eventsPath+" HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		if line == "event: hello\n" {
			break
		}
	}
	c.SetReadDeadline(time.Time{})
	go io.Copy(io.Discard, br)
}

// resetPeakRSS resets this process's peak resident memory (Linux), and
// reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS is this process's peak resident memory in bytes (Linux's VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}
