package resources

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/resources/imgtest"
)

func newStore(t *testing.T, files map[string][]byte) *Store {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	im := config.Images{}
	c, err := config.Parse([]byte("title = 'x'\n"))
	if err != nil {
		t.Fatal(err)
	}
	im = c.Images
	return New(Options{FS: fsys, Images: im, BasePath: "/base", Origin: "https://example.org"})
}

// flush publishes and returns what the Store writes.
func flush(t *testing.T, s *Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := s.Flush(context.Background(), Writer{Write: func(f string, d []byte) error {
		out[f] = append([]byte(nil), d...)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOperationSizes(t *testing.T) {
	s := newStore(t, map[string][]byte{"assets/p.jpg": imgtest.JPEG(imgtest.Photo(400, 300), imgtest.Exif{})})
	r, err := s.Get("p.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		op, spec string
		w, h     int
		format   string
	}{
		{"resize", "200x", 200, 150, "jpeg"},
		{"resize", "x100", 133, 100, "jpeg"},
		{"resize", "100x100 png", 100, 100, "png"},
		{"fit", "100x100", 100, 75, "jpeg"},
		{"fit", "800x600", 400, 300, "jpeg"}, // never enlarged
		{"fill", "100x100 webp TopLeft", 100, 100, "webp"},
		{"fill", "120x40 q50 Lanczos", 120, 40, "jpeg"},
		{"crop", "50x60 BottomRight", 50, 60, "jpeg"},
	} {
		var p *Resource
		switch tc.op {
		case "resize":
			p, err = r.Resize(tc.spec)
		case "fit":
			p, err = r.Fit(tc.spec)
		case "fill":
			p, err = r.Fill(tc.spec)
		case "crop":
			p, err = r.Crop(tc.spec)
		}
		if err != nil {
			t.Fatalf("%s %q: %v", tc.op, tc.spec, err)
		}
		w, _ := p.Width()
		h, _ := p.Height()
		if w != tc.w || h != tc.h {
			t.Errorf("%s %q: %dx%d, want %dx%d", tc.op, tc.spec, w, h, tc.w, tc.h)
		}
		url, err := p.RelPermalink()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(url, "/base/p_") || !strings.Contains(url, "_"+strconv.Itoa(tc.w)+"x"+strconv.Itoa(tc.h)+".") {
			t.Errorf("%s %q: URL %s", tc.op, tc.spec, url)
		}
		b, err := p.bytes()
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || format != tc.format || cfg.Width != tc.w || cfg.Height != tc.h {
			t.Errorf("%s %q: decoded %s %dx%d (%v), want %s %dx%d", tc.op, tc.spec, format, cfg.Width, cfg.Height, err, tc.format, tc.w, tc.h)
		}
		if exifSegment(b) != nil {
			t.Errorf("%s %q: the processed image carries Exif", tc.op, tc.spec)
		}
	}
	out := flush(t, s)
	if len(out) != 8 {
		t.Errorf("Flush wrote %d files, want the 8 published", len(out))
	}
}

// inverse is the orientation that undoes o.
func inverse(o int) int {
	switch o {
	case 6:
		return 8
	case 8:
		return 6
	}
	return o
}

func TestOrientationsUpright(t *testing.T) {
	shown := imgtest.Photo(64, 32) // red top-left quarter
	for o := 1; o <= 8; o++ {
		stored := orient(shown, inverse(o))
		s := newStore(t, map[string][]byte{"assets/p.jpg": imgtest.JPEG(stored, imgtest.Exif{Orientation: o})})
		r, err := s.Get("p.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := r.Width(); w != 64 {
			t.Errorf("orientation %d: width %d, want 64", o, w)
		}
		p, err := r.Resize("64x png")
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.bytes()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != 64 || img.Bounds().Dy() != 32 {
			t.Fatalf("orientation %d: %v, want 64x32", o, img.Bounds())
		}
		red := func(x, y int) bool { r, g, _, _ := img.At(x, y).RGBA(); return r > 0xb000 && g < 0x5000 }
		if !red(8, 8) || red(56, 8) || red(8, 24) || red(56, 24) {
			t.Errorf("orientation %d: not upright (red at top-left %v, top-right %v, bottom-left %v)", o, red(8, 8), red(56, 8), red(8, 24))
		}
	}
}

func TestStripPrivate(t *testing.T) {
	orig := imgtest.JPEG(imgtest.Photo(32, 32), imgtest.Exif{Orientation: 1, GPS: true, Serial: "SN-12345", Make: "Acme", Date: "2016:10:29 10:00:00"})
	if !HasGPS(orig) {
		t.Fatal("the fixture has no GPS")
	}
	b := append([]byte(nil), orig...)
	if !StripPrivate(b) {
		t.Fatal("nothing stripped")
	}
	if HasGPS(b) || bytes.Contains(b, []byte("SN-12345")) {
		t.Error("GPS or serial number survived")
	}
	x, o := readExif(b)
	if x == nil || x.Tags["Make"] != "Acme" || o != 1 || x.Date.Year() != 2016 {
		t.Errorf("the other tags did not survive: %+v %d", x, o)
	}
	if len(b) != len(orig) {
		t.Fatalf("length changed: %d -> %d", len(orig), len(b))
	}
	seg := exifSegment(orig)
	start := bytes.Index(orig, seg)
	if !bytes.Equal(b[:start], orig[:start]) || !bytes.Equal(b[start+len(seg):], orig[start+len(seg):]) {
		t.Error("bytes outside the Exif segment changed")
	}
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("the stripped JPEG does not decode: %v", err)
	}
	if StripPrivate(b) {
		t.Error("a second strip found something")
	}
}

// bombPNG is a valid PNG header claiming w×h pixels, with almost no data.
func bombPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// peakRSS is the process's peak resident memory in KiB (VmHWM).
func peakRSS(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status: peak memory cannot be measured here")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}

func TestBadInput(t *testing.T) {
	good := imgtest.JPEG(imgtest.Photo(40, 30), imgtest.Exif{})
	var pngData bytes.Buffer
	png.Encode(&pngData, imgtest.Photo(10, 10))
	s := newStore(t, map[string][]byte{
		"assets/ok.jpg":        good,
		"assets/cut.jpg":       good[:len(good)/2],
		"assets/lies.jpg":      pngData.Bytes(),
		"assets/junk.jpg":      []byte("this is not an image at all"),
		"assets/bomb.png":      bombPNG(60000, 60000),
		"assets/style.css":     []byte("a { color: red }"),
		"assets/deep/x.png":    pngData.Bytes(),
		"assets/deep/y.webp.x": []byte("x"),
	})
	get := func(n string) *Resource {
		r, err := s.Get(n)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct {
		name string
		run  func() error
		want []string
	}{
		{"truncated", func() error { _, err := get("cut.jpg").Resize("10x"); return err }, []string{"assets/cut.jpg", "truncated"}},
		{"lying extension", func() error { _, err := get("lies.jpg").Resize("10x"); return err }, []string{"assets/lies.jpg", "PNG", ".jpg"}},
		{"not an image", func() error { _, err := get("junk.jpg").Width(); return err }, []string{"assets/junk.jpg", "not a JPEG"}},
		{"bomb", func() error { _, err := get("bomb.png").Resize("10x"); return err }, []string{"assets/bomb.png", "maxPixels"}},
		{"unknown option", func() error { _, err := get("ok.jpg").Resize("10x bogus"); return err }, []string{"assets/ok.jpg", `unknown option "bogus"`}},
		{"no size", func() error { _, err := get("ok.jpg").Fill("webp"); return err }, []string{"no size"}},
		{"fill needs both", func() error { _, err := get("ok.jpg").Fill("100x"); return err }, []string{"both width and height"}},
		{"bad quality", func() error { _, err := get("ok.jpg").Resize("10x q0"); return err }, []string{"q1 to q100"}},
		{"missing", func() error { _, err := s.Get("nope.jpg"); return err }, []string{`"nope.jpg"`, "no such file"}},
		{"escape", func() error { _, err := s.Get("../sitegen.toml"); return err }, []string{"not a file under assets/"}},
		{"not an image op", func() error { _, err := get("style.css").Resize("10x"); return err }, []string{"assets/style.css", "only for images"}},
		{"minify an image", func() error { _, err := s.Minify(get("ok.jpg")); return err }, []string{"cannot minify image/jpeg"}},
	} {
		err := tc.run()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
	}
}

func TestBombCostsNoMemory(t *testing.T) {
	s := newStore(t, map[string][]byte{"assets/bomb.png": bombPNG(60000, 60000)})
	before := peakRSS(t)
	for range 5 {
		s.Forget([]string{"assets/bomb.png"})
		r, err := s.Get("bomb.png")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Resize("100x"); err == nil {
			t.Fatal("the bomb was accepted")
		}
	}
	// Decoding would take 60000*60000*4 bytes, 13 GiB; the header costs none.
	if grew := peakRSS(t) - before; grew > 20*1024 {
		t.Errorf("peak RSS grew by %d KiB refusing a bomb", grew)
	}
}

func TestFingerprintAndMinify(t *testing.T) {
	s := newStore(t, map[string][]byte{
		"assets/css/site.css": []byte("body {\n  color : #ff0000 ;\n}\n"),
		"assets/js/a.js":      []byte("var a = 1 ;"),
		"assets/js/b.js":      []byte("var b = 2 ;\n"),
	})
	r, _ := s.Get("css/site.css")
	m, err := s.Minify(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Fingerprint(m)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := f.Content()
	if body != "body{color:red}" {
		t.Errorf("minified CSS %q", body)
	}
	sum := sha512.Sum384([]byte(body))
	if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); f.Data()["Integrity"] != want {
		t.Errorf("integrity %v, want %s", f.Data()["Integrity"], want)
	}
	url, _ := f.RelPermalink()
	if !strings.HasPrefix(url, "/base/css/site.") || len(url) != len("/base/css/site.")+64+len(".css") {
		t.Errorf("fingerprinted URL %s", url)
	}
	a, _ := s.Get("js/a.js")
	b, _ := s.Get("js/b.js")
	c, err := s.Concat("js/all.js", []*Resource{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Content(); got != "var a = 1 ;\nvar b = 2 ;\n" {
		t.Errorf("concat %q", got)
	}
	c.RelPermalink()
	out := flush(t, s)
	if string(out[strings.TrimPrefix(url, "/base/")]) != body || len(out) != 2 || out["js/all.js"] == nil {
		t.Errorf("published %v", keys(out))
	}
	if _, ok := out["css/site.css"]; ok {
		t.Error("an unused resource was published")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestHalvedDecodeUpright checks the path that halves a JPEG's YCbCr
// straight into RGBA: every orientation still comes out upright.
func TestHalvedDecodeUpright(t *testing.T) {
	shown := imgtest.Photo(128, 64)
	for o := 1; o <= 8; o++ {
		s := newStore(t, map[string][]byte{"assets/p.jpg": imgtest.JPEG(orient(shown, inverse(o)), imgtest.Exif{Orientation: o})})
		r, _ := s.Get("p.jpg")
		p, err := r.Resize("32x png")
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.bytes()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != 32 || img.Bounds().Dy() != 16 {
			t.Fatalf("orientation %d: %v %v", o, img.Bounds(), err)
		}
		red := func(x, y int) bool { r, g, _, _ := img.At(x, y).RGBA(); return r > 0xb000 && g < 0x5000 }
		if !red(4, 4) || red(28, 4) || red(4, 12) {
			t.Errorf("orientation %d: not upright", o)
		}
	}
}
