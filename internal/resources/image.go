package resources

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // GIF for image.Decode: the first frame
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"github.com/gen2brain/webp"
	xdraw "golang.org/x/image/draw"
)

// The encoders' version, part of every processed image's cache key: a
// change to how sitegen scales or encodes must set it anew.
const encoderVersion = "sitegen-img-1"

// webpEngine names the WebP encoder in use: the system's libwebp when the
// binary can load it, else the same library compiled to WebAssembly. Their
// bytes may differ, so the cache keeps them apart.
func webpEngine() string {
	if webp.Dynamic() == nil {
		return "libwebp"
	}
	return "wasm"
}

// header is what an image's first bytes tell: its format and its size as
// shown (after the Exif orientation).
type header struct {
	format      string // jpeg, png, gif, webp
	w, h        int
	orientation int
	exif        *Exif
}

var (
	errFormat = errors.New("not a JPEG, PNG, GIF or WebP image")
)

// readHeader reads the format and size without decoding the pixels, and
// refuses an image of more than maxPixels: a decompression bomb costs
// nothing. ext is the file name's extension, which must agree.
func readHeader(data []byte, ext string, maxPixels int) (header, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return header{}, errors.New("the file is cut short (truncated)")
	}
	if err != nil {
		return header{}, fmt.Errorf("%w: %v", errFormat, err)
	}
	if want := formatOfExt(ext); want != "" && want != format {
		return header{}, fmt.Errorf("the file is a %s image, but its name ends in %s", strings.ToUpper(format), ext)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return header{}, fmt.Errorf("%d×%d pixels is more than [images] maxPixels (%d); refused before decoding", cfg.Width, cfg.Height, maxPixels)
	}
	h := header{format: format, w: cfg.Width, h: cfg.Height, orientation: 1}
	if format == "jpeg" {
		h.exif, h.orientation = readExif(data)
	}
	if h.orientation >= 5 { // a quarter turn: the sides swap
		h.w, h.h = h.h, h.w
	}
	return h, nil
}

func formatOfExt(ext string) string {
	switch strings.ToLower(ext) {
	case ".jpg", ".jpeg":
		return "jpeg"
	case ".png":
		return "png"
	case ".gif":
		return "gif"
	case ".webp":
		return "webp"
	}
	return ""
}

// decodePyramid decodes an image (a GIF's first frame). A JPEG's YCbCr
// pixels are halved straight into RGBA, and the full-size RGBA copy is
// made only if an operation needs it: a 12-megapixel photo then costs
// 12 MB in RGBA instead of 48.
func decodePyramid(data []byte, h header) (*pyramid, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("cannot decode the %s image: %v", strings.ToUpper(h.format), err)
	}
	p := &pyramid{src: img, orientation: h.orientation}
	if y, ok := img.(*image.YCbCr); ok && y.Rect.Dx() >= 2 && y.Rect.Dy() >= 2 {
		p.half = orient(halveYCbCr(y), h.orientation)
	}
	return p, nil
}

// full is the image in RGBA at full size, turned upright.
func (p *pyramid) full() *image.RGBA {
	if len(p.levels) == 0 {
		b := p.src.Bounds()
		rgba, ok := p.src.(*image.RGBA)
		if !ok || b.Min != (image.Point{}) {
			rgba = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
			draw.Draw(rgba, rgba.Bounds(), p.src, b.Min, draw.Src)
		}
		p.levels = []*image.RGBA{orient(rgba, p.orientation)}
	}
	return p.levels[0]
}

// halveYCbCr averages each 2×2 block of a YCbCr image into one RGBA pixel.
func halveYCbCr(src *image.YCbCr) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	x0, y0 := src.Rect.Min.X, src.Rect.Min.Y
	for y := 0; y < h; y++ {
		sy := y0 + 2*y
		d := dst.Pix[y*dst.Stride:]
		for x := 0; x < w; x++ {
			sx := x0 + 2*x
			var yy, cb, cr int
			for _, o := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				yy += int(src.Y[src.YOffset(sx+o[0], sy+o[1])])
				ci := src.COffset(sx+o[0], sy+o[1])
				cb += int(src.Cb[ci])
				cr += int(src.Cr[ci])
			}
			r, g, b := color.YCbCrToRGB(uint8((yy+2)>>2), uint8((cb+2)>>2), uint8((cr+2)>>2))
			d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = r, g, b, 255
		}
	}
	return dst
}

// orient applies an Exif orientation (1 to 8): the pixel at (x, y) of
// the stored image goes where the camera meant it.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride:]
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dy*dst.Stride+dx*4:dy*dst.Stride+dx*4+4], row[x*4:x*4+4])
		}
	}
	return dst
}

// pyramid is a decoded image and its upright halvings, made when first
// needed, once for all the operations on one source.
type pyramid struct {
	src         image.Image
	orientation int
	half        *image.RGBA   // src halved, upright; nil when made from full
	levels      []*image.RGBA // full size, then halvings; empty until needed
}

// atLeast is the smallest halving still at least w×h (at least twice, for
// the filter of the last step to have pixels to work with).
func (p *pyramid) atLeast(w, h int) *image.RGBA {
	if len(p.levels) == 0 && p.half != nil && p.half.Rect.Dx() >= w && p.half.Rect.Dy() >= h {
		p.levels = []*image.RGBA{nil, p.half} // level 0 stays unmade
	}
	if len(p.levels) == 0 {
		p.full()
	}
	i := 0
	if p.levels[0] == nil {
		i = 1
	}
	for {
		cur := p.levels[i]
		if cur.Rect.Dx() < 2*w || cur.Rect.Dy() < 2*h {
			return cur
		}
		if i+1 == len(p.levels) {
			p.levels = append(p.levels, halve(cur))
		}
		i++
	}
}

