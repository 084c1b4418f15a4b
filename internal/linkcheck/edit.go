package linkcheck

import (
	"slices"
	"strings"
)

// Remove forgets a page the site no longer has: its links, ids and
// broken links.
func (c *Checker) Remove(sitePath string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if pl := c.pages[sitePath]; pl != nil {
		pl.ix = nil // the index forgets the path
	}
	delete(c.pages, sitePath)
	delete(c.ids, sitePath)
	delete(c.errs, sitePath)
	c.index.forget(sitePath)
}

// LinkingTo adds to pages every page with a link to one of the output
// files in files (written or removed since the last check): whether such
// a link is broken may have changed.
func (c *Checker) LinkingTo(pages map[string]bool, files map[string]bool) {
	if len(files) == 0 {
		return
	}
	// A link's site path p hits a file f when OutputFile(p) is f, or
	// OutputFile(p+"/") is when p has no slash at its end. Both are
	// answered by one set of keys, p without its leading slash: f itself,
	// and for f = D/index.html also D/ and D ("" for index.html).
	// TestLinkingTo holds this to the rule. The pages with such links are
	// found through an index of every page's links (linkIndex), and then
	// scanned, which makes no strings.
	keys := linkKeys(files)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index == nil {
		c.index = &linkIndex{by: map[string][]string{}, refs: map[string]string{}}
	}
	c.index.update(c.pages)
	for k := range keys {
		for _, path := range c.index.by[k] {
			if pl := c.pages[path]; pl != nil && !pages[path] && pl.linksTo(keys) {
				pages[path] = true
			}
		}
	}
}

// linkingToPages are the pages with a link to one of the site paths in
// sitePaths ("/news/x/"), or to a file that holds such a page's ids (see
// pagePath), through the index: a superset of those whose anchors into
// them Recheck checks, found without scanning every page's links.
func (c *Checker) linkingToPages(sitePaths map[string]bool) map[string]bool {
	out := map[string]bool{}
	if len(sitePaths) == 0 {
		return out
	}
	files := map[string]bool{}
	for p := range sitePaths {
		rel := strings.TrimPrefix(p, "/")
		files[rel] = true // pagePath of a file not index.html
		if rel == "" || strings.HasSuffix(rel, "/") {
			files[rel+"index.html"] = true
		}
	}
	c.LinkingTo(out, files)
	return out
}

// linkKeys are the keys a link's site path, without its leading slash,
// is one of when it hits one of files (see LinkingTo).
func linkKeys(files map[string]bool) map[string]bool {
	keys := make(map[string]bool, 3*len(files))
	for f := range files {
		if f != "" && !strings.HasSuffix(f, "/") { // a path with either is another file's
			keys[f] = true
		}
		if f == "index.html" {
			keys[""] = true
		} else if d, ok := strings.CutSuffix(f, "/index.html"); ok {
			keys[d+"/"] = true
			if d != "" && !strings.HasSuffix(d, "/") {
				keys[d] = true
			}
		}
	}
	return keys
}

// linkIndex is, for every link's site path without its leading slash,
// the pages with such a link: after an edit that adds or removes a file,
// scanning every page's links for it cost a big site several ms. It is
// brought up to date before each use, from the links each page had when
// indexed (a page's links change as a new string: see Seal).
type linkIndex struct {
	by   map[string][]string // site path without its leading slash -> the pages linking to it
	refs map[string]string   // page -> its links (Links.refs) as indexed
}

// update indexes again the pages whose links changed, and forgets those
// that went.
func (ix *linkIndex) update(pages map[string]*Links) {
	for path, pl := range pages {
		if pl.ix == ix && pl.ixPath == path && pl.ixRefs == pl.refs { // mostly the same strings: no bytes compared
			continue
		}
		if refs, ok := ix.refs[path]; ok && refs == pl.refs { // links at two paths (a fallback page's)
			pl.ix, pl.ixPath, pl.ixRefs = ix, path, pl.refs
			continue
		}
		ix.forget(path)
		ix.refs[path] = pl.refs
		pl.ix, pl.ixPath, pl.ixRefs = ix, path, pl.refs
		pl.eachRef(func(r linkRef) bool {
			k := strings.TrimPrefix(r.path, "/")
			if l := ix.by[k]; len(l) == 0 || l[len(l)-1] != path { // a page's links to one path, once
				ix.by[k] = append(l, path)
			}
			return true
		})
	}
	if len(ix.refs) > len(pages) {
		for path := range ix.refs {
			if pages[path] == nil {
				ix.forget(path)
			}
		}
	}
}

// forget takes the page at path out of the index.
func (ix *linkIndex) forget(path string) {
	if ix == nil {
		return
	}
	refs, ok := ix.refs[path]
	if !ok {
		return
	}
	delete(ix.refs, path)
	(&Links{refs: refs}).eachRef(func(r linkRef) bool {
		k := strings.TrimPrefix(r.path, "/")
		if l := slices.DeleteFunc(ix.by[k], func(p string) bool { return p == path }); len(l) > 0 {
			ix.by[k] = l
		} else {
			delete(ix.by, k)
		}
		return true
	})
}

// linksTo reports whether a link's site path, without its leading slash,
// is one of keys.
func (pl *Links) linksTo(keys map[string]bool) (hit bool) {
	pl.eachRef(func(r linkRef) bool {
		hit = keys[strings.TrimPrefix(r.path, "/")]
		return !hit
	})
	return hit
}
