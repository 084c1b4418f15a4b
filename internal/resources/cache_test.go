package resources

import (
	"sync"
	"testing"

	"github.com/sitegen/sitegen/internal/resources/imgtest"
)

// memCache is a Cache in memory that counts what it is asked.
type memCache struct {
	mu   sync.Mutex
	m    map[string][]byte
	hits int
}

func (c *memCache) Get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	if ok {
		c.hits++
	}
	return b, ok
}

func (c *memCache) Hash(string) (uint64, bool) { return 0, false }
func (c *memCache) SetHash(string, uint64)     {}

func (c *memCache) Put(k string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = b
}

func TestCache(t *testing.T) {
	cache := &memCache{m: map[string][]byte{}}
	photo := imgtest.JPEG(imgtest.Photo(300, 200), imgtest.Exif{})
	run := func(data []byte, version string) (*Store, map[string][]byte) {
		s := newStore(t, map[string][]byte{"assets/p.jpg": data})
		s.o.Cache = cache
		if version != "" {
			s.version = version
		}
		r, err := s.Get("p.jpg")
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range []string{"100x", "200x webp", "50x50 png"} {
			p, err := r.Resize(spec)
			if err != nil {
				t.Fatal(err)
			}
			p.RelPermalink()
		}
		return s, flush(t, s)
	}
	first, out1 := run(photo, "")
	if first.Decodes() != 1 || len(cache.m) != 3 {
		t.Fatalf("first build: %d decodes, %d cached; want 1 and 3", first.Decodes(), len(cache.m))
	}
	second, out2 := run(photo, "")
	if second.Decodes() != 0 || cache.hits != 3 {
		t.Errorf("second build: %d decodes, %d hits; want 0 and 3", second.Decodes(), cache.hits)
	}
	for k, v := range out1 {
		if string(out2[k]) != string(v) {
			t.Errorf("%s differs between a processed and a cached build", k)
		}
	}
	changed := imgtest.JPEG(imgtest.Photo(300, 201), imgtest.Exif{})
	if s, out := run(changed, ""); s.Decodes() != 1 || len(cache.m) != 6 {
		t.Errorf("changed source: %d decodes, %d cached; want 1 and 6", s.Decodes(), len(cache.m))
	} else {
		for k := range out {
			if _, ok := out1[k]; ok {
				t.Errorf("a changed source kept the URL %s", k)
			}
		}
	}
	if s, _ := run(photo, "another encoder"); s.Decodes() != 1 {
		t.Errorf("new encoder version: %d decodes, want 1", s.Decodes())
	}
}
