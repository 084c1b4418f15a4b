package resources

import (
	"encoding/binary"
	"strings"
	"time"
)

// Exif is what templates read of an image's Exif data (Hugo's .Exif):
// the date it was taken and a few camera tags by their Exif names (Make,
// Model, LensModel, FNumber, ExposureTime, ISO, FocalLength, Orientation).
type Exif struct {
	Date time.Time
	Tags map[string]any
}

// Tags sitegen reads, and those it strips from published originals.
const (
	tagMake         = 0x010F
	tagModel        = 0x0110
	tagOrientation  = 0x0112
	tagDateTime     = 0x0132
	tagExifIFD      = 0x8769
	tagGPSIFD       = 0x8825
	tagExposureTime = 0x829A
	tagFNumber      = 0x829D
	tagISO          = 0x8827
	tagDateOriginal = 0x9003
	tagFocalLength  = 0x920A
	tagMakerNote    = 0x927C // vendors keep serial numbers in it
	tagOwnerName    = 0xA430
	tagBodySerial   = 0xA431
	tagLensModel    = 0xA434
	tagLensSerial   = 0xA435
)

var tagNames = map[uint16]string{tagMake: "Make", tagModel: "Model", tagOrientation: "Orientation",
	tagExposureTime: "ExposureTime", tagFNumber: "FNumber", tagISO: "ISO", tagFocalLength: "FocalLength",
	tagLensModel: "LensModel"}

// private are the Exif IFD's tags that identify a camera or its owner.
var private = map[uint16]bool{tagMakerNote: true, tagOwnerName: true, tagBodySerial: true, tagLensSerial: true}

