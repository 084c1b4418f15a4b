package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/render"
)

// TestMultilingualRules spells out, file by file, the rules that the
// multilingual golden only shows.
func TestMultilingualRules(t *testing.T) {
	fx := findFixture(t, "multilingual")
	dest, _, err := fx.build(t, fx.opts)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dest)
	for _, c := range []struct {
		file, want string // want "" means the file must not exist
		why        string
	}{
		{"index.html", `<html lang="en">`, "the default language is at the root"},
		{"zh/index.html", `<html lang="zh">`, "other languages are under /CODE/"},
		{"ru/index.html", `<a href="/ru/about/">О форуме</a>`, "menus are per language"},
		{"about/index.html", `hreflang="ru" href="https://example.org/ru/about/"`, "translation by file name"},
		{"2016/10/briefing/index.html", `hreflang="zh" href="https://example.org/zh/2016/10/jianbao/"`, "translation by translationKey"},
		{"ru/2016/10/svodka-dnya/index.html", `<h1>Сводка</h1>`, "slug and permalink pattern"},
		{"2016/10/tour/index.html", `<h1>Press tour</h1>`, "permalinks = /:year/:month/:slug/"},
		{"news/tour/index.html", "", "a page with a permalink pattern is not at its folder path"},
		{"ru/2016/10/tour/index.html", "", "a page missing in Russian is not copied from English"},
		{"ru/venue/index.html", "", "a bundle missing in Russian is absent"},
		{"ru/venue/hall.svg", "", "no bundle, no copy of its image"},
		{"venue/hall.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>\n", "bundle files are copied beside the page"},
		{"zh/venue/hall.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>\n", "beside every language's version"},
		{"ru/programme/index.html", "", "a section without Russian content has no Russian page"},
		{"programme/day-one/index.html", `<li>page <a href="/programme/day-one/opening/">Opening</a></li>`, "nested section"},
		{"tags/wechat/index.html", `<a href="/2016/10/briefing/">Briefing</a>`, "term page"},
		{"zh/tags/wechat/index.html", `<a href="/zh/2016/10/tour/">媒体参观</a>`, "terms per language"},
		{"ru/tags/index.html", "", "no Russian page has tags"},
		{"tags/hidden/index.html", "", "a draft's tags are not published"},
		{"old-about/index.html", `<meta http-equiv="refresh" content="0; url=/about/">`, "alias redirect"},
		{"old-about/index.html", `<link rel="canonical" href="https://example.org/about/">`, "alias canonical"},
		{"about.html", `url=/about/`, "alias with an extension"},
		{"news/index.xml", `<item><title>Briefing</title>`, "section feed"},
		{"zh/index.xml", `<language>zh</language>`, "home feed per language"},
		{"sitemap.xml", `<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/about/"/>`, "x-default"},
		{"sitemap.xml", `<loc>https://example.org/ru/about/</loc>`, "every language in one sitemap"},
		{"robots.txt", "Sitemap: https://example.org/sitemap.xml\n", "robots.txt names the sitemap"},
		{"404.html", "<h1>404</h1>", "404 page"},
		{"zh/404.html", `<html lang="zh">`, "404 page per language"},
		{"ru/404.html", `<a href="/ru/">Форум</a>`, "404 page per language"},
		{"favicon.ico", "icon", "static/ is copied"},
		{"2016/10/draft/index.html", "", "drafts are left out"},
		{"news/future/index.html", "", "future pages are left out"},
		{"2027/03/future/index.html", "", "future pages are left out"},
		{"2016/09/expired/index.html", "", "expired pages are left out"},
	} {
		data, ok := tree[c.file]
		switch {
		case c.want == "" && ok:
			t.Errorf("%s exists; want none: %s", c.file, c.why)
		case c.want != "" && !ok:
			t.Errorf("%s is missing (%s)", c.file, c.why)
		case c.want != "" && !strings.Contains(string(data), c.want):
			t.Errorf("%s (%s): want %q in:\n%s", c.file, c.why, c.want, data)
		}
	}
	if s := string(tree["sitemap.xml"]); strings.Contains(s, "404") {
		t.Errorf("the sitemap lists a 404 page:\n%s", s)
	}
}

// TestDraftsFutureExpired rebuilds the multilingual fixture with each
// inclusion option: the page it governs appears, the others stay out.
func TestDraftsFutureExpired(t *testing.T) {
	fx := findFixture(t, "multilingual")
	pages := map[string]string{
		"drafts":  "2016/10/draft/index.html",
		"future":  "2027/03/future/index.html",
		"expired": "2016/09/expired/index.html",
	}
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"none", Options{}},
		{"drafts", Options{Drafts: true}},
		{"future", Options{Future: true}},
		{"expired", Options{Expired: true}},
		{"all", Options{Drafts: true, Future: true, Expired: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dest, _, err := fx.build(t, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			tree := readTree(t, dest)
			for opt, file := range pages {
				want := c.name == opt || c.name == "all"
				if _, ok := tree[file]; ok != want {
					t.Errorf("%s: exists=%v, want %v", file, ok, want)
				}
			}
			_, hidden := tree["tags/hidden/index.html"]
			if want := c.opts.Drafts; hidden != want {
				t.Errorf("the draft's tag page exists=%v, want %v", hidden, want)
			}
		})
	}
}

