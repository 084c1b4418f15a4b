package serve

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/sitegen/sitegen/internal/testsupport"
)

func eval(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](expr)(ctx, t)
		return chromedp.Void{}, err
	}
}

func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	dir := writeSite(t, smallSite)
	addr, events := startServe(t, dir, false)
	url := "http://" + addr + "/"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		waitJS(`document.body.innerText.includes("Welcome.")`),
		eval(`window.sitegenMarker = 42`),
	); err != nil {
		t.Fatal(err)
	}
	// Give the page's EventSource a moment to connect before the first save.
	time.Sleep(300 * time.Millisecond)

	writeFile(t, filepath.Join(dir, "content/_index.md"), "---\ntitle: Home\n---\nEdited without touching the browser.\n")
	next(t, events, "reload")
	if err := chromedp.Do(ctx, waitJS(`document.body.innerText.includes("Edited without touching the browser.")`)); err != nil {
		t.Fatal("content edit not shown:", err)
	}
	if err := chromedp.Do(ctx, eval(`window.sitegenMarker = 7`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)

	writeFile(t, filepath.Join(dir, "static/css/s.css"), "body{color:rgb(0, 0, 255)}")
	next(t, events, "reload")
	if err := chromedp.Do(ctx, waitJS(`getComputedStyle(document.body).color === "rgb(0, 0, 255)"`)); err != nil {
		t.Fatal("css edit not applied:", err)
	}
	marker, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.sitegenMarker`))
	if err != nil || marker != 7 {
		t.Fatalf("the page reloaded for a CSS change (marker %d, %v)", marker, err)
	}

	writeFile(t, filepath.Join(dir, "templates/home.html"), "<html><body>{{ .Broken </body></html>")
	next(t, events, "builderror")
	if err := chromedp.Do(ctx, waitJS(`!!document.getElementById("sitegen-error-overlay")`)); err != nil {
		t.Fatal("no error overlay:", err)
	}
	overlay, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("sitegen-error-overlay").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(overlay, "templates/home.html:1") {
		t.Errorf("overlay does not name the file: %q", overlay)
	}

	writeFile(t, filepath.Join(dir, "templates/home.html"), `<!DOCTYPE html><html><head><title>x</title></head><body>fixed {{ .Content }}</body></html>`)
	next(t, events, "reload")
	if err := chromedp.Do(ctx, waitJS(`!document.getElementById("sitegen-error-overlay") && document.body.innerText.includes("fixed")`)); err != nil {
		t.Fatal("overlay did not go away:", err)
	}
}

func browser(t *testing.T) context.Context { return testsupport.Browser(t) }

// waitJS polls a JavaScript expression until it is true (a reload may
// take a while on a busy machine).
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return testsupport.Until(expr, 15*time.Second)
}
