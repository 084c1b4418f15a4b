package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/source"

	"github.com/sitegen/sitegen/internal/diag"
)

// hostileBase is the site every hostile case starts from; a case adds or
// replaces files.
var hostileBase = map[string]string{
	"sitegen.toml":           "baseURL = \"https://example.org/\"\ntitle = \"Hostile\"\n",
	"content/_index.md":      "---\ntitle: Home\n---\nHome.\n",
	"templates/home.html":    "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
	"templates/page.html":    "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
	"templates/section.html": "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>\n",
}

const (
	// hostileCPU bounds the processor time a hostile build may take: it
	// catches work that grows out of bounds (a quadratic loop, a runaway
	// recursion). It is CPU time, not wall time, so that a busy machine,
	// which makes a build wait but not work more, does not fail it.
	hostileCPU    = 20 * time.Second
	hostileMemory = 1 << 30
)

type hostileCase struct {
	name  string
	files map[string]string
	// setup runs after the files are written, with the site folder and a
	// folder outside it.
	setup func(t *testing.T, src, outside string)
	// want are substrings of the error; nil means the build must succeed.
	want []string
	// warn are substrings the build log must hold.
	warn []string
	// check looks at a successful build's output.
	check func(t *testing.T, out map[string][]byte)
}

func TestHostileInputs(t *testing.T) {
	// Prose with some markup in every paragraph. (Markup as dense as a
	// link every 20 bytes costs goldmark about 60 bytes of syntax tree per
	// byte of text: 50 MB of that needs some 3 GiB.)
	big := "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
		"Ut enim ad minim veniam, quis nostrud [exercitation](https://example.org/x) ullamco laboris nisi ut aliquip ex ea `commodo` consequat. " +
		"Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.\n\n"
	bigSize := 50 << 20
	cases := []hostileCase{
		{name: "latin1", files: map[string]string{"content/a.md": "---\ntitle: Caf\xe9\n---\nbody\n"},
			want: []string{"content/a.md:2: file is not valid UTF-8"}},
		{name: "latin1 body", files: map[string]string{"content/a.md": "---\ntitle: A\n---\n\nline\nna\xefve\n"},
			want: []string{"content/a.md:6: file is not valid UTF-8"}},
		{name: "utf16 le bom", files: map[string]string{"content/a.md": utf16("---\ntitle: A\n---\nbody\n", false)},
			want: []string{"content/a.md:1: file is UTF-16"}},
		{name: "utf16 be bom", files: map[string]string{"content/a.md": utf16("---\ntitle: A\n---\nbody\n", true)},
			want: []string{"content/a.md:1: file is UTF-16"}},
		{name: "utf8 bom", files: map[string]string{"content/a.md": "\xef\xbb\xbf---\ntitle: Bommed\n---\nbody\n"},
			check: func(t *testing.T, out map[string][]byte) { mustContain(t, out, "a/index.html", "<h1>Bommed</h1>") }},
		{name: "yaml billion laughs", files: map[string]string{"content/a.md": "---\n" + billionLaughs() + "---\nbody\n"},
			want: []string{"content/a.md:", "alias"}},
		{name: "yaml duplicate key", files: map[string]string{"content/a.md": "---\ntitle: A\ndate: 2020-01-01\ntitle: B\n---\n"},
			want: []string{"content/a.md:4:", "title"}},
		{name: "toml duplicate key", files: map[string]string{"content/a.md": "+++\ntitle = \"A\"\ndate = 2020-01-01\ntitle = \"B\"\n+++\n"},
			want: []string{"content/a.md:4:", "title"}},
		{name: "front matter never closes", files: map[string]string{"content/a.md": "---\ntitle: A\n\n# Body\n" + strings.Repeat("text\n", 1000)},
			want: []string{"content/a.md:1: front matter opened with --- is never closed"}},
		{name: "nul byte", files: map[string]string{"content/a.md": "---\ntitle: A\n---\nok\nbad\x00byte\n"},
			want: []string{"content/a.md:5: file contains a NUL byte"}},
		{name: "nul in config", files: map[string]string{"sitegen.toml": "baseURL = \"https://example.org/\"\ntitle = \"a\x00b\"\n"},
			want: []string{"sitegen.toml:"}},
		// A 50 MB page is refused, by its size, before it is read; one
		// just under the limit, densely marked up, builds.
		{name: "50 MB page", setup: func(t *testing.T, src, _ string) {
			write(t, filepath.Join(src, "content/big.md"), bigPage(bigSize, big))
		}, want: []string{"content/big.md:1: the file is 50 MiB", "split it"}},
		{name: "page at the size limit", setup: func(t *testing.T, src, _ string) {
			write(t, filepath.Join(src, "content/big.md"), bigPage(int(source.MaxFileSize)-1024, strings.Repeat("*a* [b](https://example.org/) `d` ", 8)))
		}, check: func(t *testing.T, out map[string][]byte) {
			if n := len(out["big/index.html"]); n < int(source.MaxFileSize)/2 {
				t.Errorf("big page is %d bytes", n)
			}
		}},
		{name: "10000 nested block quotes", files: map[string]string{"content/a.md": strings.Repeat(">", 10000) + " deep\n"}},
		{name: "10000 nested block quotes spaced", files: map[string]string{"content/a.md": strings.Repeat("> ", 10000) + "deep\n"}},
		// Each level indented two more columns: goldmark's cost is cubic
		// in the depth, so the page is refused at the line where the
		// indentation bound is passed.
		// 2,500 levels stay under the file size limit (5,000 do not, and
		// are refused for their size), so the indentation bound acts.
		{name: "2500 nested lists", files: map[string]string{"content/a.md": nestedList(2500)},
			want: []string{"content/a.md:", "indented too deeply"}},
		{name: "5000 nested lists", files: map[string]string{"content/a.md": nestedList(5000)},
			want: []string{"content/a.md:1:", "split it"}},
		{name: "200 nested lists", files: map[string]string{"content/a.md": nestedList(200)}},
		{name: "5000 nested ordered lists", files: map[string]string{"content/a.md": nestedOrdered(5000)}},
		{name: "10000 stars", files: map[string]string{"content/a.md": strings.Repeat("*", 10000) + "a" + strings.Repeat("*", 10000) + "\n"}},
		{name: "10000 unmatched stars", files: map[string]string{"content/a.md": strings.Repeat("*a ", 10000) + "\n"}},
		{name: "10000 underscores and brackets", files: map[string]string{"content/a.md": strings.Repeat("_[", 10000) + "x" + strings.Repeat("]_", 10000) + "\n"}},
		{name: "10000 nested links", files: map[string]string{"content/a.md": strings.Repeat("[", 10000) + "x" + strings.Repeat("](https://example.org/)", 10000) + "\n"}},
		{name: "5000 equal headings", files: map[string]string{"content/a.md": strings.Repeat("## Same\n\n", 5000)},
			check: func(t *testing.T, out map[string][]byte) { uniqueIDs(t, out["a/index.html"], 5000) }},
		{name: "50000 links", setup: func(t *testing.T, src, _ string) {
			var b strings.Builder
			b.WriteString("---\ntitle: Links\n---\n")
			for i := 0; i < 50000; i++ {
				switch i % 4 {
				case 0:
					fmt.Fprintf(&b, "[internal %d](b.md)\n", i)
				case 1:
					fmt.Fprintf(&b, "[anchor %d](b.md#part)\n", i)
				case 2:
					fmt.Fprintf(&b, "[external %d](https://example.org/%d)\n", i, i)
				default:
					fmt.Fprintf(&b, "[home %d](/)\n", i)
				}
			}
			write(t, filepath.Join(src, "content/links.md"), b.String())
			write(t, filepath.Join(src, "content/b.md"), "---\ntitle: B\n---\n## Part\n")
		}, check: func(t *testing.T, out map[string][]byte) {
			if n := bytes.Count(out["links/index.html"], []byte("<a href=")); n != 50000 {
				t.Errorf("%d links written", n)
			}
		}},
		{name: "symlink loop", setup: func(t *testing.T, src, _ string) {
			symlink(t, "..", filepath.Join(src, "content/loop"))
			symlink(t, ".", filepath.Join(src, "content/self"))
		}, warn: []string{"content/loop: symbolic link not followed", "content/self: symbolic link not followed"}},
		{name: "symlinks outside", setup: func(t *testing.T, src, outside string) {
			write(t, filepath.Join(outside, "secret.md"), "---\ntitle: SECRET-PAGE\n---\nSECRET-BODY\n")
			write(t, filepath.Join(outside, "secret.txt"), "SECRET-BODY\n")
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(src, "content/secret.md"))
			symlink(t, outside, filepath.Join(src, "content/outdir"))
			symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(src, "static/secret.txt"))
			symlink(t, outside, filepath.Join(src, "static/outdir"))
			symlink(t, "../../"+filepath.Base(outside), filepath.Join(src, "static/reldir"))
		}, warn: []string{"content/secret.md: symbolic link not followed", "content/outdir: symbolic link not followed",
			"static/secret.txt: symbolic link not copied", "static/outdir: symbolic link not copied"},
			check: func(t *testing.T, out map[string][]byte) {
				for name, data := range out {
					if bytes.Contains(data, []byte("SECRET-")) {
						t.Errorf("%s holds the outside file's text", name)
					}
				}
			}},
		{name: "unicode file names", files: map[string]string{
			"content/_index.md":                "---\ntitle: Home\n---\n[a](<My Page.md>) [b](<新闻/快速 支付.md>) [c](<Новости/Итоги встречи.md>) [d](My%20Page.md)\n",
			"content/My Page.md":               "---\ntitle: Spaced\n---\nback [home](_index.md)\n",
			"content/新闻/_index.md":             "---\ntitle: 新闻\n---\n",
			"content/新闻/快速 支付.md":              "---\ntitle: 快速支付\n---\n[r](<../Новости/Итоги встречи.md>)\n",
			"content/Новости/_index.md":        "---\ntitle: Новости\n---\n",
			"content/Новости/Итоги встречи.md": "---\ntitle: Итоги\n---\n[s](<../My Page.md>)\n",
			"content/Новости/Фото Встречи.png": "png",
		}, check: func(t *testing.T, out map[string][]byte) {
			for _, f := range []string{"my-page/index.html", "新闻/快速-支付/index.html", "новости/итоги-встречи/index.html"} {
				if _, ok := out[f]; !ok {
					t.Errorf("%s not written; have %v", f, slices.Sorted(maps.Keys(out)))
				}
			}
			for name := range out {
				if strings.ContainsAny(strings.TrimSuffix(name, ".png"), " ABCDEFGHIJKLMNOPQRSTUVWXYZ") && !strings.HasSuffix(name, ".png") {
					t.Errorf("output path %q is not urlized", name)
				}
			}
			home := string(out["index.html"])
			for _, u := range []string{"/my-page/", "新闻/快速-支付/", "/итоги-встречи/"} {
				if !strings.Contains(home, u) && !strings.Contains(home, pathEscape(u)) {
					t.Errorf("home does not link to %s:\n%s", u, home)
				}
			}
		}},
		{name: "same URL", files: map[string]string{
			"content/a.md": "---\nurl: /same/\n---\n", "content/b.md": "---\nslug: same\n---\n"},
			want: []string{"content/a.md", "content/b.md", "/same/"}},
		{name: "partial includes itself", files: map[string]string{
			"templates/home.html": "{{ partial \"self.html\" . }}", "templates/partials/self.html": "x\n{{ partial \"self.html\" . }}"},
			want: []string{"templates/partials/self.html:2:", "includes itself"}},
		{name: "missing partial", files: map[string]string{"templates/home.html": "<html>\n{{ partial \"nope.html\" . }}\n</html>"},
			want: []string{"templates/home.html:2:", "nope.html"}},
		{name: "broken config", files: map[string]string{"sitegen.toml": "baseURL = \"https://example.org/\"\ntitle = \"x\n[params\n"},
			want: []string{"sitegen.toml:2"}},
		{name: "config is a folder", setup: func(t *testing.T, src, _ string) {
			os.Remove(filepath.Join(src, "sitegen.toml"))
			os.Mkdir(filepath.Join(src, "sitegen.toml"), 0o755)
		}, want: []string{"sitegen.toml"}},
		{name: "template parse error", files: map[string]string{"templates/page.html": "ok\n{{ .Title "},
			want: []string{"templates/page.html:2"}},
		{name: "deep yaml nesting", files: map[string]string{"content/a.md": "---\nx: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n"},
			want: []string{"content/a.md:"}},
		{name: "deep toml nesting", files: map[string]string{"content/a.md": "+++\nx = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n+++\n"},
			want: []string{"content/a.md:2:"}},
		// Shortcodes: 30,000 calls of both kinds in one page (a third alone
		// in their paragraphs), and nesting
		// past the limit, which is an error at the call's line.
		{name: "30000 shortcode calls", files: map[string]string{
			"templates/shortcodes/b.html": "<b>{{ .Get 0 }}</b>",
			"templates/shortcodes/m.html": "<div>\n\n{{ .Inner }}\n\n</div>",
			"content/a.md":                strings.Repeat("Text {{< b x >}} and {{% m %}}*y*{{% /m %}}\n\n{{< b z >}}\n\n", 10000),
		}, check: func(t *testing.T, out map[string][]byte) {
			if n := bytes.Count(out["a/index.html"], []byte("\n<b>z</b>\n")); n != 10000 {
				t.Errorf("%d calls alone in the output", n)
			}
			if n := bytes.Count(out["a/index.html"], []byte("<b>x</b>")); n != 10000 {
				t.Errorf("%d calls in the output", n)
			}
		}},
		{name: "shortcodes nested 10000 deep", files: map[string]string{
			"templates/shortcodes/m.html": "{{ .Inner }}",
			"content/a.md":                "---\ntitle: A\n---\n" + strings.Repeat("{{% m %}}\n", 10000) + strings.Repeat("{{% /m %}}\n", 10000),
		}, want: []string{"content/a.md:36: shortcodes nested more than 32 deep"}},
		{name: "5000 nested lists, lazy lines", files: map[string]string{"content/a.md": strings.Repeat("- ", 5000) + "x\n" + strings.Repeat("lazy line\n", 50000)}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			runHostile(t, tc)
		})
	}
}