// TestLinksWarn builds the broken-links fixture with LinksWarn: the build
// succeeds and every broken link is logged as a warning with file:line.
func TestLinksWarn(t *testing.T) {
	fx := findFixture(t, "err-links")
	src := t.TempDir()
	writeSite(t, src, fx.ar, wantErrorsFile, optionsFile)
	var log bytes.Buffer
	dest := filepath.Join(t.TempDir(), "out")
	_, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, LinksWarn: true, Log: &log})
	if err != nil {
		t.Fatalf("LinksWarn build failed: %v", err)
	}
	for _, w := range fx.errors {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log does not mention %q:\n%s", w, log.String())
		}
	}
	if n := strings.Count(log.String(), "warning: "); n != 4 {
		t.Errorf("%d warnings, want 4:\n%s", n, log.String())
	}
	page, err := os.ReadFile(filepath.Join(dest, "news", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<a href="../missing.md">gone</a>`) {
		t.Errorf("an unresolved link should be left as written:\n%s", page)
	}
}

// TestStats checks the numbers of the summary line and the verbose timings.
func TestStats(t *testing.T) {
	fx := findFixture(t, "multilingual")
	src := t.TempDir()
	writeSite(t, src, fx.ar)
	var log bytes.Buffer
	st, err := Build(context.Background(), Options{Source: src, Destination: filepath.Join(t.TempDir(), "p"),
		Now: fixtureNow, Log: &log, Verbose: true})
	if err != nil {
		t.Fatal(err)
	}
	// en: home, about, news, tour, briefing, programme, day-one, opening,
	// panel, venue, tags, 2 terms, 404 = 14; zh: home, about, news, tour,
	// jianbao, venue, tags, 1 term, 404 = 9; ru: home, about, news, svodka,
	// 404 = 5.
	want := map[string]int{"en": 14, "zh": 9, "ru": 5}
	for lang, n := range want {
		if st.Pages[lang] != n {
			t.Errorf("pages[%s] = %d, want %d (all: %v)", lang, st.Pages[lang], n, st.Pages)
		}
	}
	if st.Sections != 5 || st.Terms != 3 || st.Aliases != 2 || st.Static != 2 {
		t.Errorf("sections %d terms %d aliases %d static %d; want 5 3 2 2", st.Sections, st.Terms, st.Aliases, st.Static)
	}
	if got := st.URLs["content/news/svodka.ru.md"]; got != "/ru/2016/10/svodka-dnya/" {
		t.Errorf("URLs[svodka.ru.md] = %q", got)
	}
	re := regexp.MustCompile(`^pages: en 14, ru 5, zh 9 \| sections 5 \| terms 3 \| aliases 2 \| static files 2 \| \d+ files written in \d+ ms$`)
	if s := st.Summary(); !re.MatchString(s) {
		t.Errorf("summary %q does not match %s", s, re)
	}
	for _, stage := range []string{"load", "markdown", "templates", "extras", "copy", "links", "swap"} {
		if !regexp.MustCompile(`(?m)^` + stage + ` +[0-9.]+ ms$`).MatchString(log.String()) {
			t.Errorf("verbose log has no timing for %s:\n%s", stage, log.String())
		}
	}
}

// TestOutputsICS checks every .ics file of the outputs fixture against RFC
// 5545's line rules.
func TestOutputsICS(t *testing.T) {
	fx := findFixture(t, "outputs")
	dest, _, err := fx.build(t, fx.opts)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, data := range readTree(t, dest) {
		if filepath.Ext(name) != ".ics" {
			continue
		}
		n++
		checkICS(t, name, data)
	}
	if n != 6 {
		t.Errorf("%d .ics files, want 6 (a calendar and two events, in two languages)", n)
	}
}

func checkICS(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s does not end in CRLF", name)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n"))
	for i, l := range lines {
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("%s:%d: bare CR or LF in %q", name, i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("%s:%d: %d octets, more than 75: %q", name, i+1, len(l), l)
		}
		if !utf8.Valid(l) {
			t.Errorf("%s:%d: folding split a UTF-8 character: %q", name, i+1, l)
		}
		if len(l) == 0 {
			t.Errorf("%s:%d: empty line", name, i+1)
		}
	}
}

func TestICalendar(t *testing.T) {
	long := "SUMMARY:" + strings.Repeat("x", 100)
	han := "LOCATION:x" + strings.Repeat("广", 40) // 3 octets each: folds at 73, not 75
	for _, c := range []struct {
		name, in, want string
	}{
		{"crlf", "A:1\nB:2\n", "A:1\r\nB:2\r\n"},
		{"already crlf", "A:1\r\nB:2\r\n", "A:1\r\nB:2\r\n"},
		{"blank lines and indentation dropped", "\n  A:1  \n\n\tB:2\n", "A:1\r\nB:2\r\n"},
		{"75 octets stay", strings.Repeat("y", 75), strings.Repeat("y", 75) + "\r\n"},
		{"76 octets fold", strings.Repeat("y", 76), strings.Repeat("y", 75) + "\r\n y\r\n"},
		{"long ascii", long, long[:75] + "\r\n " + long[75:] + "\r\n"},
		{"han not split", han, han[:73] + "\r\n " + han[73:] + "\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := string(render.ICalendar([]byte(c.in)))
			if got != c.want {
				t.Errorf("ICalendar(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
			checkICS(t, c.name, []byte(got))
			// Unfolding gives the line back.
			if un := strings.ReplaceAll(got, "\r\n ", ""); !strings.Contains(c.in, "\n") && un != c.in+"\r\n" {
				t.Errorf("unfolded %q, want %q", un, c.in)
			}
		})
	}
}