// transform applies an operation to the pyramid's image; a crop before
// scaling (fill) starts from the full image.
func (p *pyramid) transform(sp spec) *image.RGBA {
	if sp.op == "resize" || sp.op == "fit" {
		w, h := p.size()
		tw, th := sp.target(w, h)
		return scaleTo(p.atLeast(tw, th), tw, th, sp.filter)
	}
	src := p.fullSize()
	w, h := src.Rect.Dx(), src.Rect.Dy()
	tw, th := sp.target(w, h)
	switch sp.op {
	case "crop":
		return cropAt(src, tw, th, sp.anchor)
	case "fill": // cover the box, then cut what overflows
		scale := max(float64(tw)/float64(w), float64(th)/float64(h))
		cw, ch := min(w, int(float64(tw)/scale+0.5)), min(h, int(float64(th)/scale+0.5))
		return scaleTo(cropAt(src, cw, ch, sp.anchor), tw, th, sp.filter)
	}
	return scaleTo(src, tw, th, sp.filter)
}

// size is the upright image's size.
func (p *pyramid) size() (int, int) {
	b := p.src.Bounds()
	if p.orientation >= 5 {
		return b.Dy(), b.Dx()
	}
	return b.Dx(), b.Dy()
}

// fullSize is the full-size level, made if it was skipped.
func (p *pyramid) fullSize() *image.RGBA {
	if len(p.levels) > 0 && p.levels[0] == nil {
		b := p.src.Bounds()
		rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(rgba, rgba.Bounds(), p.src, b.Min, draw.Src)
		p.levels[0] = orient(rgba, p.orientation)
		return p.levels[0]
	}
	return p.full()
}

// cropAt cuts a w×h piece of src at the anchor.
func cropAt(src *image.RGBA, w, h int, anchor string) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	x, y := (sw-w)/2, (sh-h)/2
	if strings.Contains(anchor, "Left") {
		x = 0
	} else if strings.Contains(anchor, "Right") {
		x = sw - w
	}
	if strings.HasPrefix(anchor, "Top") {
		y = 0
	} else if strings.HasPrefix(anchor, "Bottom") {
		y = sh - h
	}
	return src.SubImage(image.Rect(x, y, x+w, y+h)).(*image.RGBA)
}

// scaleTo scales src to w×h. Halving with a 2×2 box first until the
// image is less than twice the target keeps the costly filter to the
// last step, and is as sharp: each halving is an exact box filter.
func scaleTo(src *image.RGBA, w, h int, filter string) *image.RGBA {
	for src.Rect.Dx() >= 2*w && src.Rect.Dy() >= 2*h {
		src = halve(src)
	}
	if src.Rect.Dx() == w && src.Rect.Dy() == h {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	kernel(filter).Scale(dst, dst.Rect, src, src.Rect, xdraw.Src, nil)
	return dst
}

// halve averages each 2×2 block of pixels into one.
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	base := src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y)
	for y := 0; y < h; y++ {
		r0 := src.Pix[base+2*y*src.Stride:]
		r1 := src.Pix[base+(2*y+1)*src.Stride:]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for x := 0; x < w; x++ {
			i := 8 * x
			for c := 0; c < 4; c++ {
				d[4*x+c] = uint8((uint16(r0[i+c]) + uint16(r0[i+4+c]) + uint16(r1[i+c]) + uint16(r1[i+4+c]) + 2) >> 2)
			}
		}
	}
	return dst
}

// kernel is the resampling filter of a spec; Catmull-Rom by default.
func kernel(name string) xdraw.Interpolator {
	switch name {
	case "NearestNeighbor":
		return xdraw.NearestNeighbor
	case "Linear":
		return xdraw.BiLinear
	case "Box":
		return &xdraw.Kernel{Support: 0.5, At: func(t float64) float64 { return 1 }}
	case "Lanczos":
		return &xdraw.Kernel{Support: 3, At: lanczos3}
	case "MitchellNetravali":
		return &xdraw.Kernel{Support: 2, At: mitchell}
	case "Hermite":
		return &xdraw.Kernel{Support: 1, At: func(t float64) float64 { return (2*t-3)*t*t + 1 }}
	case "Gaussian":
		return &xdraw.Kernel{Support: 2, At: gaussian}
	}
	return xdraw.CatmullRom
}

// encode writes an image in a format; JPEG gets a white background where
// the image is transparent.
func encode(img *image.RGBA, format string, quality int) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		if !img.Opaque() {
			bg := image.NewRGBA(img.Rect)
			draw.Draw(bg, bg.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
			draw.Draw(bg, bg.Rect, img, img.Rect.Min, draw.Over)
			img = bg
		}
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: quality})
	case "png":
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&b, img)
	case "webp":
		err = webp.Encode(&b, img, webp.Options{Quality: quality, Method: 4})
	default:
		err = fmt.Errorf("cannot write %s images (jpeg, png and webp can be written)", format)
	}
	return b.Bytes(), err
}

// outputFormat is the format an operation writes: the spec's, else the
// source's; GIF is written as PNG.
func outputFormat(sp spec, src string) string {
	if sp.format != "" {
		return sp.format
	}
	if src == "gif" {
		return "png"
	}
	return src
}
