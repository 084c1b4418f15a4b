// Package linkcheck resolves the links of pages' Markdown while it renders
// and checks them once every output file is known: a link to a content file
// becomes the URL of that page in the linking page's language, a site path
// gets the base path, and both are checked, anchors included, against the
// files written and the ids in them (headings' and those ScanIDs finds in
// written pages). A broken link is an error at its file and line. Checker
// keeps what it was given, so that a later build can check again only the
// pages an edit can have broken (Recheck).
package linkcheck

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/source"
	"github.com/sitegen/sitegen/internal/strblock"
)

// Checker resolves the links of Markdown while it renders and checks
// them once every output file is known.
//
// A link to a content file ("../news/tour.md#quick-pay") becomes the URL of
// that page in the linking page's language; a site path ("/news/tour/") gets
// the base path; both are recorded with their file and line and checked,
// anchors included, against the files written and the ids in them.
type Checker struct {
	sites *content.Sites
	mu    sync.Mutex
	ids   map[string]string  // site path -> the ids on that page (see idSet)
	pages map[string]*Links  // site path -> the page's links
	errs  map[string][]error // site path -> its broken links, as last checked
	strs  *strblock.Blocks   // for the id sets (see NewChecker)
	index *linkIndex         // who links where, for LinkingTo; nil until it is first asked
}

// Links are what one page's Markdown links to.
type Links struct {
	file    string // the page's content file, for errors
	refs    string // the links to check (see addRef)
	fails   []error
	targets []linkTarget // content files, and the URL each resolved to
	buf     []byte       // links added while the page renders, until Seal
	// What the page's shortcodes used (set by the build's shortcodes): their names,
	// the model keys they read, and what they reported with warnf.
	Shortcodes, Deps, Warns []string
	// The index (see linkIndex) that has these links, at which path and
	// as which refs: it then passes over them without a look-up.
	ix             *linkIndex
	ixPath, ixRefs string
}

type linkRef struct {
	file string
	line int
	dest string // as written
	path string // site path of the target
	frag string
}

// addRef records a link to check. A site keeps every page's links until
// the check at the end of a build, so a page keeps them in one string,
// each field ended by a NUL: a slice of records held four strings a link,
// the most numerous objects a big site kept for its collector to follow.
// Markdown cannot hold a NUL (content files with one are refused, and
// CommonMark turns &#0; into U+FFFD).
func (pl *Links) addRef(line int, dest, path, frag string) {
	pl.buf = strconv.AppendInt(pl.buf, int64(line), 10)
	pl.buf = append(pl.buf, 0)
	for _, f := range [...]string{dest, path, frag} {
		pl.buf = append(append(pl.buf, f...), 0)
	}
}

// Seal keeps the links added while the page rendered.
func (pl *Links) Seal(strs *strblock.Blocks) {
	if pl.refs == "" {
		pl.refs = strs.StringOf(pl.buf)
	} else {
		pl.refs += string(pl.buf)
	}
	pl.buf = nil
}

// eachRef calls fn for every link recorded, until fn returns false.
func (pl *Links) eachRef(fn func(linkRef) bool) {
	for rest := pl.refs; rest != ""; {
		var f [4]string
		for i := range f {
			f[i], rest, _ = strings.Cut(rest, "\x00")
		}
		line, _ := strconv.Atoi(f[0])
		if !fn(linkRef{pl.file, line, f[1], f[2], f[3]}) {
			return
		}
	}
}

type linkTarget struct{ lang, rel, url string }

// NewChecker is a Checker for the links of sites' pages. strs, when not nil,
// keeps the id sets and links of a build that no other follows in shared
// blocks (see package strblock).
func NewChecker(s *content.Sites, strs *strblock.Blocks) *Checker {
	return &Checker{sites: s, ids: map[string]string{}, pages: map[string]*Links{}, strs: strs}
}

// Valid reports whether every content file a page linked to still
// resolves to the same URL, so that its rendered Markdown still holds.
func (c *Checker) Valid(pl *Links) bool { return c.ValidAfter(pl, nil) }

