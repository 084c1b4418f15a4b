// Command searchbench runs a query set against sitegen's search page and
// Pagefind's JavaScript API on the same built site, in headless Chromium,
// and prints per language recall@10, mean reciprocal rank, bytes
// downloaded per query and time to first results.
//
//	go run ./bench/search -site OUT -queries queries.json
//
// OUT is a site built from `gencorpus -translate N` with Pagefind's index
// in OUT/pagefind (bench/search/run.sh does all of it). The site is served
// on 127.0.0.1 with every file gzipped once before the queries, as a static
// host serves files compressed ahead (-gzip-on-the-fly: each response as it
// is sent), and with no caching, so each query starts cold: bytes per query
// are the compressed bytes of every request after the page itself (the
// search script, the index files, the result data). Time to first results
// runs from the query's input event (sitegen) or search call (Pagefind) to
// the results' titles and excerpts being there; -phases prints each
// query's requests from the browser's resource timing (when each was asked
// for, its first byte and its last) and the script's time before the first
// request and after the last byte.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// Query is a line of gencorpus's queries.json.
type Query struct {
	Lang    string   `json:"lang"`
	Query   string   `json:"query"`
	Kind    string   `json:"kind"`
	Answers []string `json:"answers"`
}

// run is one query's outcome on one engine.
type run struct {
	urls  []string
	ms    float64 // to the first result
	all   float64 // to the last
	bytes int64
	reqs  []request
}

// request is a request the query made, from the browser's resource
// timing: its path and, in ms since the clock started, when it was
// asked for, when its first byte and its last came.
type request struct {
	Path                   string
	Start, FirstByte, Done float64
}

func (r *request) UnmarshalJSON(b []byte) error {
	var a []any
	if err := json.Unmarshal(b, &a); err != nil || len(a) != 4 {
		return fmt.Errorf("request %s: %v", b, err)
	}
	r.Path, _ = a[0].(string)
	r.Start, _ = a[1].(float64)
	r.FirstByte, _ = a[2].(float64)
	r.Done, _ = a[3].(float64)
	return nil
}

// printPhases prints where a query's time went: each request's start, its
// wait for the first byte and its end, and the script's time before the
// first request and from the last response before the first result to
// that result (the gaps between requests are the script's work too).
func printPhases(r run) {
	sort.Slice(r.reqs, func(i, j int) bool { return r.reqs[i].Start < r.reqs[j].Start })
	last := 0.0
	for _, q := range r.reqs {
		if strings.HasPrefix(q.Path, "mark ") {
			fmt.Printf("    %-28s at    %6.1f\n", q.Path, q.Start)
			continue
		}
		fmt.Printf("    %-28s start %6.1f  first byte %6.1f  done %6.1f  (%5.1f ms)\n", q.Path, q.Start, q.FirstByte, q.Done, q.Done-q.Start)
		if q.Done <= r.ms {
			last = max(last, q.Done)
		}
	}
	if len(r.reqs) > 0 {
		fmt.Printf("    %d requests; script before the first %.1f ms; first result %.1f ms after the last response before it\n", len(r.reqs), r.reqs[0].Start, r.ms-last)
	}
}

