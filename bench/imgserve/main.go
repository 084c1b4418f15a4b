// Command imgserve times save -> reload under a real `sitegen serve` for
// text edits of one page (bench/images-serve.sh runs it on a page with
// ten photos and on a page without images). It starts the given sitegen
// binary, follows /_sitegen/events, appends a sentence to the page -edits
// times and prints the p50, p95 and max of the time from each save to the
// reload event. The page is put back as it was at the end.
//
//	go run ./bench/imgserve -sitegen WORK/sitegen -site WORK/site -page content/events/photos/index.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	bin := flag.String("sitegen", "sitegen", "the sitegen binary")
	site := flag.String("site", "", "the site folder")
	page := flag.String("page", "", "the content file to edit, relative to the site folder")
	edits := flag.Int("edits", 40, "how many saves to time")
	cacheDir := flag.String("cache-dir", "", "serve's --cache-dir (warm it with a build first)")
	flag.Parse()
	if *site == "" || *page == "" {
		log.Fatal("imgserve: -site and -page are required")
	}
	file := filepath.Join(*site, *page)
	orig, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	port := freePort()
	args := []string{"serve", "--source", *site, "--port", fmt.Sprint(port)}
	if *cacheDir != "" {
		args = append(args, "--cache-dir", *cacheDir)
	}
	cmd := exec.Command(*bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	events := follow(fmt.Sprintf("127.0.0.1:%d", port))
	if e := <-events; !strings.HasPrefix(e, "hello") { // the stream answers after the first build
		log.Fatalf("imgserve: first event %q, want hello", e)
	}
	fmt.Printf("%s: serving after %v\n", *page, time.Since(start).Round(time.Millisecond))
	var lat []time.Duration
	for i := 0; i < *edits; i++ {
		text := append(slices.Clip(orig), fmt.Sprintf("\nEdit number %d of the text.\n", i)...)
		t0 := time.Now()
		if err := os.WriteFile(file, text, 0o644); err != nil {
			log.Fatal(err)
		}
		for e := range events {
			if strings.HasPrefix(e, "builderror") {
				log.Fatalf("build error: %s", e)
			}
			if strings.HasPrefix(e, "reload") {
				break
			}
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(150 * time.Millisecond) // past the watcher's debounce
	}
	slices.Sort(lat)
	q := func(f float64) time.Duration { return lat[int(f*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	fmt.Printf("%s: save -> reload over %d saves: p50 %v, p95 %v, max %v\n", *page, len(lat), q(0.5), q(0.95), lat[len(lat)-1].Round(100*time.Microsecond))
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// follow connects to the server's event stream once it listens and sends
// each event as "name data", the first being hello.
func follow(addr string) <-chan string {
	var c net.Conn
	for deadline := time.Now().Add(10 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if c, err = net.Dial("tcp", addr); err == nil {
			break
		}
		if time.Now().After(deadline) {
			log.Fatalf("imgserve: the server did not listen: %v", err)
		}
	}
	fmt.Fprintf(c, "GET /_sitegen/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	out := make(chan string, 16)
	go func() {
		defer close(out)
		r := bufio.NewReader(c)
		name := ""
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(line, "data: "); ok {
				out <- name + " " + strings.TrimSpace(v)
			}
		}
	}()
	return out
}
