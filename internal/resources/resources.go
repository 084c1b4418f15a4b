// Package resources is sitegen's resource model, after Hugo's: the files
// of a page bundle (page resources) and of the site's assets/ folder
// (global resources), images processed from them, and CSS, JS and other
// text assets minified, joined and fingerprinted.
//
// # Resources
//
// A Resource has a Name, a MediaType, a RelPermalink and a Permalink, and
// its Content. Nothing is published because it exists: a resource is
// written to the output only when its URL is asked for, and then once,
// however many pages ask (Store.Flush writes them, sorted, at the end of a
// build). A bundle's original files are still copied beside their page by
// the build, as before; see StripPrivate for what is taken out of them.
//
// # Images
//
// An image resource has Width, Height and Exif, and Resize, Fit, Fill and
// Crop take Hugo's spec strings ("800x", "x400", "600x400 webp q80
// Lanczos TopLeft"). The result's size is known at once from the source's
// header; the pixels are made only when the result is published, each
// source decoded once for all its results, at most GOMAXPROCS sources at a
// time. The Exif orientation is applied, and no processed image carries
// metadata. An image whose header claims more than [images] maxPixels is
// refused before it is decoded; a file whose content is not the format its
// name says, or that is cut short, is refused when it is first used.
//
// # Determinism and caching
//
// A processed image's name holds a hash of its source's bytes and of the
// operation, so equal input gives equal output, and a changed source gets a
// new URL. Processed bytes are kept in a Cache keyed by the source's hash,
// the operation and the encoders' version, so a second build decodes
// nothing.
package resources

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/sitegen/sitegen/internal/config"
)

// Cache keeps processed images' bytes between builds (see internal/cache).
// Hash and SetHash remember a source file's content hash by its path, size
// and modification time, so that a repeated build reads only the head of
// an unchanged photo (its header), not all of it.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
	Hash(stamp string) (uint64, bool)
	SetHash(stamp string, hash uint64)
}

// Options configure a Store.
type Options struct {
	FS       fs.FS // the site folder
	Images   config.Images
	BasePath string // the base URL's path, "" or "/forum"
	Origin   string // scheme and host of the base URL, for Permalink
	Cache    Cache  // nil: nothing kept between builds
	Workers  int    // images processed at once; default GOMAXPROCS
}

// Store holds one site's resources. Serve keeps one across builds, so an
// image is processed once; it is safe for concurrent use.
type Store struct {
	o Options

	mu      sync.Mutex
	files   map[string]*file     // source files read so far, by site path
	used    map[string]*Resource // published resources by output file
	written map[string]string    // output file -> key of what Flush last wrote there
	sem     chan struct{}        // limits the images decoded at once
	version string               // encoderVersion; tests change it
	decodes atomic.Int64         // images decoded, for tests and --verbose
	min     *Minifier
}

// New returns an empty Store.
func New(o Options) *Store {
	return &Store{o: o, files: map[string]*file{}, used: map[string]*Resource{}, written: map[string]string{}, version: encoderVersion}
}

// Decodes is how many images the Store has decoded.
func (s *Store) Decodes() int64 { return s.decodes.Load() }

// file is a source file: its content's hash and, for images, its header.
type file struct {
	path string
	hash uint64
	size int
	hdr  *header
	err  error // why it cannot be used as an image
}

// Forget drops what the Store knows of changed source files, so that
// they are read again; resources made from an old version are no longer
// published.
func (s *Store) Forget(paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		delete(s.files, p)
	}
	for out, r := range s.used {
		if r.src != nil && s.files[r.src.path] != r.src {
			delete(s.used, out)
		}
	}
}

// source reads a source file once and remembers its hash and header.
func (s *Store) source(p string) (*file, error) {
	s.mu.Lock()
	f := s.files[p]
	s.mu.Unlock()
	if f != nil {
		return f, nil
	}
	f, err := s.read(p)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.files[p]; old != nil {
		return old, nil
	}
	s.files[p] = f
	return f, nil
}

// headSize is how much of an unchanged image is read again: its header
// and Exif come first (a photo whose metadata is larger is read whole).
const headSize = 64 << 10