func runHostile(t *testing.T, tc hostileCase) {
	src, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	src = filepath.Join(src, "site")
	outside := t.TempDir()
	files := map[string]string{}
	for k, v := range hostileBase {
		files[k] = v
	}
	for k, v := range tc.files {
		files[k] = v
	}
	for name, body := range files {
		write(t, filepath.Join(src, filepath.FromSlash(name)), body)
	}
	os.MkdirAll(filepath.Join(src, "static"), 0o755)
	if tc.setup != nil {
		tc.setup(t, src, outside)
	}
	before := hashTree(t, src)
	dest := filepath.Join(t.TempDir(), "public")
	var log bytes.Buffer

	runtime.GC()
	resetPeak()
	rssBefore := procStatus("VmRSS")
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start, cpu0 := time.Now(), cpuTime()
	_, err = Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Log: &log})
	took := time.Since(start)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&m1)
	peak := procStatus("VmHWM")
	t.Logf("%v (CPU %v), allocated %d MiB, heap sys %d MiB, peak RSS %d MiB (before %d MiB)",
		took.Round(time.Millisecond), cpu.Round(time.Millisecond), (m1.TotalAlloc-m0.TotalAlloc)>>20, m1.HeapSys>>20, peak>>20, rssBefore>>20)

	if cpu > hostileCPU {
		t.Errorf("build took %v of CPU time, over %v", cpu, hostileCPU)
	}
	if peak > rssBefore && peak-rssBefore > hostileMemory {
		t.Errorf("peak RSS grew by %d MiB, over 1 GiB", (peak-rssBefore)>>20)
	} else if peak == 0 && m1.HeapSys > hostileMemory {
		t.Errorf("heap reached %d MiB, over 1 GiB", m1.HeapSys>>20)
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, s := range []string{msg, log.String()} {
		if strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
			t.Errorf("a panic reached the user:\n%s", s)
		}
	}
	if after := hashTree(t, src); after != before {
		t.Errorf("the build changed the site folder")
	}
	for _, w := range tc.warn {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, log.String())
		}
	}
	if tc.want == nil {
		if err != nil {
			if len(msg) > 2000 {
				msg = msg[:2000]
			}
			t.Fatalf("build failed: %s", msg)
		}
		out := readTree(t, dest)
		if tc.check != nil {
			tc.check(t, out)
		}
		return
	}
	if err == nil {
		t.Fatalf("build succeeded, want an error with %q", tc.want)
	}
	for _, w := range tc.want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%.2000s", w, msg)
		}
	}
	for _, p := range diag.Positions(err) {
		if p.File == "" {
			t.Errorf("error without a file: %v", p)
		}
	}
	if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed build left %s (%v)", dest, err)
	}
}

