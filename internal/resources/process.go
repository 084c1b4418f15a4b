package resources

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sync"
)

// complete reports a file cut short: every format has an end mark that a
// truncated file lacks, so this is found where the image is first used
// (with the template or page line), not later when it is decoded.
func complete(data []byte, format string) error {
	ok := true
	switch format {
	case "jpeg":
		t := bytes.TrimRight(data, "\x00\r\n ")
		ok = len(t) >= 2 && t[len(t)-2] == 0xFF && t[len(t)-1] == 0xD9
	case "png":
		ok = bytes.Contains(data[max(0, len(data)-64):], []byte("IEND"))
	case "gif":
		ok = bytes.LastIndexByte(data, 0x3B) >= len(data)-8
	case "webp":
		ok = len(data) >= 12 && int(binary.LittleEndian.Uint32(data[4:]))+8 <= len(data)
	}
	if !ok {
		return errors.New("the file is cut short (truncated)")
	}
	return nil
}

// process makes the processed images rs, all of source f: from the cache,
// or by decoding f once. At most Workers decodes run at once.
func (s *Store) process(f *file, rs []*Resource) ([][]byte, error) {
	out := make([][]byte, len(rs))
	var missing []int
	for i, r := range rs {
		if b, ok := s.cached(r.imageKey()); ok {
			out[i] = b
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	s.slot() <- struct{}{}
	defer func() { <-s.slot() }()
	data, err := fs.ReadFile(s.o.FS, f.path)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", f.path, err)
	}
	s.decodes.Add(1)
	p, err := decodePyramid(data, *f.hdr)
	if err != nil {
		return nil, fmt.Errorf("image %s: %v", f.path, err)
	}
	scaled := map[spec]*image.RGBA{} // one scaling for every format of a size
	for _, i := range missing {
		r := rs[i]
		geo := *r.op
		geo.format, geo.quality = "", 0
		if scaled[geo] == nil {
			scaled[geo] = p.transform(geo)
		}
		b, err := encode(scaled[geo], r.op.format, r.op.quality)
		if err != nil {
			return nil, fmt.Errorf("image %s: %v", f.path, err)
		}
		out[i] = b
		s.store(r.imageKey(), b)
	}
	// A decoded photo and its sizes are tens of megabytes in a few
	// objects: collect them now, so that the next source reuses the
	// memory instead of the heap growing to the collector's next target.
	runtime.GC()
	return out, nil
}

// slot is the Store's semaphore of decodes.
func (s *Store) slot() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sem == nil {
		n := s.o.Workers
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		s.sem = make(chan struct{}, n)
	}
	return s.sem
}

func (s *Store) cached(key string) ([]byte, bool) {
	if s.o.Cache != nil {
		return s.o.Cache.Get(key)
	}
	return nil, false
}

func (s *Store) store(key string, b []byte) {
	if s.o.Cache != nil {
		s.o.Cache.Put(key, b)
	}
}

// Writer takes the files Flush publishes. Had tells whether the previous
// build's output has the file with the bytes Flush last wrote there (then
// keep carries it over, and the bytes are not made again).
type Writer struct {
	Write func(file string, data []byte) error
	Had   func(file string) bool
	Keep  func(file string)
}

// group is the published images of one source, or one other resource.
type group struct {
	src   *file
	files []string
	rs    []*Resource
}

// Flush writes every published resource, processing images in parallel
// (each source decoded once). Errors are gathered, one per source.
func (s *Store) Flush(ctx context.Context, w Writer) error {
	groups := s.pending(w)
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	next := make(chan int)
	for range cap(s.slot()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = s.flushGroup(groups[i], w)
			}
		}()
	}
	for i := 0; i < len(groups) && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// pending groups what Flush must write: what the previous output lacks,
// or holds with other bytes; the rest is kept.
func (s *Store) pending(w Writer) []*group {
	s.mu.Lock()
	defer s.mu.Unlock()
	files := slices.Sorted(maps.Keys(s.used))
	var groups []*group
	bySrc := map[*file]*group{}
	for _, out := range files {
		r := s.used[out]
		if w.Had != nil && s.written[out] == r.key() && w.Had(out) {
			w.Keep(out)
			continue
		}
		if r.op == nil {
			groups = append(groups, &group{files: []string{out}, rs: []*Resource{r}})
			continue
		}
		g := bySrc[r.src]
		if g == nil {
			g = &group{src: r.src}
			bySrc[r.src] = g
			groups = append(groups, g)
		}
		g.files, g.rs = append(g.files, out), append(g.rs, r)
	}
	return groups
}

func (s *Store) flushGroup(g *group, w Writer) error {
	var data [][]byte
	if g.src != nil {
		var err error
		if data, err = s.process(g.src, g.rs); err != nil {
			return err
		}
	} else {
		b, err := g.rs[0].bytes()
		if err != nil {
			return err
		}
		data = [][]byte{b}
	}
	for i, out := range g.files {
		if err := w.Write(out, data[i]); err != nil {
			return err
		}
		s.mu.Lock()
		s.written[out] = g.rs[i].key()
		s.mu.Unlock()
	}
	return nil
}