func (s *Store) read(p string) (*file, error) {
	image := mediaType(p).MainType == "image" && path.Ext(p) != ".svg"
	var stamp string
	if fi, err := fs.Stat(s.o.FS, p); err == nil && image && s.o.Cache != nil {
		stamp = fmt.Sprintf("%s\x00%d\x00%d", p, fi.Size(), fi.ModTime().UnixNano())
		if h, ok := s.o.Cache.Hash(stamp); ok {
			if f := s.readHead(p, h, int(fi.Size())); f != nil {
				return f, nil
			}
		}
	}
	data, err := fs.ReadFile(s.o.FS, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	f := &file{path: p, hash: xxhash.Sum64(data), size: len(data)}
	if image {
		h, err := readHeader(data, path.Ext(p), s.o.Images.MaxPixels)
		if err == nil {
			err = complete(data, h.format)
		}
		f.hdr, f.err = &h, err
		if err == nil && stamp != "" {
			s.o.Cache.SetHash(stamp, f.hash)
		}
	}
	return f, nil
}

// readHead reads the header of an image known whole by its stamp; nil
// when the head does not hold it.
func (s *Store) readHead(p string, hash uint64, size int) *file {
	fh, err := s.o.FS.Open(p)
	if err != nil {
		return nil
	}
	defer fh.Close()
	head := make([]byte, min(size, headSize))
	if _, err := io.ReadFull(fh, head); err != nil {
		return nil
	}
	h, err := readHeader(head, path.Ext(p), s.o.Images.MaxPixels)
	if err != nil {
		return nil
	}
	return &file{path: p, hash: hash, size: size, hdr: &h}
}

// Get is a global resource: a file under assets/ (resources.Get).
func (s *Store) Get(name string) (*Resource, error) {
	clean := path.Clean("/" + name)[1:]
	if clean == "" || strings.HasPrefix(name, "../") {
		return nil, fmt.Errorf("resources.Get %q: not a file under %s/", name, config.AssetsDir)
	}
	f, err := s.source(config.AssetsDir + "/" + clean)
	if err != nil {
		return nil, fmt.Errorf("resources.Get %q: no such file under %s/", name, config.AssetsDir)
	}
	return s.original(f, clean, "/"+clean), nil
}

// GetMatch is the first file under assets/ whose path matches a glob
// (path.Match's, segment by segment: "images/*.jpg"), or nil when none
// does (Hugo's resources.GetMatch). A name without wildcards is looked up
// as it is, so templates can ask whether an asset exists.
func (s *Store) GetMatch(pattern string) (*Resource, error) {
	clean := path.Clean("/" + pattern)[1:]
	if clean == "" || strings.HasPrefix(pattern, "../") {
		return nil, fmt.Errorf("resources.GetMatch %q: not a path under %s/", pattern, config.AssetsDir)
	}
	found, err := fs.Glob(s.o.FS, config.AssetsDir+"/"+clean)
	if err != nil {
		return nil, fmt.Errorf("resources.GetMatch %q: %w", pattern, err)
	}
	for _, f := range found { // sorted
		if fi, err := fs.Stat(s.o.FS, f); err == nil && fi.Mode().IsRegular() {
			return s.Get(strings.TrimPrefix(f, config.AssetsDir+"/"))
		}
	}
	return nil, nil
}

// Bundle is a page's resources: files are the bundle's files (site
// paths), names their paths inside the bundle, dir the page's URL path.
func (s *Store) Bundle(files, names []string, dir string) List {
	out := make(List, 0, len(files))
	for i, p := range files {
		f, err := s.source(p)
		if err != nil {
			continue // gone since the site was loaded: the next build drops it
		}
		out = append(out, s.original(f, names[i], dir+names[i]))
	}
	return out
}

func (s *Store) original(f *file, name, url string) *Resource {
	return &Resource{s: s, name: name, url: url, src: f, mtype: mediaType(name)}
}

// use publishes r at its URL. Two different resources at one URL is an
// error.
func (s *Store) use(r *Resource) error {
	out := strings.TrimPrefix(r.url, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.used[out]; ok && old.key() != r.key() {
		return fmt.Errorf("two resources are published at %s (%s and %s)", r.url, old.describe(), r.describe())
	}
	s.used[out] = r
	return nil
}

// MediaType is a resource's type, as Hugo's: "image/jpeg" with MainType
// "image" and SubType "jpeg".
type MediaType struct{ Type, MainType, SubType string }

func (m MediaType) String() string { return m.Type }

// mediaTypes is a fixed table, not the system's: the same site must give
// the same types on every machine.
var mediaTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
	".svg": "image/svg+xml", ".avif": "image/avif", ".ico": "image/x-icon", ".css": "text/css",
	".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
	".html": "text/html", ".txt": "text/plain", ".pdf": "application/pdf", ".woff": "font/woff",
	".woff2": "font/woff2", ".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg",
}

func mediaType(name string) MediaType {
	t := mediaTypes[strings.ToLower(path.Ext(name))]
	if t == "" {
		t = "application/octet-stream"
	}
	main, sub, _ := strings.Cut(t, "/")
	return MediaType{t, main, sub}
}
