package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sitegen/sitegen/internal/testsupport"
)

// TestSearchPageInBrowser builds the forum site, types queries into its
// search page in each language and checks the results and their marks;
// a query of HTML shows as text, and a corrupt shard as an error line.
func TestSearchPageInBrowser(t *testing.T) {
	ctx := searchBrowser(t)
	root, _ := filepath.Abs("../..")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: root, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	cases := []struct {
		page, query string
		first       string // the first result's link ends so
		mark        string // a <mark> of the first result holds this (case folded)
	}{
		{"/search/", "monthly active users", "/wechat/", "monthly"},
		{"/search/", "Kirillov", "/news/press-tour/", "kirillov"},
		{"/search/", "Tianhe", "", "tianhe"},
		{"/zh/search/", "天河区的微信", "/zh/wechat/", "天河区的微信"}, // across a word boundary
		{"/zh/search/", "微", "", "微"},
		{"/ru/search/", "платёж", "", "платеж"}, // ё/е and inflection: the page says платежи
		{"/ru/search/", "форума", "", "форум"},
	}
	for _, c := range cases {
		t.Run(c.page+" "+c.query, func(t *testing.T) {
			err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+c.page),
				chromedp.Focus("#search-q"),
				chromedp.KeyEvent(c.query),
				until(`document.querySelectorAll("ol[data-search-results] li a").length > 0`),
			)
			if err != nil {
				t.Fatal(err)
			}
			first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("ol[data-search-results] li a").getAttribute("href")`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(first, c.first) {
				t.Errorf("first result %s, want one ending in %s", first, c.first)
			}
			marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelector("ol[data-search-results] li").querySelectorAll("mark")].map(m => m.textContent.toLowerCase().replaceAll("ё", "е"))`))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, m := range marks {
				found = found || strings.Contains(m, c.mark)
			}
			if !found {
				t.Errorf("first result's marks %q hold no %q", marks, c.mark)
			}
			url, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
			if !strings.Contains(url, "q=") {
				t.Errorf("the address %q does not keep the query", url)
			}
		})
	}

	t.Run("linked query", func(t *testing.T) {
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ru/search/?q="+"%D0%A4%D0%BE%D1%80%D1%83%D0%BC"),
			until(`document.querySelectorAll("ol[data-search-results] li mark").length > 0`))
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("query as text", func(t *testing.T) {
		q := `<img src=x onerror=alert(1)>`
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/search/"),
			chromedp.Evaluate[chromedp.Void](`window.alert = () => { window.alerted = true }`),
			chromedp.Focus("#search-q"),
			chromedp.KeyEvent(q),
			until(`document.querySelector("[data-search-status]").textContent.includes(`+"`"+q+"`"+`)`),
		)
		if err != nil {
			t.Fatal(err)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!window.alerted || document.querySelectorAll(".search img").length > 0`))
		if err != nil || bad {
			t.Errorf("the query became HTML (err %v)", err)
		}
	})

	t.Run("corrupt shard", func(t *testing.T) {
		shards, _ := filepath.Glob(filepath.Join(dest, "search", "ru", "s", "*.bin"))
		for _, s := range shards {
			if err := os.WriteFile(s, []byte("SGS2\xff\xff\xff"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/ru/search/?q=форум"),
			until(`document.querySelectorAll("ol[data-search-results] li[data-search-error]").length === 1`),
		)
		if err != nil {
			t.Fatal(err)
		}
	})

	// The script asks for meta.json as the page loads; its failure shows
	// on the query that needs it, which asks again, and not before.
	t.Run("missing manifest", func(t *testing.T) {
		meta := filepath.Join(dest, "search", "zh", "meta.json")
		if err := os.Remove(meta); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/zh/search/"),
			chromedp.Focus("#search-q"),
			until(`document.querySelectorAll("ol[data-search-results] li").length === 0`),
			chromedp.KeyEvent("支付"),
			until(`(document.querySelector("ol[data-search-results] li[data-search-error]")?.textContent || "").includes("meta.json")`),
		)
		if err != nil {
			t.Fatal(err)
		}
	})
}

func searchBrowser(t *testing.T) context.Context { return testsupport.Browser(t) }

func until(expr string) chromedp.Action[chromedp.Void] {
	return testsupport.Until(expr, 10*time.Second)
}