// equalHeadingsSite writes a site whose one page has n equal headings.
func equalHeadingsSite(tb testing.TB, n int) string {
	tb.Helper()
	src := tb.TempDir()
	for k, v := range hostileBase {
		write(tb, filepath.Join(src, k), v)
	}
	write(tb, filepath.Join(src, "content/a.md"), strings.Repeat("## Same\n\nText.\n\n", n))
	return src
}

// TestEqualHeadingsLinear: giving n equal headings unique ids costs work
// that grows linearly, not quadratically. It counts allocations rather than
// timing the build, so a busy machine cannot fail it: a uniquifier that
// tries "same-1", "same-2", ... in turn makes a string per try, n²/2 in
// all. The time itself is BenchmarkEqualHeadings'.
func TestEqualHeadingsLinear(t *testing.T) {
	mallocs := func(n int) uint64 {
		src := equalHeadingsSite(t, n)
		best := uint64(1<<64 - 1)
		for i := 0; i < 3; i++ {
			dest := filepath.Join(t.TempDir(), "p")
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow}); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&m1)
			best = min(best, m1.Mallocs-m0.Mallocs)
			if i == 0 {
				b, err := os.ReadFile(filepath.Join(dest, "a/index.html"))
				if err != nil {
					t.Fatal(err)
				}
				uniqueIDs(t, b, n)
			}
		}
		return best
	}
	m2500, m10000 := mallocs(2500), mallocs(10000)
	t.Logf("allocations: 2,500 headings: %d, 10,000: %d", m2500, m10000)
	// Linear growth gives a ratio of at most 4 (less with the build's fixed
	// cost); quadratic gives about 16.
	if r := float64(m10000) / float64(m2500); r > 5 {
		t.Errorf("10,000 headings made %.1f times the allocations of 2,500: not linear", r)
	}
}

