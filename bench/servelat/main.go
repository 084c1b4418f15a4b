// Command servelat measures sitegen serve as an editor meets it: the time
// from saving a file to the reload event on /_sitegen/events, and the
// server's peak resident memory.
//
//	go run ./bench/gencorpus -pages 10000 -out /tmp/c10k
//	go run ./bench/servelat -site /tmp/c10k -edits 60
//	go run ./bench/servelat -site /tmp/c10k -edit all -edits 8 -hugo
//
// -edit names one kind of save (see kinds) or "all", which times every
// kind in turn and prints a Markdown table of medians. Each kind's saves
// alternate between making an edit and undoing it, and both are timed, so
// the corpus ends as it began. -hugo times the same saves under
// `hugo server --disableFastRender` on the same corpus, by the "Total in
// N ms" line Hugo prints after each rebuild.
//
// The template kinds need a partial, a data file and a UI string that the
// term pages use: servelat adds them to the corpus (both sitegen's
// templates and Hugo's layouts) before it starts.
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
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/memlimit"
	"github.com/sitegen/sitegen/internal/serve"
)

func main() {
	site := flag.String("site", "", "a site folder made by bench/gencorpus")
	edits := flag.Int("edits", 50, "how many saves to time (of each kind)")
	heap := flag.String("heapprofile", "", "write a heap profile here after the last save")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the saves (not the first build) here")
	where := flag.String("edit", "end", "the kind of save: "+strings.Join(kindNames(), ", ")+", a comma-separated list of them, or all")
	withHugo := flag.Bool("hugo", false, "also time the same saves under hugo server --disableFastRender")
	summaries := flag.Bool("summaries", false, "print serve's line after each build (the builder's own time) on stderr")
	cpuTime := flag.Bool("cputime", false, "also print the process's CPU time (user and system) a save, for each kind, on stderr: firmer than the latency on a busy machine")
	share := flag.Bool("share", false, "also print, for each kind, the p50 of each save's latency less the builder's own time (serve's summary line, whole ms): the watcher's settling, putting the files in place and the event, on stderr")
	memFactor := flag.Int64("memfactor", memlimit.ServeFactor, "the memory policy's factor in quarters (internal/memlimit: 6 for serve, 9 for a build)")
	flag.Parse()
	if *site == "" {
		log.Fatal("servelat: -site is required")
	}
	c, err := newCorpus(*site)
	if err != nil {
		log.Fatal(err)
	}
	ks, err := pickKinds(*where)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.prepare(); err != nil {
		log.Fatal(err)
	}
	defer memlimit.StartWith(*memFactor)() // as sitegen serve does
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan struct{})
	var out io.Writer = io.Discard
	if *summaries {
		out = os.Stderr
	}
	shares := map[string][]time.Duration{}
	if *share {
		bt := &builderTime{w: out}
		out = bt
		c.saved = func(series string, d time.Duration) { shares[series] = append(shares[series], d-bt.last()) }
	}
	start := time.Now()
	go func() {
		defer close(done)
		err := serve.Run(ctx, serve.Options{Build: build.Options{Source: *site, LinksWarn: true}, Bind: "127.0.0.1", Ready: ready,
			Log: os.Stderr, Out: out})
		if err != nil {
			log.Fatal(err)
		}
	}()
	addr := <-ready
	fmt.Printf("pages %d, first build and start %v\n", len(c.pages), time.Since(start).Round(time.Millisecond))
	events := subscribe(addr)
	wait := func() error {
		for e := range events {
			if strings.HasPrefix(e, "reload") {
				return nil
			}
			if strings.HasPrefix(e, "builderror") {
				return fmt.Errorf("build error: %s", e)
			}
		}
		return fmt.Errorf("the event stream ended")
	}
	results := map[string][]time.Duration{}
	stopCPU := startCPU(*cpu)
	for _, k := range ks {
		before, saved := cpuUsed(), saves(results)
		if err := c.run(k, *edits, wait, results); err != nil {
			log.Fatal(err)
		}
		if *cpuTime {
			n := saves(results) - saved
			fmt.Fprintf(os.Stderr, "cpu %s: %v a save over %d saves\n", k.name, ((cpuUsed() - before) / time.Duration(n)).Round(time.Millisecond), n)
		}
		printShares(shares)
	}
	stopCPU()
	if *heap != "" {
		writeHeap(*heap)
	}
	peak := hwm()
	cancel()
	<-done
	var hugo map[string][]time.Duration
	hugoPeak := ""
	if *withHugo {
		hugo, hugoPeak, err = runHugo(c, ks, *edits)
		if err != nil {
			log.Fatal(err)
		}
	}
	if len(ks) == 1 && !*withHugo {
		lat := results[ks[0].name]
		fmt.Printf("save -> reload event over %d saves: p50 %v, p95 %v, max %v\n", len(lat), quantile(lat, 0.5), quantile(lat, 0.95), quantile(lat, 1))
		fmt.Printf("peak resident memory (VmHWM): %s\n", peak)
		return
	}
	table(os.Stdout, len(c.pages), ks, results, peak, hugo, hugoPeak)
}

// quantile is the q-quantile of the durations, rounded to 0.1 ms.
func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(q*float64(len(s)-1)+0.5)].Round(100 * time.Microsecond)
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

// startCPU profiles the CPU into name, if given, until the returned
// function is called.
func startCPU(name string) func() {
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
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

func hwm() string { return procHWM(os.Getpid()) }

// saves counts the saves timed.
func saves(results map[string][]time.Duration) int {
	n := 0
	for _, r := range results {
		n += len(r)
	}
	return n
}

// cpuUsed is the CPU time this process (the server and its client) has
// used so far.
func cpuUsed() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		log.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
