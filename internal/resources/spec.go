package resources

import (
	"fmt"
	"strconv"
	"strings"
)

// spec is one image operation as Hugo writes it: ".Fill "600x400 webp q80
// Lanczos TopLeft"". Its key is its canonical form, part of the output's
// name and of the cache key.
type spec struct {
	op      string // resize, fit, fill, crop
	w, h    int    // 0: follows from the other side (resize only)
	format  string // jpeg, png, webp; "" keeps the source's (gif becomes png)
	quality int    // 0: the configured default
	filter  string // canonical filter name; "" for the default
	anchor  string // canonical anchor name; "" for Center
}

var filterNames = map[string]string{
	"nearestneighbor": "NearestNeighbor", "box": "Box", "linear": "Linear", "catmullrom": "CatmullRom",
	"lanczos": "Lanczos", "mitchellnetravali": "MitchellNetravali", "hermite": "Hermite", "gaussian": "Gaussian",
}

var anchorNames = map[string]string{
	"center": "Center", "smart": "Center", "topleft": "TopLeft", "top": "Top", "topright": "TopRight",
	"left": "Left", "right": "Right", "bottomleft": "BottomLeft", "bottom": "Bottom", "bottomright": "BottomRight",
}

// parseSpec reads an operation's options. Every word must be known: a typo
// is an error, never silently a default.
func parseSpec(op, s string) (spec, error) {
	sp := spec{op: op}
	sized := false
	for _, word := range strings.Fields(s) {
		lw := strings.ToLower(word)
		switch {
		case lw == "jpg" || lw == "jpeg":
			sp.format = "jpeg"
		case lw == "png" || lw == "webp":
			sp.format = lw
		case filterNames[lw] != "":
			sp.filter = filterNames[lw]
		case anchorNames[lw] != "":
			sp.anchor = anchorNames[lw]
		case lw == "picture" || lw == "photo" || lw == "drawing" || lw == "icon" || lw == "text":
			// Hugo's WebP hints; libwebp's defaults serve photos well
		case len(lw) > 1 && lw[0] == 'q' && isDigits(lw[1:]):
			q, _ := strconv.Atoi(lw[1:])
			if q < 1 || q > 100 {
				return sp, fmt.Errorf("quality %q: must be q1 to q100", word)
			}
			sp.quality = q
		case strings.Contains(lw, "x") && !sized:
			w, h, err := parseSize(lw)
			if err != nil {
				return sp, fmt.Errorf("size %q: %v", word, err)
			}
			sp.w, sp.h, sized = w, h, true
		default:
			return sp, fmt.Errorf("unknown option %q in %q (sizes such as 800x600, formats jpeg png webp, qNN, a filter such as Lanczos, an anchor such as TopLeft)", word, s)
		}
	}
	switch {
	case !sized:
		return sp, fmt.Errorf("%s %q: no size such as 800x600", op, s)
	case op != "resize" && (sp.w == 0 || sp.h == 0):
		return sp, fmt.Errorf("%s %q: needs both width and height, such as 600x400", op, s)
	}
	return sp, nil
}

func parseSize(s string) (w, h int, err error) {
	a, b, _ := strings.Cut(s, "x")
	if a == "" && b == "" {
		return 0, 0, fmt.Errorf("no width and no height")
	}
	for _, p := range []struct {
		s string
		n *int
	}{{a, &w}, {b, &h}} {
		if p.s == "" {
			continue
		}
		if !isDigits(p.s) {
			return 0, 0, fmt.Errorf("%q is not a number of pixels", p.s)
		}
		*p.n, _ = strconv.Atoi(p.s)
		if *p.n < 1 || *p.n > 20000 {
			return 0, 0, fmt.Errorf("%d pixels is out of range (1 to 20000)", *p.n)
		}
	}
	return w, h, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) > 0 && len(s) < 7
}

// key is the canonical form of the spec, for names and cache keys.
func (sp spec) key() string {
	return fmt.Sprintf("%s_%dx%d_%s_q%d_%s_%s", sp.op, sp.w, sp.h, sp.format, sp.quality, sp.filter, sp.anchor)
}

// target is the size an operation gives an image of w×h.
func (sp spec) target(w, h int) (tw, th int) {
	switch sp.op {
	case "resize":
		tw, th = sp.w, sp.h
		if tw == 0 {
			tw = max(1, int(float64(w)*float64(th)/float64(h)+0.5))
		}
		if th == 0 {
			th = max(1, int(float64(h)*float64(tw)/float64(w)+0.5))
		}
	case "fit": // inside the box, ratio kept, never enlarged
		tw, th = w, h
		if tw > sp.w {
			tw, th = sp.w, max(1, int(float64(h)*float64(sp.w)/float64(w)+0.5))
		}
		if th > sp.h {
			tw, th = max(1, int(float64(w)*float64(sp.h)/float64(h)+0.5)), sp.h
		}
	case "fill", "crop":
		tw, th = sp.w, sp.h
		if sp.op == "crop" {
			tw, th = min(tw, w), min(th, h)
		}
	}
	return tw, th
}