// ValidAfter is Valid for a page whose links were checked before the
// content files of the base names in edited ("news/x" for
// news/x.zh.md) came, went or were edited, and nothing else changed: a
// link to another file resolves as it did, so only theirs are looked up.
// A nil edited looks up every link.
func (c *Checker) ValidAfter(pl *Links, edited map[string]bool) bool {
	for _, t := range pl.targets {
		if _, base, _ := source.SplitName(c.sites.Config, t.rel); edited != nil && !edited[base] {
			continue
		}
		p := c.sites.ByContentFile(t.lang, t.rel)
		if p == nil || p.RelPermalink != t.url {
			return false
		}
	}
	return true
}

// EachTarget calls fn with each content file (relative to content/) a
// link of the page resolved through: ValidAfter looks those up.
func (pl *Links) EachTarget(fn func(rel string)) {
	for _, t := range pl.targets {
		fn(t.rel)
	}
}

// Add registers a page's links for the check.
func (c *Checker) Add(path string, pl *Links) {
	c.mu.Lock()
	if old := c.pages[path]; old != nil && old != pl {
		old.ix = nil // no longer what the index has at path
	}
	c.pages[path] = pl
	c.mu.Unlock()
}

// Resolver resolves the links of p's Markdown as it renders, into pl.
func (c *Checker) Resolver(p *content.Page, pl *Links) markdown.Resolver {
	base := c.sites.Config.BasePath()
	fail := func(line int, format string, args ...any) *diag.Error {
		e := diag.At(p.File, line, format, args...)
		pl.fails = append(pl.fails, e)
		return e
	}
	pl.file = p.File
	ref := pl.addRef
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
			rel := contentRel(p, u.Path)
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

// AddIDs records ids found on a page.
func (c *Checker) AddIDs(sitePath string, ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.ids[sitePath]
	if !slices.ContainsFunc(ids, func(id string) bool { return newID(old, id) }) {
		return // a page rendered again, with the ids it had: no set to make
	}
	c.ids[sitePath] = c.strs.String(idSet(old, ids))
}

// newID reports whether idSet would add id to set. It looks for id
// between NULs without making the string "\x00"+id+"\x00": AddIDs asks for
// every id of every page a build renders.
func newID(set, id string) bool {
	if id == "" || strings.Contains(id, "\x00") {
		return false
	}
	for rest := set; ; {
		i := strings.Index(rest, id)
		if i < 0 {
			return true
		}
		if end := i + len(id); i > 0 && rest[i-1] == 0 && end < len(rest) && rest[end] == 0 {
			return false
		}
		rest = rest[i+1:]
	}
}

// SetIDs replaces the ids recorded for a page and reports whether they
// changed.
func (c *Checker) SetIDs(sitePath string, lists ...[]string) bool {
	set := ""
	for _, l := range lists {
		set = idSet(set, l)
	}
	old := c.ids[sitePath]
	c.ids[sitePath] = set
	return old != set
}

// An id set is one string, "\x00a\x00b\x00": sorted ids, each between NULs.
// A site has a set per page, and a string is smaller than a map and holds
// no pointers for the collector to follow.
func idSet(set string, add []string) string {
	ids := strings.Split(strings.Trim(set, "\x00"), "\x00")
	if set == "" {
		ids = nil
	}
	for _, id := range add {
		if newID(set, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	slices.Sort(ids)
	return "\x00" + strings.Join(slices.Compact(ids), "\x00") + "\x00"
}

// hasID reports whether set holds id.
func hasID(set, id string) bool {
	return id != "" && !strings.Contains(id, "\x00") && strings.Contains(set, "\x00"+id+"\x00")
}

var idAttr = []byte(` id="`)

// ScanIDs finds the id attributes of a written page, so that anchors made
// by templates (a programme item's) can be linked to as well.
//
// It looks for each '=' and then at the bytes around it: a page has about
// three times fewer of them than of spaces, the first byte of ` id="`,
// which made bytes.Index check most positions one by one (a template edit
// at 10,000 pages scans 140 MB).
func ScanIDs(page []byte) []string {
	var found []string
	eq := bytes.IndexByte(idAttr, '=')
	for i := eq; i < len(page); i++ {
		j := bytes.IndexByte(page[i:], '=')
		if j < 0 {
			break
		}
		i += j
		if !bytes.HasPrefix(page[i-eq:], idAttr) {
			continue
		}
		value := page[i-eq+len(idAttr):]
		end := bytes.IndexByte(value, '"')
		if end < 0 {
			break
		}
		found = append(found, html.UnescapeString(string(value[:end])))
		i += len(idAttr) - eq + end // the closing quote, which the loop steps over
	}
	return found
}

// Check verifies every recorded link against the written files and keeps
// each page's broken links, so that a later build can check a few pages
// again (see Recheck).
func (c *Checker) Check(exists func(file string) bool) diag.List {
	c.errs = map[string][]error{}
	for path, pl := range c.pages {
		c.checkPage(path, pl, exists)
	}
	return c.broken()
}

// checkPage checks one page's links and records what is broken. A
// fallback page's links are its original's, which reports them: the same
// file and line once.
func (c *Checker) checkPage(sitePath string, pl *Links, exists func(string) bool) {
	if p := c.sites.ByPath[sitePath]; p != nil && p.IsFallback() {
		return
	}
	errs := append([]error(nil), pl.fails...)
	pl.eachRef(func(r linkRef) bool {
		if e := c.checkRef(r, exists); e != nil {
			errs = append(errs, e)
		}
		return true
	})
	if len(errs) > 0 {
		c.errs[sitePath] = errs
	} else {
		delete(c.errs, sitePath)
	}
}

func (c *Checker) checkRef(r linkRef, exists func(string) bool) error {
	file, ok := c.target(r.path, exists)
	if !ok {
		return diag.At(r.file, r.line, "broken link %s: nothing is published at %s", r.dest, r.path)
	}
	if r.frag != "" && strings.HasSuffix(file, ".html") && !hasID(c.ids[pagePath(file)], r.frag) {
		e := diag.At(r.file, r.line, "broken link %s: no id %q on %s", r.dest, r.frag, r.path)
		if s := markdown.Slug(r.frag); s != r.frag {
			e.WithHint(fmt.Sprintf("heading ids are lower case with hyphens for spaces: %q", s))
		}
		return e
	}
	return nil
}

// broken lists every recorded broken link, sorted by file and line.
func (c *Checker) broken() diag.List {
	var errs diag.List
	for _, es := range c.errs {
		for _, e := range es {
			errs.Add(e)
		}
	}
	errs.Sort()
	return errs
}

// Recheck checks again the links of the pages given and of every page
// that links to an anchor on a page whose ids changed.
func (c *Checker) Recheck(pages map[string]bool, idsChanged map[string]bool, exists func(string) bool) diag.List {
	for path := range c.linkingToPages(idsChanged) {
		if pl := c.pages[path]; pl != nil && !pages[path] && c.anchorsInto(pl, idsChanged, exists) {
			pages[path] = true
		}
	}
	for path := range pages {
		if pl := c.pages[path]; pl != nil {
			c.checkPage(path, pl, exists)
		}
	}
	return c.broken()
}

// anchorsInto reports whether the page links to an anchor on one of pages.
func (c *Checker) anchorsInto(pl *Links, pages map[string]bool, exists func(string) bool) bool {
	found := false
	pl.eachRef(func(r linkRef) bool {
		if r.frag != "" {
			file, ok := c.target(r.path, exists)
			found = ok && pages[pagePath(file)]
		}
		return !found
	})
	return found
}

// target finds the output file for a site path: the file itself, or the
// index.html of the folder.
func (c *Checker) target(p string, exists func(string) bool) (string, bool) {
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