func main() {
	site := flag.String("site", "", "built site with pagefind/ inside (required)")
	queries := flag.String("queries", "", "queries.json of gencorpus -translate (required)")
	engines := flag.String("engines", "sitegen,pagefind", "engines to run")
	verbose := flag.Bool("v", false, "print every query's outcome")
	phases := flag.Bool("phases", false, "print every query's requests, from the browser's resource timing (implies -v)")
	onTheFly := flag.Bool("gzip-on-the-fly", false, "gzip each response as it is sent, instead of once per file before the queries")
	script := flag.String("script", "", "serve this file as search/search.js instead of the site's (to compare two versions on the same index)")
	flag.Parse()
	if *site == "" || *queries == "" {
		fmt.Fprintln(os.Stderr, "usage: searchbench -site DIR -queries FILE [-engines sitegen,pagefind] [-v] [-phases] [-gzip-on-the-fly]")
		os.Exit(2)
	}
	if *script != "" && *onTheFly {
		fmt.Fprintln(os.Stderr, "searchbench: -script needs the files gzipped ahead")
		os.Exit(2)
	}
	o := options{verbose: *verbose || *phases, phases: *phases, onTheFly: *onTheFly, script: *script}
	if err := bench(*site, *queries, strings.Split(*engines, ","), o); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

type options struct {
	verbose, phases, onTheFly bool
	script                    string
}

func bench(site, queryFile string, engines []string, o options) error {
	var qs []Query
	data, err := os.ReadFile(queryFile)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &qs); err != nil {
		return fmt.Errorf("%s: %w", queryFile, err)
	}
	srv := &server{root: site}
	if !o.onTheFly {
		if err := srv.compressAll(); err != nil {
			return err
		}
		if o.script != "" {
			gz, err := gzipFile(o.script)
			if err != nil {
				return err
			}
			srv.ahead["/search/search.js"] = gz
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, srv)
	base := "http://" + ln.Addr().String()
	ctx, cancel, err := browser()
	if err != nil {
		return err
	}
	defer cancel()
	results := map[string]map[string][]score{} // engine -> lang -> scores
	for _, e := range engines {
		results[e] = map[string][]score{}
		for _, q := range qs {
			r, err := query(ctx, srv, base, e, q)
			if err != nil {
				return fmt.Errorf("%s %s %q: %w", e, q.Lang, q.Query, err)
			}
			s := grade(q, r)
			if o.verbose {
				fmt.Printf("%-8s %s %-34q recall %.2f rr %.2f %6.1f KB %6.1f ms (all %6.1f) %v\n", e, q.Lang, q.Query, s.recall, s.rr, float64(r.bytes)/1024, r.ms, r.all, r.urls)
			}
			if o.phases {
				printPhases(r)
			}
			results[e][q.Lang] = append(results[e][q.Lang], s)
		}
	}
	report(site, engines, results)
	return nil
}

// timings is a script expression for the requests since t0, from the
// browser's resource timing, and the performance marks a script under
// test may set (as "mark NAME", at its time), for -phases.
const timings = `[...performance.getEntriesByType("resource")].filter((e) => e.startTime >= t0).map((e) => [new URL(e.name).pathname, e.startTime - t0, e.responseStart - t0, e.responseEnd - t0])
    .concat(performance.getEntriesByType("mark").filter((e) => e.startTime >= t0).map((e) => ["mark " + e.name, e.startTime - t0, e.startTime - t0, e.startTime - t0]))`

// query runs one query on one engine in a fresh page load.
func query(ctx context.Context, srv *server, base, engine string, q Query) (run, error) {
	prefix := ""
	if q.Lang != "en" {
		prefix = "/" + q.Lang
	}
	qjs, _ := json.Marshal(q.Query)
	var page, expr string
	switch engine {
	case "sitegen":
		page = base + prefix + "/search/"
		// As a reader does: turn to the box (the built-in box loads its
		// script on focus, and the script asks for meta.json as it loads),
		// then type; the clock starts at the input event.
		expr = `new Promise(async (done) => {
  const list = document.querySelector("ol[data-search-results]"), st = document.querySelector("[data-search-status]");
  const input = document.querySelector("form[role=search] input[name=q]");
  input.focus();
  input.dispatchEvent(new FocusEvent("focus")); // a page without the window's focus gets no focus event
  for (let i = 0; i < 500 && !performance.getEntriesByType("resource").some((e) => e.name.endsWith("/meta.json") && e.responseEnd > 0); i++)
    await new Promise((r) => setTimeout(r, 10));
  // The clock stops at the first result (the script shows each as it
  // comes, best first); the ranking is read when the list is no longer
  // aria-busy.
  let t0, ms;
  const check = () => {
    if (ms === undefined && (list.querySelector("li") || st.textContent)) ms = performance.now() - t0;
    if (ms !== undefined && !list.hasAttribute("aria-busy"))
      done({ ms, all: performance.now() - t0, urls: [...list.querySelectorAll("li > a")].map((a) => a.getAttribute("href")), reqs: ` + timings + ` });
  };
  new MutationObserver(check).observe(list.parentNode, { childList: true, characterData: true, subtree: true, attributes: true });
  t0 = performance.now();
  input.value = ` + string(qjs) + `;
  input.dispatchEvent(new Event("input"));
})`
	case "pagefind":
		page = base + "/pagefind-bench/" + q.Lang + ".html"
		expr = `(async () => {
  while (!window.pagefindReady) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  const s = await window.pagefind.search(` + string(qjs) + `);
  const top = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  const ms = performance.now() - t0;
  return { ms, all: ms, urls: top.map((d) => d.url), reqs: ` + timings + ` };
})()`
	default:
		return run{}, fmt.Errorf("unknown engine %q", engine)
	}
	srv.reset()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		return run{}, err
	}
	var out struct {
		MS   float64   `json:"ms"`
		All  float64   `json:"all"`
		URLs []string  `json:"urls"`
		Reqs []request `json:"reqs"`
	}
	ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ectx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return run{}, err
	}
	if err := json.Unmarshal(v, &out); err != nil {
		return run{}, err
	}
	// Everything but the page itself: the script it loaded, the index, the
	// results' data.
	return run{urls: out.URLs, ms: out.MS, all: out.All, bytes: srv.total(strings.TrimPrefix(page, base)), reqs: out.Reqs}, nil
}

