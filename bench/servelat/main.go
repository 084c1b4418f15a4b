// Command servelat measures sitegen serve as an editor meets it: the time
// from saving a content file to the reload event on /_sitegen/events, and
// the server's peak resident memory.
//
//	go run ./bench/gencorpus -pages 10000 -out /tmp/c10k
//	go run ./bench/servelat -site /tmp/c10k -edits 60
//
// The server runs in this process, so the peak memory (VmHWM) is the
// server's plus a small client. The corpus's pages are edited in place.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/memlimit"
	"github.com/sitegen/sitegen/internal/serve"
)

func main() {
	site := flag.String("site", "", "a site folder made by bench/gencorpus")
	edits := flag.Int("edits", 50, "how many saves to time")
	heap := flag.String("heapprofile", "", "write a heap profile here after the last save")
	where := flag.String("edit", "end", "where each save changes the page: end (a sentence appended), start (the first paragraph, which feeds show) or title (front matter: the model changes)")
	flag.Parse()
	if *site == "" {
		log.Fatal("servelat: -site is required")
	}
	pages, err := filepath.Glob(filepath.Join(*site, "content", "*", "page-*.md"))
	if err != nil || len(pages) == 0 {
		log.Fatalf("servelat: no pages in %s/content", *site)
	}
	sort.Strings(pages)
	defer memlimit.Start()() // as sitegen serve does
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	start := time.Now()
	go func() {
		err := serve.Run(ctx, serve.Options{Build: build.Options{Source: *site}, Bind: "127.0.0.1", Ready: ready,
			Log: os.Stderr, Out: io.Discard})
		if err != nil {
			log.Fatal(err)
		}
	}()
	addr := <-ready
	fmt.Printf("pages %d, first build and start %v\n", len(pages), time.Since(start).Round(time.Millisecond))
	events := subscribe(addr)
	r := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	for i := 0; i < *edits; i++ {
		p := pages[r.IntN(len(pages))]
		b, err := os.ReadFile(p)
		if err != nil {
			log.Fatal(err)
		}
		text := string(b) + fmt.Sprintf("\nEdit %d.\n", i)
		switch *where {
		case "start":
			text = editStart(string(b), i)
		case "title":
			text = strings.Replace(string(b), "title: \"", fmt.Sprintf("title: \"Edit%d ", i), 1)
		}
		t0 := time.Now()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			log.Fatal(err)
		}
		for e := range events {
			if strings.HasPrefix(e, "reload") {
				break
			}
			if strings.HasPrefix(e, "builderror") {
				log.Fatalf("build error: %s", e)
			}
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(100 * time.Millisecond)
	}
	if *heap != "" {
		writeHeap(*heap)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(f float64) time.Duration { return lat[int(f*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	fmt.Printf("save -> reload event over %d saves: p50 %v, p95 %v, max %v\n", len(lat), q(0.5), q(0.95), lat[len(lat)-1].Round(100*time.Microsecond))
	fmt.Printf("peak resident memory (VmHWM): %s\n", hwm())
}

// editStart puts a word at the start of the first paragraph after the
// front matter, the text that lists and feeds show as the summary.
func editStart(text string, i int) string {
	end := strings.Index(text[3:], "\n---\n")
	if end < 0 {
		log.Fatal("servelat: a page without front matter")
	}
	at := 3 + end + 5
	for at < len(text) {
		line, _, _ := strings.Cut(text[at:], "\n")
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		at += len(line) + 1
	}
	return text[:at] + fmt.Sprintf("Edit%d ", i) + text[at:]
}

func writeHeap(name string) {
	runtime.GC()
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
}

// subscribe reads /_sitegen/events and sends "name data" lines.
func subscribe(addr string) <-chan string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(c, "GET /_sitegen/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	out := make(chan string, 16)
	go func() {
		r := bufio.NewReader(c)
		name := ""
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(out)
				return
			}
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimSpace(line[7:])
			case strings.HasPrefix(line, "data: ") && name != "hello":
				out <- name + " " + strings.TrimSpace(line[6:])
			}
		}
	}()
	return out
}

func hwm() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}
