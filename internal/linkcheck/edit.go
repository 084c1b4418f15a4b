package linkcheck

import (
	"strings"

	"github.com/sitegen/sitegen/internal/content"
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
	for path, pl := range c.pages {
		if pages[path] {
			continue
		}
		pl.eachRef(func(r linkRef) bool {
			if files[content.OutputFile(r.path)] || !strings.HasSuffix(r.path, "/") && files[content.OutputFile(r.path+"/")] {
				pages[path] = true
			}
			return !pages[path]
		})
	}
}
