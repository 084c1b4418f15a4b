package build

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchPageInBrowserShowsBestFirst: the best result shows as soon as
// its document file is in, while the files of the results below it are
// still on their way (the list is aria-busy until they are); then the
// list fills in rank order.
func TestSearchPageInBrowserShowsBestFirst(t *testing.T) {
	ctx := searchBrowser(t)
	src := searchSite(t)
	// Page NN holds "harbour" 31-NN times: p01 ranks first, p10 tenth.
	for n := 1; n <= 30; n++ {
		writeFileT(src, fmt.Sprintf("content/p%02d.md", n), fmt.Sprintf("---\ntitle: Page %02d\n---\n%s quay.\n", n, strings.Repeat("harbour ", 31-n)))
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	best := docFileOf(t, filepath.Join(dest, "search", "en"), "/p01/")
	release := make(chan struct{})
	files := http.FileServer(http.Dir(dest))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/search/en/d/") && r.URL.Path != "/search/en/"+best {
			select { // the other results' files wait
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	hrefs := `[...document.querySelectorAll("ol[data-search-results] li > a")].map((a) => a.getAttribute("href"))`
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.Focus("#search-q"),
		chromedp.KeyEvent("harbour"),
		until(`document.querySelectorAll("ol[data-search-results] li").length > 0`),
	)
	if err != nil {
		t.Fatal(err)
	}
	early, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](hrefs))
	if err != nil {
		t.Fatal(err)
	}
	busy, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("ol[data-search-results]").getAttribute("aria-busy") === "true"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(early) == 0 || early[0] != "/p01/" || len(early) >= 10 || !busy {
		t.Errorf("while the other files wait: results %v, aria-busy %v; want /p01/ first, fewer than 10, busy", early, busy)
	}
	close(release)
	err = chromedp.Do(ctx, until(`!document.querySelector("ol[data-search-results]").hasAttribute("aria-busy")`))
	if err != nil {
		t.Fatal(err)
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](hrefs))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for n := 1; n <= 10; n++ {
		want = append(want, fmt.Sprintf("/p%02d/", n))
	}
	if strings.Join(all, " ") != strings.Join(want, " ") {
		t.Errorf("results %v, want %v", all, want)
	}
}

// docFileOf is the document file (d/F.json) of an index folder that holds
// the page at url.
func docFileOf(t *testing.T, dir, url string) string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "d", "*.json"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var docs []struct{ U string }
		if err := json.Unmarshal(data, &docs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, d := range docs {
			if d.U == url {
				return "d/" + filepath.Base(name)
			}
		}
	}
	t.Fatalf("no document file in %s holds %s", dir, url)
	return ""
}