var headingIDAttr = regexp.MustCompile(`<h[1-6] id="([^"]*)"`)

func uniqueIDs(t *testing.T, page []byte, want int) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range headingIDAttr.FindAllSubmatch(page, -1) {
		id := string(m[1])
		if seen[id] {
			t.Fatalf("duplicate heading id %q", id)
		}
		seen[id] = true
	}
	if len(seen) != want {
		t.Errorf("%d heading ids, want %d", len(seen), want)
	}
}

func mustContain(t *testing.T, out map[string][]byte, file, s string) {
	t.Helper()
	if !bytes.Contains(out[file], []byte(s)) {
		t.Errorf("%s lacks %q:\n%s", file, s, out[file])
	}
}

func write(t testing.TB, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// bigPage is a page of about size bytes made of headings, lists, quotes
// and paragraphs of text.
func bigPage(size int, text string) string {
	var b bytes.Buffer
	b.WriteString("---\ntitle: Big\n---\n")
	for i := 0; b.Len() < size-200; i++ {
		if i%20 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n- one\n- two\n\n> quoted\n\n", i/20)
		}
		fmt.Fprintf(&b, "Paragraph %d. %s\n\n", i, text)
	}
	return b.String()
}

func utf16(s string, bigEndian bool) string {
	var b []byte
	if bigEndian {
		b = append(b, 0xfe, 0xff)
	} else {
		b = append(b, 0xff, 0xfe)
	}
	for _, r := range s { // ASCII only
		if bigEndian {
			b = append(b, 0, byte(r))
		} else {
			b = append(b, byte(r), 0)
		}
	}
	return string(b)
}

func billionLaughs() string {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&b, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = name
	}
	return b.String()
}

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- item ")
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\n')
	}
	return b.String()
}

func nestedOrdered(n int) string {
	return strings.Repeat("1. ", n) + "deep\n"
}

func pathEscape(u string) string {
	var b strings.Builder
	for _, c := range []byte(u) {
		if c >= 0x80 || c == ' ' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// hashTree hashes every entry under dir: path, type, mode, and the file's
// bytes or the link's target.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%v\x00%d\x00", p, info.Mode(), info.ModTime().UnixNano())
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			h.Write([]byte(l))
		case info.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// resetPeak clears the kernel's peak-RSS mark (VmHWM) of this process.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus reads a size in bytes from /proc/self/status, 0 if unknown.
func procStatus(key string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+":") {
			f := strings.Fields(l[len(key)+1:])
			if len(f) > 0 {
				n, _ := strconv.ParseUint(f[0], 10, 64)
				return n << 10
			}
		}
	}
	return 0
}

// cpuTime is the processor time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
