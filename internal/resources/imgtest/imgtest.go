// Package imgtest makes test images: photo-like JPEGs with chosen Exif
// tags (orientation, GPS, serial numbers), so that tests need no binary
// fixtures.
package imgtest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Exif are the tags a test JPEG carries.
type Exif struct {
	Orientation int    // 0: no orientation tag
	GPS         bool   // a GPS IFD with a latitude
	Serial      string // BodySerialNumber in the Exif IFD
	Make        string
	Date        string // DateTimeOriginal, "2016:10:29 10:00:00"
}

// Photo is a w×h image with smooth gradients and detail, like a photo;
// its top-left quarter is red and the rest has no strong red, so a test
// can tell which way up it is.
func Photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(40 + 60*x/w), uint8(60 + 120*y/h), uint8(100 + (x*y)%50), 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{230, 30, 30, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// JPEG encodes img with an Exif segment holding x.
func JPEG(img image.Image, x Exif) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	data := b.Bytes()
	app1 := append([]byte("Exif\x00\x00"), tiff(x)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(app1)+2))
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, app1...)
	return append(out, data[2:]...)
}

// tiff lays out IFD0 (orientation, make, Exif and GPS pointers), the Exif
// IFD (serial, date) and the GPS IFD, big-endian.
func tiff(x Exif) []byte {
	type ent struct {
		tag, typ uint16
		count    uint32
		val      []byte // inline (<= 4) or out of line
	}
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	short := func(v int) []byte { return []byte{byte(v >> 8), byte(v), 0, 0} }
	var ifd0, exif, gps []ent
	if x.Orientation > 0 {
		ifd0 = append(ifd0, ent{0x0112, 3, 1, short(x.Orientation)})
	}
	if x.Make != "" {
		ifd0 = append(ifd0, ent{0x010F, 2, uint32(len(x.Make) + 1), ascii(x.Make)})
	}
	if x.Date != "" {
		exif = append(exif, ent{0x9003, 2, uint32(len(x.Date) + 1), ascii(x.Date)})
	}
	if x.Serial != "" {
		exif = append(exif, ent{0xA431, 2, uint32(len(x.Serial) + 1), ascii(x.Serial)})
	}
	if x.GPS {
		lat := make([]byte, 24)
		for i, v := range []uint32{23, 1, 7, 1, 3000, 100} {
			binary.BigEndian.PutUint32(lat[4*i:], v)
		}
		gps = append(gps, ent{0x0001, 2, 2, []byte{'N', 0, 0, 0}}, ent{0x0002, 5, 3, lat})
	}
	// Offsets: header 8, then IFD0, Exif IFD, GPS IFD, then the data.
	size := func(es []ent) int { return 2 + 12*len(es) + 4 }
	n0 := len(ifd0)
	if len(exif) > 0 {
		n0++
	}
	if len(gps) > 0 {
		n0++
	}
	off0 := 8
	offExif := off0 + 2 + 12*n0 + 4
	offGPS := offExif + size(exif)
	dataAt := offGPS + size(gps)
	var data []byte
	put := func(b []byte, es []ent, off int) []byte {
		binary.BigEndian.PutUint16(b[off:], uint16(len(es)))
		for i, e := range es {
			at := off + 2 + 12*i
			binary.BigEndian.PutUint16(b[at:], e.tag)
			binary.BigEndian.PutUint16(b[at+2:], e.typ)
			binary.BigEndian.PutUint32(b[at+4:], e.count)
			if len(e.val) <= 4 {
				copy(b[at+8:], e.val)
			} else {
				binary.BigEndian.PutUint32(b[at+8:], uint32(dataAt+len(data)))
				data = append(data, e.val...)
			}
		}
		return b
	}
	if len(exif) > 0 {
		ifd0 = append(ifd0, ent{0x8769, 4, 1, u32(offExif)})
	}
	if len(gps) > 0 {
		ifd0 = append(ifd0, ent{0x8825, 4, 1, u32(offGPS)})
	}
	b := make([]byte, dataAt)
	copy(b, "MM\x00*")
	binary.BigEndian.PutUint32(b[4:], uint32(off0))
	b = put(b, ifd0, off0)
	b = put(b, exif, offExif)
	b = put(b, gps, offGPS)
	return append(b, data...)
}

func u32(v int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(v))
	return b
}
