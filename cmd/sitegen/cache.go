package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sitegen/sitegen/internal/cache"
	"github.com/sitegen/sitegen/internal/highlight"
)

// cacheFlags choose where highlighted code is kept between builds.
type cacheFlags struct {
	dir string
	off bool
}

func (f *cacheFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "cache-dir", "", "keep highlighted code in `folder` between builds (default: a folder per site in the user's cache folder)")
	fs.BoolVar(&f.off, "no-cache", false, "highlight every code block again and keep nothing for the next build")
}

// open returns the cache for the site at source, or nil when it is off or
// cannot be used; a cache that cannot be used is said on stderr, and the
// build goes on without it.
func (f *cacheFlags) open(source string, stderr io.Writer) *cache.Cache {
	if f.off || highlight.Modules() == "" {
		return nil // no module versions: a cache could outlive a chroma upgrade
	}
	dir := f.dir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "sitegen", siteID(source))
	}
	c, err := cache.Open(dir)
	if err != nil {
		fmt.Fprintf(stderr, "warning: highlight cache not used: %v\n", err)
		return nil
	}
	return c
}

// closeCache keeps what the build used for the next one (or, after a
// failed build, drops it) and, verbose, says how much was found.
func closeCache(c *cache.Cache, keep, verbose bool, log io.Writer) {
	if !keep {
		c.Discard()
	} else if err := c.Commit(); err != nil {
		fmt.Fprintln(log, "warning:", err)
	}
	if verbose {
		st := c.Stats()
		fmt.Fprintf(log, "highlight cache: %d of %d code blocks found\n", st.Found, st.Asked)
	}
}

// openImages is the processed-image cache beside the highlight pack, or
// nil when that is off.
func openImages(codes *cache.Cache) *cache.Files {
	if codes == nil {
		return nil
	}
	f, err := cache.OpenFiles(filepath.Join(codes.Dir(), "images"))
	if err != nil {
		return nil
	}
	return f
}

// closeImages keeps only what the build used, after a good build.
func closeImages(f *cache.Files, keep, verbose bool, log io.Writer) {
	if keep {
		if err := f.Prune(); err != nil {
			fmt.Fprintln(log, "warning: image cache:", err)
		}
	}
	if verbose {
		fmt.Fprintf(log, "image cache: %d processed images found\n", f.Hits())
	}
}

// siteID names a site's folder in the user's cache: sites do not evict
// each other's blocks.
func siteID(source string) string {
	abs, err := filepath.Abs(source)
	if err != nil {
		abs = source
	}
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:8])
}
