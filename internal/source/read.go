package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/pool"
	"github.com/sitegen/sitegen/internal/strblock"
)

// File is a parsed content file.
type File struct {
	Path  string // relative to the site folder: "content/news/x.zh.md"
	Rel   string // relative to content/: "news/x.zh.md"
	Lang  string
	Base  string // Rel without language and extension: "news/x"
	Name  string // base name without language and extension: "x", "_index", "index"
	Src   Source
	Front FrontMatter
}

// Asset is a file under content/ that is not Markdown: copied beside its page.
type Asset struct {
	Path string // relative to the site folder
	Rel  string // relative to content/
}

// Ignored reports whether a file name is an editor's temporary, swap, backup
// or lock file, or hidden: such files are never content.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.Contains(name, "___jb_") || name == "4913"
}

// Walk lists the Markdown files and assets under dir in fsys. Symbolic
// links are never followed: a link could lead out of the site or into a
// loop. They are reported back so the caller can warn.
func Walk(fsys fs.FS, dir string) (md []string, assets []string, links []string, err error) {
	err = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && isNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			links = append(links, p)
		case d.IsDir():
		case !d.Type().IsRegular():
		case strings.HasSuffix(p, ".md"):
			md = append(md, p)
		default:
			assets = append(assets, p)
		}
		return nil
	})
	return md, assets, links, err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// MaxFileSize bounds a Markdown file. Rendering costs goldmark up to some
// sixty bytes of memory per byte of densely marked-up text, so a larger
// page could take gigabytes; no real page comes near it.
const MaxFileSize = 8 << 20

// ReadFiles reads and parses Markdown files in parallel.
func ReadFiles(fsys fs.FS, c *config.Config, paths []string) ([]*File, error) {
	return readFiles(fsys, c, paths, false)
}

// ReadFronts is ReadFiles, but lets each body go once its file is parsed
// (see Source.DropBody): a site's text is never all in memory.
func ReadFronts(fsys fs.FS, c *config.Config, paths []string) ([]*File, error) {
	return readFiles(fsys, c, paths, true)
}

func readFiles(fsys fs.FS, c *config.Config, paths []string, drop bool) ([]*File, error) {
	files := make([]*File, len(paths))
	tax := TaxonomyNames(c)
	var fronts *strblock.Blocks
	if drop {
		fronts = new(strblock.Blocks)
	}
	// Once a body is dropped nothing parsed points into the file's text
	// (the decoders copy what they keep, DropBody copies the front matter,
	// into blocks that the model keeps: see strblock), so a worker reads
	// every file into one buffer: a big site's text was a large share of
	// the load's garbage.
	bufs := make([]*bytes.Buffer, pool.Workers())
	err := pool.Run(context.Background(), len(paths), func(i int) string { return paths[i] }, func(w, i int) error {
		if bufs[w] == nil || !drop {
			bufs[w] = new(bytes.Buffer)
		}
		f, err := readFile(fsys, c, tax, paths[i], bufs[w])
		if drop && f != nil {
			f.Src.DropBody(fronts)
		}
		files[i] = f
		return err
	})
	out := files[:0]
	for _, f := range files {
		if f != nil {
			out = append(out, f)
		}
	}
	return out, err
}

// ReadFile reads and parses one Markdown file at p (relative to the site).
func ReadFile(fsys fs.FS, c *config.Config, tax []string, p string) (*File, error) {
	return readFile(fsys, c, tax, p, new(bytes.Buffer))
}

// readFile is ReadFile with the text read into buf.
func readFile(fsys fs.FS, c *config.Config, tax []string, p string, buf *bytes.Buffer) (*File, error) {
	src, err := readInto(fsys, p, buf)
	if err != nil {
		return nil, err
	}
	return ParseFile(c, tax, p, src)
}

// ReadBody reads the body of the Markdown file at p again, after
// Source.DropBody, into buf (emptied first): the body is a slice of buf's
// bytes, so that a build can read every page's text into a few buffers.
func ReadBody(fsys fs.FS, p string, buf *bytes.Buffer) ([]byte, error) {
	src, err := readInto(fsys, p, buf)
	if err != nil {
		return nil, err
	}
	s, err := Split(p, src)
	if err != nil {
		return nil, err
	}
	return s.Body, nil
}

// readInto reads a file of at most MaxFileSize bytes into buf (emptied
// first), with one open.
func readInto(fsys fs.FS, p string, buf *bytes.Buffer) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, diag.At(p, 0, "%v", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, diag.At(p, 0, "%v", err)
	}
	if fi.Size() > MaxFileSize {
		return nil, diag.At(p, 1, "the file is %d MiB; sitegen renders Markdown files of up to %d MiB", (fi.Size()+1<<20-1)>>20, MaxFileSize>>20).
			WithHint("split it into several pages")
	}
	// Read one byte more than the size said, to see a file that grew.
	buf.Reset()
	buf.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, diag.At(p, 0, "%v", err)
	}
	src := buf.Bytes()
	if len(src) > MaxFileSize {
		return nil, diag.At(p, 1, "the file is over %d MiB; sitegen renders Markdown files of up to %d MiB", MaxFileSize>>20, MaxFileSize>>20).
			WithHint("split it into several pages")
	}
	return src, nil
}

// ParseFile parses the text of a Markdown file at p (relative to the site).
func ParseFile(c *config.Config, tax []string, p string, src []byte) (*File, error) {
	f := &File{Path: p, Rel: strings.TrimPrefix(p, "content/")}
	f.Lang, f.Base, f.Name = SplitName(c, f.Rel)
	s, err := Split(p, src)
	if err != nil {
		return nil, err
	}
	f.Src = s
	f.Front, err = ParseFront(p, s, tax)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// SplitName takes "news/x.zh.md" apart into language "zh", base "news/x"
// and name "x". A suffix that is not a configured language stays in the name.
func SplitName(c *config.Config, rel string) (lang, base, name string) {
	base = strings.TrimSuffix(rel, ".md")
	lang = c.DefaultLanguage
	if ext := path.Ext(base); ext != "" {
		if _, ok := c.Languages[ext[1:]]; ok {
			lang = ext[1:]
			base = strings.TrimSuffix(base, ext)
		}
	}
	return lang, base, path.Base(base)
}

// TaxonomyNames are the plural names of the configured taxonomies, sorted:
// the front matter keys that hold term lists.
func TaxonomyNames(c *config.Config) []string {
	var out []string
	for _, plural := range c.Taxonomies {
		out = append(out, plural)
	}
	sort.Strings(out)
	return out
}
