package build

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/resources/imgtest"
)

// figureSite is the image site with a page of figure shortcodes: a bundle
// photo (with a link, a class, a caption and a credit), an assets/ image
// named from the root and one named relative to a bundle that lacks it, a
// remote URL and a static/ file.
func figureSite(t *testing.T) string {
	t.Helper()
	var venue bytes.Buffer
	if err := png.Encode(&venue, imgtest.Photo(700, 350)); err != nil {
		t.Fatal(err)
	}
	return imageSite(t, "", map[string]string{
		"content/news/fig/index.md": `---
title: Figures
---
{{< figure src="hall.jpg" alt="The hall" caption="The *main* hall" credit="Photo: A. B." link="/news/tour/" class="wide" >}}

{{< figure src="/photos/venue.png" alt="The venue" >}}

{{< figure src="photos/venue.png" alt="" width="10" >}}

{{< figure src="https://example.com/a.jpg" alt="Remote" width="640" height="480" >}}

{{< figure src="/img/gps.jpg" alt="Static" >}}
`,
		"content/news/fig/hall.jpg": string(imgtest.JPEG(imgtest.Photo(1200, 900), imgtest.Exif{GPS: true, Serial: "SN-777"})),
		"assets/photos/venue.png":   venue.String(),
	})
}

// TestFigureShortcode: the figure shortcode gives a bundle or assets/
// image the same responsive <picture> as a Markdown image, and any other
// source a plain <img>.
func TestFigureShortcode(t *testing.T) {
	dir := figureSite(t)
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "public")
	page, err := os.ReadFile(filepath.Join(pub, "news/fig/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	figures := regexp.MustCompile(`(?s)<figure.*?</figure>`).FindAllString(string(page), -1)
	text := strings.Join(figures, "\n") + "\n"
	golden := filepath.Join("testdata", "resources", "figure.golden")
	if *update {
		os.WriteFile(golden, []byte(text), 0o644)
	}
	want, _ := os.ReadFile(golden)
	if text != string(want) {
		t.Errorf("the figures differ from %s (go test -update rewrites it):\n%s", golden, lineDiff(string(want), text))
	}
	if len(figures) != 5 {
		t.Fatalf("%d figures, want 5:\n%s", len(figures), page)
	}
	for i, w := range []string{
		`<figure class="wide"><a href="/news/tour/"><picture><source type="image/webp" srcset="/news/fig/hall_`,
		`<figure><picture><source type="image/webp" srcset="/photos/venue_`,
		`<figure><picture><source type="image/webp" srcset="/photos/venue_`,
		`<figure><img src="https://example.com/a.jpg" alt="Remote" width="640" height="480" loading="lazy"></figure>`,
		`<figure><img src="/img/gps.jpg" alt="Static" loading="lazy"></figure>`,
	} {
		if !strings.HasPrefix(figures[i], w) {
			t.Errorf("figure %d does not start %q:\n%s", i+1, w, figures[i])
		}
	}
	for _, w := range []string{` 480w, `, ` 960w"`, `width="960" height="720"`, `alt="The hall" loading="lazy" decoding="async"`,
		`<figcaption>The <em>main</em> hall <small class="credit">Photo: A. B.</small></figcaption>`,
		`/photos/venue_`, `width="480" height="240"`} {
		if !strings.Contains(text, w) {
			t.Errorf("the figures lack %q", w)
		}
	}
	if strings.Contains(text, " 1600w") || strings.Contains(text, ` width="10"`) {
		t.Error("a figure is wider than its image, or took the width given for a processed image")
	}
	if n := checkProcessed(t, pub, text); n != 6 {
		t.Errorf("%d processed images named, want 6 (hall: 2 widths, venue: 1, each in WebP and the original format)", n)
	}
}

// TestFigureErrors: a figure's image that cannot be processed is an error
// at the shortcode's line, naming the image.
func TestFigureErrors(t *testing.T) {
	dir := imageSite(t, "", map[string]string{
		"content/news/fig/index.md": "---\ntitle: F\n---\n\nText.\n\n{{< figure src=\"cut.jpg\" alt=\"Cut\" >}}\n",
		"content/news/fig/cut.jpg":  "\xff\xd8\xff\xe0\x00\x10JFIF",
	})
	_, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow})
	if err == nil {
		t.Fatal("a truncated figure image was accepted")
	}
	for _, w := range []string{"content/news/fig/index.md:7", "content/news/fig/cut.jpg", "truncated"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the error lacks %q:\n%v", w, err)
		}
	}
}

// processedURL is a processed image's URL: name_hash_WxH.ext.
var processedURL = regexp.MustCompile(`/[^" ]+_[0-9a-f]{10}_(\d+)x(\d+)\.(jpg|png|webp)`)

// checkProcessed checks that every processed image html names was written
// to pub, decodes in its format, has the size its name says and carries
// no GPS position or serial number; it returns how many it checked.
func checkProcessed(t *testing.T, pub, html string) int {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range processedURL.FindAllStringSubmatch(html, -1) {
		if seen[m[0]] {
			continue
		}
		seen[m[0]] = true
		b, err := os.ReadFile(filepath.Join(pub, m[0]))
		if err != nil {
			t.Errorf("%s is named but not written: %v", m[0], err)
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || format != map[string]string{"jpg": "jpeg", "png": "png", "webp": "webp"}[m[3]] ||
			itoa(cfg.Width) != m[1] || itoa(cfg.Height) != m[2] {
			t.Errorf("%s: %s %dx%d %v", m[0], format, cfg.Width, cfg.Height, err)
		}
		if resources.HasGPS(b) || bytes.Contains(b, []byte("SN-777")) {
			t.Errorf("%s carries metadata", m[0])
		}
	}
	return len(seen)
}