// score is a query's recall@10 and reciprocal rank.
type score struct{ recall, rr, kb, ms, all float64 }

func grade(q Query, r run) score {
	want := map[string]bool{}
	for _, a := range q.Answers {
		want[a] = true
	}
	s := score{kb: float64(r.bytes) / 1024, ms: r.ms, all: r.all}
	hit := 0
	for i, u := range r.urls {
		u = strings.TrimSuffix(u, "index.html")
		if want[u] {
			hit++
			if s.rr == 0 {
				s.rr = 1 / float64(i+1)
			}
		}
	}
	s.recall = float64(hit) / float64(len(q.Answers))
	return s
}

func report(site string, engines []string, res map[string]map[string][]score) {
	fmt.Println("| language | engine | recall@10 | MRR | KB/query (gzip, mean / max) | first results ms (median / max) | all results ms (median) |")
	fmt.Println("|---|---|--:|--:|--:|--:|--:|")
	for _, lang := range []string{"zh", "ru", "en"} {
		for _, e := range engines {
			ss := res[e][lang]
			if len(ss) == 0 {
				continue
			}
			var rec, rr, kb, maxKB float64
			var ms, all []float64
			for _, s := range ss {
				rec, rr, kb = rec+s.recall, rr+s.rr, kb+s.kb
				maxKB = max(maxKB, s.kb)
				ms, all = append(ms, s.ms), append(all, s.all)
			}
			sort.Float64s(ms)
			sort.Float64s(all)
			n := float64(len(ss))
			fmt.Printf("| %s | %s | %.2f | %.2f | %.1f / %.1f | %.0f / %.0f | %.0f |\n", lang, e, rec/n, rr/n, kb/n, maxKB, ms[len(ms)/2], ms[len(ms)-1], all[len(all)/2])
		}
	}
	fmt.Println()
	for _, dir := range []string{"search", "pagefind"} {
		n, files := du(filepath.Join(site, dir))
		fmt.Printf("index on disk: %s/ %.1f MB in %d files\n", dir, float64(n)/(1<<20), files)
	}
}

func du(dir string) (int64, int) {
	var n int64
	files := 0
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
			files++
		}
		return nil
	})
	return n, files
}

// server serves the site gzipped, uncached, counting the bytes it sends
// per path. With ahead set it gzips every file once, before the first
// query, and serves those bytes, as a static host serves files compressed
// ahead; otherwise it gzips each response as it sends it.
type server struct {
	root  string
	ahead map[string][]byte // by URL path; nil: gzip on the fly
	mu    sync.Mutex
	sent  map[string]int64
}

// compressAll gzips every file under root (level 6, as gzip -6), on
// every core.
func (s *server) compressAll() error {
	var paths []string
	err := filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	gz := make([][]byte, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n { // worker w takes every n-th file from the w-th
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(paths); i += n {
				gz[i], errs[i] = gzipFile(paths[i])
			}
		}()
	}
	wg.Wait()
	s.ahead = make(map[string][]byte, len(paths))
	for i, p := range paths {
		if errs[i] != nil {
			return errs[i]
		}
		rel, _ := filepath.Rel(s.root, p)
		s.ahead["/"+filepath.ToSlash(rel)] = gz[i]
	}
	return nil
}

func gzipFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes(), nil
}

func (s *server) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = map[string]int64{}
}

// total is the bytes sent since reset, but for the page's own.
func (s *server) total(page string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for path, b := range s.sent {
		if path != page {
			n += b
		}
	}
	return n
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var n int64
	if s.ahead != nil {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		gz, ok := s.ahead[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(len(gz)))
		w.Write(gz)
		n = int64(len(gz))
	} else {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Del("Content-Length")
		c := &counter{w: w}
		zw := gzip.NewWriter(c)
		http.FileServer(http.Dir(s.root)).ServeHTTP(gzipWriter{w, zw}, r)
		zw.Close()
		n = c.n
	}
	s.mu.Lock()
	if s.sent != nil {
		s.sent[r.URL.Path] += n
	}
	s.mu.Unlock()
}

type gzipWriter struct {
	http.ResponseWriter
	zw *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.zw.Write(b) }

// WriteHeader drops the length the file server sets: the body is gzipped.
func (g gzipWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return c.w.Write(b)
}

func browser() (context.Context, context.CancelFunc, error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, nil, fmt.Errorf("no chromium on PATH: %w", err)
	}
	dir, err := os.MkdirTemp("", "searchbench")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	return ctx, func() { cancelC(); cancelA(); os.RemoveAll(dir) }, nil
}
