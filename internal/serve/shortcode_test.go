package serve

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A shortcode's error reaches the tabs as a build error at the content
// file's line, like any other, and a fix of the shortcode's template
// recovers.
func TestShortcodeErrorInOverlay(t *testing.T) {
	files := maps.Clone(smallSite)
	files["templates/shortcodes/card.html"] = `<div class="card">{{ .Get "name" }}</div>`
	files["content/news/a.md"] = "---\ntitle: A\n---\nFirst text.\n\n{{< card name=\"Ada\" >}}\n"
	dir := writeSite(t, files)
	addr, events := startServe(t, dir, false)
	if !strings.Contains(fetch(t, addr, "/news/a/"), `<div class="card">Ada</div>`) {
		t.Fatal("shortcode not served")
	}
	writeFile(t, filepath.Join(dir, "content/news/a.md"), "---\ntitle: A\n---\nFirst text.\n\n{{< crad name=\"Ada\" >}}\n")
	e := next(t, events, "builderror")
	if !strings.Contains(e, `"file":"content/news/a.md"`) || !strings.Contains(e, `"line":6`) || !strings.Contains(e, `did you mean \"card\"?`) {
		t.Errorf("error event: %s", e)
	}
	writeFile(t, filepath.Join(dir, "templates/shortcodes/crad.html"), `<div class="crad">{{ .Get "name" }}</div>`)
	next(t, events, "reload")
	if !strings.Contains(fetch(t, addr, "/news/a/"), `<div class="crad">Ada</div>`) {
		t.Error("the new shortcode is not served")
	}
}

// The youtube and bilibili shortcodes make no request to the other host
// until the visitor clicks: then the player takes the placeholder's place
// and the focus.
func TestBrowserEmbedLoadsOnClick(t *testing.T) {
	ctx := browser(t)
	files := maps.Clone(smallSite)
	files["content/news/a.md"] = "---\ntitle: A\n---\nFirst text.\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< bilibili BV1xx411c7mD >}}\n"
	dir := writeSite(t, files)
	addr, _ := startServe(t, dir, false)
	const noThirdParty = `[...document.querySelectorAll("[src]")].every(e => !/youtube|bilibili/.test(e.src)) &&
		performance.getEntriesByType("resource").every(e => !/youtube|bilibili/.test(e.name))`
	if err := chromedp.Do(ctx,
		chromedp.Navigate("http://"+addr+"/news/a/"),
		waitJS(`document.querySelectorAll(".embed-play").length === 2`),
		// The script showed the buttons; the links stay for those who
		// would rather watch on the host's site.
		waitJS(`[...document.querySelectorAll(".embed-play")].every(b => !b.hidden && b.offsetParent !== null)`),
		waitJS(`document.querySelectorAll("a.embed-link").length === 2`),
		waitJS(`document.querySelectorAll("iframe").length === 0`),
		waitJS(noThirdParty),
		eval(`document.querySelector(".embed-youtube .embed-play").click()`),
		waitJS(`document.querySelector(".embed-youtube iframe") !== null`),
		waitJS(`document.activeElement === document.querySelector(".embed-youtube iframe")`),
		waitJS(`document.querySelector(".embed-youtube iframe").getAttribute("src") === "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"`),
		waitJS(`document.querySelector(".embed-youtube iframe").title !== ""`),
		waitJS(`document.querySelector(".embed-youtube .embed-play") === null && document.querySelector(".embed-youtube a.embed-link") !== null`),
		// The other embed is still untouched.
		waitJS(`document.querySelector(".embed-bilibili iframe") === null && !document.querySelector(".embed-bilibili .embed-play").hidden`),
	); err != nil {
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".embed-youtube").outerHTML`))
		t.Fatal(err, h)
	}
}
