package resources

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Resource is a page or global resource, or one made from another (a
// processed image, a minified or fingerprinted or joined file).
type Resource struct {
	s     *Store
	name  string
	url   string // site path, "/news/tour/tour.jpg"
	mtype MediaType
	src   *file // the file it is, or is made from
	op    *spec // an image operation; nil for the file itself
	w, h  int   // an image's size, as shown
	// text is a derived text resource's content and its key (minify,
	// fingerprint, concat); nil for files and images.
	text      func() ([]byte, error)
	textKey   string
	integrity string
}

// Name is the resource's path inside its bundle or under assets/.
func (r *Resource) Name() string { return r.name }

// MediaType is the resource's type ("image/jpeg"); .MediaType.MainType is
// "image".
func (r *Resource) MediaType() MediaType { return r.mtype }

// ResourceType is the media type's main type, as Hugo has it.
func (r *Resource) ResourceType() string { return r.mtype.MainType }

// RelPermalink publishes the resource and returns its URL path.
func (r *Resource) RelPermalink() (string, error) {
	if err := r.check(); err != nil {
		return "", err
	}
	if err := r.s.use(r); err != nil {
		return "", err
	}
	return r.s.o.BasePath + r.url, nil
}

// Permalink publishes the resource and returns its full URL.
func (r *Resource) Permalink() (string, error) {
	rel, err := r.RelPermalink()
	return r.s.o.Origin + rel, err
}

// Content is the resource's bytes, as a string (Hugo's .Content).
func (r *Resource) Content() (string, error) {
	b, err := r.bytes()
	return string(b), err
}

// Data holds Integrity ("sha384-…") after fingerprint.
func (r *Resource) Data() map[string]any {
	return map[string]any{"Integrity": r.integrity}
}

func (r *Resource) describe() string {
	if r.src != nil {
		return r.src.path
	}
	return r.name
}

// key identifies the resource's bytes: equal keys, equal bytes.
func (r *Resource) key() string {
	switch {
	case r.text != nil:
		return r.textKey
	case r.op != nil:
		return r.imageKey()
	}
	return "file:" + r.src.path + ":" + strconv.FormatUint(r.src.hash, 16)
}

// imageKey is a processed image's cache key: the source's hash, the
// operation and the encoders.
func (r *Resource) imageKey() string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d|%d|%s", r.s.version, webpEngine(), r.src.hash, r.src.size, r.op.key())))
	return hex.EncodeToString(sum[:16])
}

// check is the error of an image that cannot be used.
func (r *Resource) check() error {
	if r.op != nil && r.src.err != nil {
		return fmt.Errorf("image %s: %v", r.src.path, r.src.err)
	}
	return nil
}

// bytes is the resource's content: the file, the derived text, or the
// processed image (from the cache, or made now).
func (r *Resource) bytes() ([]byte, error) {
	switch {
	case r.text != nil:
		return r.text()
	case r.op != nil:
		if err := r.check(); err != nil {
			return nil, err
		}
		out, err := r.s.process(r.src, []*Resource{r})
		if err != nil {
			return nil, err
		}
		return out[0], nil
	}
	b, err := fs.ReadFile(r.s.o.FS, r.src.path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.src.path, err)
	}
	return b, nil
}

// image is the error for image methods on a resource that is not one.
func (r *Resource) image(method string) error {
	if r.src == nil || r.src.hdr == nil || r.text != nil {
		return fmt.Errorf("%s: %s is only for images (JPEG, PNG, GIF, WebP), not %s", r.describe(), method, r.mtype)
	}
	if r.src.err != nil {
		return fmt.Errorf("image %s: %v", r.src.path, r.src.err)
	}
	return nil
}

// Width is the image's width in pixels, as shown (after the Exif
// orientation).
func (r *Resource) Width() (int, error) {
	w, _, err := r.size("Width")
	return w, err
}

// Height is the image's height in pixels, as shown.
func (r *Resource) Height() (int, error) {
	_, h, err := r.size("Height")
	return h, err
}

// size is a processed image's size, or the original's as shown; method
// names the template method in the error when r is not an image.
func (r *Resource) size(method string) (w, h int, err error) {
	if err := r.image(method); err != nil {
		return 0, 0, err
	}
	if r.op != nil {
		return r.w, r.h, nil
	}
	return r.src.hdr.w, r.src.hdr.h, nil
}

// Exif is the original image's Exif data; nil when it has none.
func (r *Resource) Exif() (*Exif, error) {
	if err := r.image("Exif"); err != nil {
		return nil, err
	}
	return r.src.hdr.exif, nil
}

// Resize scales to "800x", "x400" or "800x600" (both sides given: the
// ratio is not kept).
func (r *Resource) Resize(s string) (*Resource, error) { return r.process("resize", s) }

// Fit scales down to fit inside the box, keeping the ratio.
func (r *Resource) Fit(s string) (*Resource, error) { return r.process("fit", s) }

// Fill scales to cover the box, keeping the ratio, and crops the rest at
// the anchor (Center by default).
func (r *Resource) Fill(s string) (*Resource, error) { return r.process("fill", s) }

// Crop cuts the box out at the anchor without scaling.
func (r *Resource) Crop(s string) (*Resource, error) { return r.process("crop", s) }

func (r *Resource) process(op, s string) (*Resource, error) {
	method := strings.ToUpper(op[:1]) + op[1:]
	if err := r.image(method); err != nil {
		return nil, err
	}
	if r.op != nil {
		return nil, fmt.Errorf("%s %q on %s: process the original, not an image already processed", method, s, r.describe())
	}
	sp, err := parseSpec(op, s)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %v", method, r.src.path, err)
	}
	if sp.quality == 0 {
		sp.quality = r.s.o.Images.Quality
	}
	format := outputFormat(sp, r.src.hdr.format)
	sp.format = format
	w, h := sp.target(r.src.hdr.w, r.src.hdr.h)
	n := &Resource{s: r.s, src: r.src, op: &sp, w: w, h: h, mtype: mediaType("x." + format)}
	ext := "." + format
	if format == "jpeg" {
		ext = ".jpg"
	}
	stem := strings.TrimSuffix(r.name, path.Ext(r.name))
	// The name depends on what is asked for, not on which WebP engine
	// answers: the same site gets the same URLs on every machine.
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d|%d|%s", r.src.hash, r.src.size, sp.key())))
	k := hex.EncodeToString(sum[:])
	n.name = fmt.Sprintf("%s_%s_%dx%d%s", stem, k[:10], w, h, ext)
	n.url = strings.TrimSuffix(r.url, r.name) + n.name
	return n, nil
}
