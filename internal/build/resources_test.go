package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/resources/imgtest"
)

// imageSite writes a site with a bundle photo (with GPS and a serial
// number), a static photo with GPS and a stylesheet under assets/.
func imageSite(t *testing.T, config string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	photo := imgtest.JPEG(imgtest.Photo(2000, 1500), imgtest.Exif{GPS: true, Serial: "SN-777", Make: "Acme"})
	files := map[string]string{
		"sitegen.toml":           "title = \"T\"\nbaseURL = \"https://example.org/\"\n" + config,
		"templates/home.html":    `<!DOCTYPE html><title>home</title>`,
		"templates/section.html": `<!DOCTYPE html><title>section</title>`,
		"templates/page.html": `<!DOCTYPE html><html lang="en"><title>{{ .Title }}</title>
{{ with resources.Get "css/site.css" | minify | fingerprint }}<link rel="stylesheet" href="{{ .RelPermalink }}" integrity="{{ .Data.Integrity }}">{{ end }}
{{ range .Resources.ByType "image" }}{{ with .Fill "120x80 webp" }}<img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" alt="key visual">{{ end }}{{ end }}
{{ .Content }}`,
		"content/news/tour/index.md": "---\ntitle: Tour\n---\n\nIntro.\n\n![The press tour](tour.jpg \"Guests at the venue\")\n\nInline ![](tour.jpg) here.\n",
		"content/news/tour/tour.jpg": string(photo),
		"static/img/gps.jpg":         string(photo),
		"assets/css/site.css":        "body {\n  color : #ff0000 ;\n}\n",
		"assets/css/unused.css":      "p { margin: 0 }\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestResponsiveImagesAndAssets(t *testing.T) {
	dir := imageSite(t, "", nil)
	st, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "public")
	page, err := os.ReadFile(filepath.Join(pub, "news/tour/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "resources", "page.golden")
	if *update {
		os.WriteFile(golden, page, 0o644)
	}
	want, _ := os.ReadFile(golden)
	if !bytes.Equal(page, want) {
		t.Errorf("the page differs from %s (go test -update rewrites it):\n%s", golden, lineDiff(string(want), string(page)))
	}
	html := string(page)
	for _, w := range []string{`<figure><picture><source type="image/webp"`, `<figcaption>Guests at the venue</figcaption></figure>`,
		` 480w, `, ` 960w, `, ` 1600w"`, `width="1600" height="1200"`, `loading="lazy" decoding="async"`, `integrity="sha384-`} {
		if !strings.Contains(html, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if strings.Contains(html, " 2000w") {
		t.Error("srcset has a width the configuration did not ask for")
	}
	// Every URL the page names exists, decodes, and has the size it says.
	if n := checkProcessed(t, pub, html); n != 7 {
		t.Errorf("the page names %d processed images, want 7", n)
	}
	orig, _ := os.ReadFile(filepath.Join(pub, "news/tour/tour.jpg"))
	if len(orig) == 0 || resources.HasGPS(orig) || bytes.Contains(orig, []byte("SN-777")) || !bytes.Contains(orig, []byte("Acme")) {
		t.Error("the bundle original kept its GPS or serial number, or lost its other tags")
	}
	static, _ := os.ReadFile(filepath.Join(pub, "img/gps.jpg"))
	if !resources.HasGPS(static) {
		t.Error("a static/ file was changed")
	}
	warned := strings.Join(st.Warnings, "\n")
	for _, w := range []string{"static/img/gps.jpg: carries a GPS position", "content/news/tour/index.md:9: image \"tour.jpg\" has no alt text"} {
		if !strings.Contains(warned, w) {
			t.Errorf("no warning %q in:\n%s", w, warned)
		}
	}
	if _, err := os.Stat(filepath.Join(pub, "css/unused.css")); err == nil {
		t.Error("an unused asset was published")
	}
	if _, err := os.Stat(filepath.Join(pub, "css/site.css")); err == nil {
		t.Error("the stylesheet was published under its plain name as well")
	}
}

func TestImageErrors(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		extra        map[string]string
		want         []string
	}{
		{"requireAlt", "[images]\nrequireAlt = true\n", nil, []string{"content/news/tour/index.md:9", `image "tour.jpg" has no alt text`}},
		{"truncated bundle image", "", map[string]string{"content/news/tour/cut.jpg": "\xff\xd8\xff\xe0\x00\x10JFIF",
			"content/news/tour/index.md": "---\ntitle: Tour\n---\n\n![Cut](cut.jpg)\n"}, []string{"content/news/tour/index.md:5", "content/news/tour/cut.jpg", "truncated"}},
		{"unknown option", "", map[string]string{"templates/page.html": "{{ with .Resources.Get \"tour.jpg\" }}{{ (.Resize \"100x sharp\").RelPermalink }}{{ end }}"},
			[]string{"templates/page.html:1", "content/news/tour/tour.jpg", `unknown option "sharp"`}},
		{"missing resource", "", map[string]string{"templates/page.html": "\n{{ (resources.Get \"css/nope.css\").RelPermalink }}"},
			[]string{"templates/page.html:2", `"css/nope.css"`, "no such file"}},
	} {
		dir := imageSite(t, tc.config, tc.extra)
		_, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", tc.name, w, err)
			}
		}
	}
}

func TestKeepMetadata(t *testing.T) {
	dir := imageSite(t, "[images]\nkeepMetadata = true\n", nil)
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "public/news/tour/tour.jpg"))
	src, _ := os.ReadFile(filepath.Join(dir, "content/news/tour/tour.jpg"))
	if !bytes.Equal(got, src) {
		t.Error("keepMetadata: the original was changed")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRenderHook(t *testing.T) {
	dir := imageSite(t, "", map[string]string{
		"templates/_markup/render-image.html": `<img class="hook" src="{{ (.Resource.Resize "300x webp").RelPermalink }}" alt="{{ .Text }}" data-block="{{ .IsBlock }}" data-srcset="{{ .Picture.Srcset }}">`,
	})
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public/news/tour/index.html"))
	got := regexp.MustCompile(`<img class="hook"[^>]*>`).FindAllString(string(page), -1)
	golden := filepath.Join("testdata", "resources", "hook.golden")
	text := strings.Join(got, "\n") + "\n"
	if *update {
		os.WriteFile(golden, []byte(text), 0o644)
	}
	want, _ := os.ReadFile(golden)
	if text != string(want) {
		t.Errorf("the hook's markup differs from %s:\n%s", golden, lineDiff(string(want), text))
	}
	if len(got) != 2 || strings.Contains(string(page), "<picture>") {
		t.Errorf("the hook did not replace both images:\n%s", page)
	}
}

func TestServeProcessesImagesOnce(t *testing.T) {
	dir := imageSite(t, "", nil)
	b := NewBuilder(Options{Source: dir, Now: fixtureNow})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	decodes := b.load.res.Decodes()
	if decodes != 1 {
		t.Fatalf("the first build decoded %d images, want 1 (one source)", decodes)
	}
	images := 0
	for f := range res.Write {
		if strings.HasPrefix(f, "news/tour/tour_") {
			images++
		}
	}
	md := filepath.Join(dir, "content/news/tour/index.md")
	text, _ := os.ReadFile(md)
	os.WriteFile(md, bytes.Replace(text, []byte("Intro."), []byte("A new intro."), 1), 0o644)
	res, err = b.Build(context.Background(), []string{"content/news/tour/index.md"})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.load.res.Decodes(); got != decodes {
		t.Errorf("a text edit decoded %d more images", got-decodes)
	}
	for f := range res.Write {
		if strings.HasPrefix(f, "news/tour/") && f != "news/tour/index.html" {
			t.Errorf("a text edit wrote %s again", f)
		}
	}
	for _, f := range res.Remove {
		t.Errorf("a text edit removed %s", f)
	}
	if images != 7 { // 3 widths × 2 formats from Markdown, and the template's Fill
		t.Errorf("the first build wrote %d processed images, want 7", images)
	}
}

// TestMinifyAndDeterminism builds the image site twice with minifying on:
// the trees are byte-identical, and the pages, feeds and sitemap smaller
// than without minifying.
func TestMinifyAndDeterminism(t *testing.T) {
	dir := imageSite(t, "[minify]\nhtml = true\n", nil)
	var trees []map[string][]byte
	for _, dest := range []string{"a", "b"} {
		if _, err := Build(context.Background(), Options{Source: dir, Destination: dest, Now: fixtureNow}); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, readTree(t, filepath.Join(dir, dest)))
	}
	if d := compareTrees(trees[0], trees[1]); d != "" {
		t.Errorf("two builds differ:\n%s", d)
	}
	plain := imageSite(t, "", nil)
	if _, err := Build(context.Background(), Options{Source: plain, Now: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	full := readTree(t, filepath.Join(plain, "public"))
	for _, f := range []string{"news/tour/index.html", "sitemap.xml", "index.xml"} {
		if len(trees[0][f]) == 0 || len(trees[0][f]) >= len(full[f]) {
			t.Errorf("%s: %d bytes minified, %d not", f, len(trees[0][f]), len(full[f]))
		}
	}
	if !bytes.HasPrefix(trees[0]["news/tour/index.html"], []byte("<!doctype html>")) {
		t.Errorf("the minified page lost its doctype: %.80s", trees[0]["news/tour/index.html"])
	}
}
