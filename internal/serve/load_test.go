package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoadWhileEditing: 32 clients fetch pages for 3 s while content files
// are edited every 200 ms. No request fails, no existing page answers 404
// and no page comes back truncated.
func TestLoadWhileEditing(t *testing.T) {
	pages, clients, runFor := 200, 32, 3*time.Second
	if testing.Short() {
		pages, clients, runFor = 60, 8, time.Second
	}
	files := map[string]string{}
	for k, v := range faultTemplates {
		files[k] = v
	}
	var paths []string
	for i := 0; i < pages; i++ {
		name, body := faultPage(i%5, i/5, "v0")
		files[name] = body
		if len(paths) < 50 {
			paths = append(paths, fmt.Sprintf("/s%d/p%03d/", i%5, i/5))
		}
	}
	dir := writeSite(t, files)
	addr, events := startServe(t, dir, false)
	go func() {
		for range events {
		}
	}()
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for _, p := range paths {
		if code := status(t, client, addr, p); code != 200 {
			t.Fatalf("%s: %d before the load", p, code)
		}
	}

	stop := make(chan struct{})
	var edits sync.WaitGroup
	edits.Add(1)
	go func() { // an editor saving a page every 200 ms
		defer edits.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			name, body := faultPage(n%5, (n/5)%(pages/5), fmt.Sprintf("edit%d", n))
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
				t.Error(err)
			}
		}
	}()

	var requests, failed atomic.Int64
	var mu sync.Mutex
	problems := map[string]int{}
	problem := func(s string) {
		failed.Add(1)
		mu.Lock()
		problems[s]++
		mu.Unlock()
	}
	deadline := time.Now().Add(runFor)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline); i++ {
				p := paths[i%len(paths)]
				requests.Add(1)
				resp, err := client.Get("http://" + addr + p)
				if err != nil {
					problem(fmt.Sprintf("%s: %v", p, err))
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					problem(fmt.Sprintf("%s: reading: %v", p, err))
				case resp.StatusCode != 200:
					problem(fmt.Sprintf("%s: status %d", p, resp.StatusCode))
				case bytes.Count(body, scriptTag) != 1:
					problem(fmt.Sprintf("%s: reload script injected %d times", p, bytes.Count(body, scriptTag)))
				case !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")):
					problem(fmt.Sprintf("%s: truncated page", p))
				}
			}
		}(c)
	}
	wg.Wait()
	close(stop)
	edits.Wait()
	took := runFor.Seconds()
	t.Logf("%d requests in %.0f s (%.0f/s), %d failed", requests.Load(), took, float64(requests.Load())/took, failed.Load())
	if failed.Load() > 0 {
		var list []string
		for s, n := range problems {
			list = append(list, fmt.Sprintf("%dx %s", n, s))
		}
		sort.Strings(list)
		if len(list) > 10 {
			list = list[:10]
		}
		t.Errorf("%d of %d requests failed:\n%s", failed.Load(), requests.Load(), list)
	}
	for _, p := range paths {
		if code := status(t, client, addr, p); code != 200 {
			t.Errorf("%s: %d after the load", p, code)
		}
	}
}

func status(t *testing.T, c *http.Client, addr, p string) int {
	t.Helper()
	resp, err := c.Get("http://" + addr + p)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
