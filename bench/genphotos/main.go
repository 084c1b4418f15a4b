// Command genphotos writes photo-like JPEGs for the image benchmark: smooth
// light, shapes and fine noise, so that they compress and scale like
// photographs (about 2 to 4 MB each at 4000×3000), and the same bytes on
// every run.
//
//	go run ./bench/genphotos -n 60 -w 4000 -h 3000 DIR
package main

import (
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sync"
)

func main() {
	n := flag.Int("n", 60, "how many photos")
	w := flag.Int("w", 4000, "width")
	h := flag.Int("h", 3000, "height")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genphotos [-n 60 -w 4000 -h 3000] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range *n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := write(filepath.Join(dir, fmt.Sprintf("p%02d.jpg", i)), photo(i, *w, *h)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}()
	}
	wg.Wait()
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 90}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// photo is image i: a sky-to-ground gradient, soft discs and a grain that
// depends on a hash of the position (deterministic, no global state).
func photo(i, w, h int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	fi := float64(i)
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(h)
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			v := 150 - 90*fy + 40*math.Sin(fx*6.3+fi)*math.Cos(fy*4.1+fi/3)
			d := math.Hypot(fx-0.3-0.02*fi, fy-0.6)
			if d < 0.15 {
				v += 60 * (0.15 - d) / 0.15
			}
			hsh := uint32(x*73856093) ^ uint32(y*19349663) ^ uint32(i*83492791)
			hsh ^= hsh >> 13
			hsh *= 0x5bd1e995
			v += float64(hsh>>24)/255*24 - 12
			img.Y[y*img.YStride+x] = clamp(v)
		}
	}
	for y := 0; y < h/2; y++ {
		for x := 0; x < w/2; x++ {
			fx, fy := float64(x)/float64(w/2), float64(y)/float64(h/2)
			img.Cb[y*img.CStride+x] = clamp(128 + 30*math.Sin(fx*3+fi) - 20*fy)
			img.Cr[y*img.CStride+x] = clamp(128 + 25*math.Cos(fy*5+fi/2) + 10*fx)
		}
	}
	return img
}

func clamp(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, v)))
}
