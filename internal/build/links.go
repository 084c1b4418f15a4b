package build

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/markdown"
)

// linkChecker resolves the links of Markdown while it renders and checks
// them once every output file is known.
//
// A link to a content file ("../news/tour.md#quick-pay") becomes the URL of
// that page in the linking page's language; a site path ("/news/tour/") gets
// the base path; both are recorded with their file and line and checked,
// anchors included, against the files written and the ids in them.
type linkChecker struct {
	sites *content.Sites
	mu    sync.Mutex
	ids   map[string]map[string]bool // site path -> ids on that page
	pages map[string]*pageLinks      // site path -> the page's links
}

// pageLinks are what one page's Markdown links to.
type pageLinks struct {
	refs    []linkRef
	fails   []error
	targets []linkTarget // content files, and the URL each resolved to
}

type linkRef struct {
	file string
	line int
	dest string // as written
	path string // site path of the target
	frag string
}

type linkTarget struct{ lang, rel, url string }

func newLinkChecker(s *content.Sites) *linkChecker {
	return &linkChecker{sites: s, ids: map[string]map[string]bool{}, pages: map[string]*pageLinks{}}
}

// valid reports whether every content file a page linked to still
// resolves to the same URL, so that its rendered Markdown still holds.
func (c *linkChecker) valid(pl *pageLinks) bool {
	for _, t := range pl.targets {
		p := c.sites.ByContentFile(t.lang, t.rel)
		if p == nil || p.RelPermalink != t.url {
			return false
		}
	}
	return true
}

// add registers a page's links for the check.
func (c *linkChecker) add(path string, pl *pageLinks) {
	c.mu.Lock()
	c.pages[path] = pl
	c.mu.Unlock()
}

func (c *linkChecker) resolver(p *content.Page, pl *pageLinks) markdown.Resolver {
	base := c.sites.Config.BasePath()
	fail := func(line int, format string, args ...any) *diag.Error {
		e := diag.At(p.File, line, format, args...)
		pl.fails = append(pl.fails, e)
		return e
	}
	ref := func(line int, dest, path, frag string) {
		pl.refs = append(pl.refs, linkRef{p.File, line, dest, path, frag})
	}
	return func(dest string, line int, image bool) string {
		line += p.BodyLine() - 1
		u, err := url.Parse(dest)
		if err != nil {
			fail(line, "link %q: %v", dest, err)
			return dest
		}
		if u.Scheme != "" || u.Host != "" || dest == "" || strings.HasPrefix(dest, "//") {
			return dest
		}
		frag := ""
		if u.Fragment != "" {
			frag = "#" + u.EscapedFragment()
		}
		switch {
		case u.Path == "":
			ref(line, dest, p.Path, u.Fragment)
			return dest
		case strings.HasSuffix(u.Path, ".md"):
			rel := u.Path
			if !strings.HasPrefix(rel, "/") {
				rel = path.Join(path.Dir(strings.TrimPrefix(p.File, "content/")), rel)
			}
			rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
			t := c.sites.ByContentFile(p.Lang, rel)
			if t == nil {
				pl.targets = append(pl.targets, linkTarget{p.Lang, rel, ""})
				fail(line, "link to %s: no published page content/%s", dest, rel).
					WithHint("check the file name; drafts and future pages are not published")
				return dest
			}
			pl.targets = append(pl.targets, linkTarget{p.Lang, rel, t.RelPermalink})
			ref(line, dest, t.Path, u.Fragment)
			return t.RelPermalink + frag
		case strings.HasPrefix(u.Path, "/"):
			ref(line, dest, u.Path, u.Fragment)
			if base != "" {
				return base + dest
			}
			return dest
		default:
			dir := p.Path
			if !strings.HasSuffix(dir, "/") {
				dir = path.Dir(dir) + "/"
			}
			target := path.Join(dir, u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/"
			}
			ref(line, dest, target, u.Fragment)
			return dest
		}
	}
}

// addIDs records ids found on a page.
func (c *linkChecker) addIDs(sitePath string, ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.ids[sitePath]
	if m == nil {
		m = map[string]bool{}
		c.ids[sitePath] = m
	}
	for _, id := range ids {
		m[id] = true
	}
}

var idAttr = []byte(` id="`)

// scanIDs finds the id attributes of a written page, so that anchors made
// by templates (a programme item's) can be linked to as well.
func scanIDs(page []byte) []string {
	var found []string
	for rest := page; ; {
		i := bytes.Index(rest, idAttr)
		if i < 0 {
			break
		}
		rest = rest[i+len(idAttr):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		found = append(found, html.UnescapeString(string(rest[:j])))
		rest = rest[j:]
	}
	return found
}

// check verifies every recorded link against the written files.
func (c *linkChecker) check(exists func(file string) bool) diag.List {
	var errs diag.List
	var refs []linkRef
	for _, pl := range c.pages {
		errs = append(errs, pl.fails...)
		refs = append(refs, pl.refs...)
	}
	for _, r := range refs {
		file, ok := c.target(r.path, exists)
		if !ok {
			errs.Add(diag.At(r.file, r.line, "broken link %s: nothing is published at %s", r.dest, r.path))
			continue
		}
		if r.frag != "" && strings.HasSuffix(file, ".html") && !c.ids[pagePath(file)][r.frag] {
			e := diag.At(r.file, r.line, "broken link %s: no id %q on %s", r.dest, r.frag, r.path)
			if s := markdown.Slug(r.frag); s != r.frag {
				e.WithHint(fmt.Sprintf("heading ids are lower case with hyphens for spaces: %q", s))
			}
			errs.Add(e)
		}
	}
	return errs
}

// target finds the output file for a site path: the file itself, or the
// index.html of the folder.
func (c *linkChecker) target(p string, exists func(string) bool) (string, bool) {
	f := content.OutputFile(p)
	if exists(f) {
		return f, true
	}
	if !strings.HasSuffix(p, "/") {
		if f = content.OutputFile(p + "/"); exists(f) {
			return f, true
		}
	}
	return "", false
}

// pagePath is the site path whose ids a written file holds.
func pagePath(file string) string {
	if strings.HasSuffix(file, "/index.html") || file == "index.html" {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}

func (r *renderer) checkLinks(context.Context) error {
	errs := r.links.check(r.out.has)
	if len(errs) == 0 {
		return nil
	}
	if r.opts.LinksWarn {
		for _, e := range errs {
			r.warnings = append(r.warnings, e.Error())
		}
		return nil
	}
	return errs.Err()
}