// exifSegment finds the TIFF data of a JPEG's Exif (APP1) segment: the
// bytes after "Exif\0\0", as a slice of data. It stops at the image data.
func exifSegment(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xDA || m == 0xD9 { // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if m == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// tiff reads a TIFF structure without trusting any offset in it.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

func newTIFF(b []byte) *tiff {
	if len(b) < 8 {
		return nil
	}
	switch string(b[:4]) {
	case "II*\x00":
		return &tiff{b, binary.LittleEndian}
	case "MM\x00*":
		return &tiff{b, binary.BigEndian}
	}
	return nil
}

// entry is one IFD entry: where it is and what it says.
type entry struct {
	at    int // offset of the 12-byte entry
	tag   uint16
	typ   uint16
	count uint32
}

var typeSize = map[uint16]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}

// ifd lists the entries of the IFD at off; nil if it does not fit.
func (t *tiff) ifd(off uint32) []entry {
	if off < 8 || int(off)+2 > len(t.b) {
		return nil
	}
	n := int(t.bo.Uint16(t.b[off:]))
	if int(off)+2+12*n+4 > len(t.b) {
		return nil
	}
	out := make([]entry, n)
	for i := range out {
		at := int(off) + 2 + 12*i
		out[i] = entry{at, t.bo.Uint16(t.b[at:]), t.bo.Uint16(t.b[at+2:]), t.bo.Uint32(t.b[at+4:])}
	}
	return out
}

// value is an entry's bytes: in the entry when they fit in 4, else at
// the offset it holds; nil when they lie outside the data.
func (t *tiff) value(e entry) []byte {
	size := typeSize[e.typ] * int(e.count)
	if size <= 0 || e.count > 1<<24 {
		return nil
	}
	if size <= 4 {
		return t.b[e.at+8 : e.at+8+size]
	}
	off := int(t.bo.Uint32(t.b[e.at+8:]))
	if off < 8 || off+size > len(t.b) {
		return nil
	}
	return t.b[off : off+size]
}

func (t *tiff) uint(e entry) (uint32, bool) {
	v := t.value(e)
	switch {
	case e.typ == 3 && len(v) >= 2:
		return uint32(t.bo.Uint16(v)), true
	case e.typ == 4 && len(v) >= 4:
		return t.bo.Uint32(v), true
	}
	return 0, false
}

// decode turns an entry into a template value: text, a number or a ratio
// as a float.
func (t *tiff) decode(e entry) (any, bool) {
	v := t.value(e)
	switch {
	case e.typ == 2:
		return strings.TrimRight(string(v), "\x00 "), v != nil
	case e.typ == 3 || e.typ == 4:
		n, ok := t.uint(e)
		return int(n), ok
	case (e.typ == 5 || e.typ == 10) && len(v) >= 8:
		num, den := t.bo.Uint32(v), t.bo.Uint32(v[4:])
		if den == 0 {
			return nil, false
		}
		if e.typ == 10 {
			return float64(int32(num)) / float64(int32(den)), true
		}
		return float64(num) / float64(den), true
	}
	return nil, false
}

// readExif reads the Exif of a JPEG; nil when it has none.
func readExif(data []byte) (*Exif, int) {
	t := newTIFF(exifSegment(data))
	if t == nil {
		return nil, 1
	}
	x := &Exif{Tags: map[string]any{}}
	orientation := 1
	var walk func(off uint32, depth int)
	walk = func(off uint32, depth int) {
		for _, e := range t.ifd(off) {
			if e.tag == tagExifIFD && depth == 0 {
				if o, ok := t.uint(e); ok {
					walk(o, 1)
				}
				continue
			}
			if e.tag == tagDateOriginal || (e.tag == tagDateTime && x.Date.IsZero()) {
				if v, ok := t.decode(e); ok {
					if d, err := time.Parse("2006:01:02 15:04:05", v.(string)); err == nil {
						x.Date = d
					}
				}
			}
			if name := tagNames[e.tag]; name != "" {
				if v, ok := t.decode(e); ok {
					x.Tags[name] = v
				}
			}
			if e.tag == tagOrientation {
				if o, ok := t.uint(e); ok && o >= 1 && o <= 8 {
					orientation = int(o)
				}
			}
		}
	}
	walk(t.bo.Uint32(t.b[4:]), 0)
	return x, orientation
}

// HasGPS reports whether a JPEG's Exif points at a GPS IFD.
func HasGPS(data []byte) bool {
	t := newTIFF(exifSegment(data))
	if t == nil {
		return false
	}
	for _, e := range t.ifd(t.bo.Uint32(t.b[4:])) {
		if e.tag == tagGPSIFD {
			return true
		}
	}
	return false
}

// StripPrivate removes the GPS position and the tags that identify the
// camera or its owner (serial numbers, owner name, maker note) from a
// JPEG's Exif segment, in place. The segment keeps its length and the
// rest of the file is untouched: the entries are taken out of their IFDs
// (the following ones move up, the IFD's slack is zeroed) and the data
// they pointed at is zeroed. It reports whether anything was removed.
func StripPrivate(data []byte) bool {
	t := newTIFF(exifSegment(data))
	if t == nil {
		return false
	}
	ifd0 := t.bo.Uint32(t.b[4:])
	changed := false
	for _, e := range t.ifd(ifd0) {
		switch e.tag {
		case tagGPSIFD:
			if off, ok := t.uint(e); ok {
				for _, g := range t.ifd(off) {
					t.zeroValue(g)
				}
				t.zeroIFD(off)
			}
			changed = true
		case tagExifIFD:
			if off, ok := t.uint(e); ok {
				changed = t.remove(off, func(e entry) bool { return private[e.tag] }) || changed
			}
		}
	}
	return t.remove(ifd0, func(e entry) bool { return e.tag == tagGPSIFD }) || changed
}

// remove takes the entries that drop says out of the IFD at off.
func (t *tiff) remove(off uint32, drop func(entry) bool) bool {
	es := t.ifd(off)
	if es == nil {
		return false
	}
	keep := make([][]byte, 0, len(es))
	for _, e := range es {
		if drop(e) {
			t.zeroValue(e)
		} else {
			keep = append(keep, append([]byte(nil), t.b[e.at:e.at+12]...))
		}
	}
	if len(keep) == len(es) {
		return false
	}
	end := int(off) + 2 + 12*len(es)
	next := append([]byte(nil), t.b[end:end+4]...)
	t.bo.PutUint16(t.b[off:], uint16(len(keep)))
	at := int(off) + 2
	for _, k := range keep {
		at += copy(t.b[at:], k)
	}
	at += copy(t.b[at:], next)
	clear(t.b[at : end+4])
	return true
}

// zeroValue clears the bytes an entry points at (values of 4 bytes or
// less live in the entry itself, cleared with it).
func (t *tiff) zeroValue(e entry) {
	if typeSize[e.typ]*int(e.count) > 4 {
		clear(t.value(e))
	}
}

func (t *tiff) zeroIFD(off uint32) {
	if es := t.ifd(off); es != nil {
		clear(t.b[off : int(off)+2+12*len(es)+4])
	}
}
