package linkcheck

import (
	"strings"
)

// Remove forgets a page the site no longer has: its links, ids and
// broken links.
func (c *Checker) Remove(sitePath string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pages, sitePath)
	delete(c.ids, sitePath)
	delete(c.errs, sitePath)
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
	// and for f = D/index.html also D/ and D ("" for index.html). Every
	// page's links are scanned after an edit that adds or removes files, so
	// the scan makes no strings. TestLinkingTo holds this to the rule.
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
	for path, pl := range c.pages {
		if !pages[path] && pl.linksTo(keys) {
			pages[path] = true
		}
	}
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
