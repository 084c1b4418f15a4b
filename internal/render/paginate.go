package render

import (
	"fmt"
	"sort"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/signature"
	"github.com/sitegen/sitegen/internal/templates"
)

// A list page whose template paginates (see templates/pager.go) is
// rendered once per pager page: page 1 at its own URL, page N at
// LIST/page/N/, and LIST/page/1/ redirects to the list, as in Hugo. The
// renders share one entry of the build state: the union of what they read
// decides when they all run again, and pagers records how many there were,
// so an unchanged list keeps its pager files. How many pages a list has
// depends on its lists, which are metadata: a quick build (a body edit)
// does not change it.

// rendered is what running a page's template gave: what it read, the ids
// of its first page, and the number of pager pages (0: no pagination).
// Rendered is what running a page's template gave: the model keys it
// read, the ids in its output and its pager pages.
type Rendered struct {
	Deps, IDs []string
	Pagers    int
}

// runPage renders a page with its template into its output file and, when
// it paginates, its other pager pages and the page-1 alias.
func (r *Renderer) RunPage(p *content.Page, name, out string) (Rendered, error) {
	r.runs.Add(1)
	pg := r.paging(p, 1)
	buf := r.bufferFor(out)
	defer r.release(buf)
	deps, err := r.execPage(buf, p, name, pg)
	if err != nil {
		return Rendered{}, err
	}
	r.Sizes.note(out, buf.Len())
	res := Rendered{Deps: deps, IDs: linkcheck.ScanIDs(buf.Bytes()), Pagers: pg.Total()}
	if err := r.writePage(out, buf.Bytes(), Describe(p)); err != nil {
		return Rendered{}, err
	}
	if res.Pagers < 2 {
		return res, nil
	}
	seen := map[string]bool{}
	for _, d := range res.Deps {
		seen[d] = true
	}
	for n := 2; n <= res.Pagers; n++ {
		more, err := r.pagerPage(p, name, n)
		if err != nil {
			return Rendered{}, err
		}
		for _, d := range more {
			if !seen[d] {
				seen[d] = true
				res.Deps = append(res.Deps, d)
			}
		}
	}
	sort.Strings(res.Deps)
	return res, r.writePage(content.OutputFile(feeds.PagerPath(p, 1)), feeds.Alias(p), "page 1 of "+Describe(p))
}

// pagerPage renders pager page n of a list and returns what it read.
func (r *Renderer) pagerPage(p *content.Page, name string, n int) ([]string, error) {
	file := content.OutputFile(feeds.PagerPath(p, n))
	buf := r.bufferFor(file)
	defer r.release(buf)
	deps, err := r.execPage(buf, p, name, r.paging(p, n))
	if err != nil {
		return nil, err
	}
	r.Sizes.note(file, buf.Len())
	return deps, r.writePage(file, buf.Bytes(), fmt.Sprintf("page %d of %s", n, Describe(p)))
}

// writePage writes a rendered page, minified when the site asks for it.
func (r *Renderer) writePage(file string, data []byte, what string) error {
	data, err := r.minified(file, data)
	if err != nil {
		return err
	}
	return r.Out.Write(file, data, what)
}

// keepPagers carries an unchanged list's pager files over.
func (r *Renderer) keepPagers(p *content.Page, pagers int) {
	for n := 1; n <= pagers && pagers > 1; n++ {
		r.Keep(content.OutputFile(feeds.PagerPath(p, n)))
	}
}

// paging is the pagination of render n of a list page; nil for a page of
// another kind, which cannot paginate.
func (r *Renderer) paging(p *content.Page, n int) *templates.Paging {
	if p.Kind == content.KindPage || p.Kind == content.Kind404 {
		return nil
	}
	c := r.Site.Config.Pagination
	return &templates.Paging{Page: p, Number: n, Path: c.Path, Size: func() (int, error) { return pagerSize(p, c.PagerSize) }}
}

// pagerSize is a list's pager size: its front matter's pagerSize, or def.
func pagerSize(p *content.Page, def int) (int, error) {
	if p.File == "" {
		return def, nil // a generated page has no front matter
	}
	n, set, ok := p.IntParam("pagerSize")
	switch {
	case !set:
		return def, nil
	case !ok || n < 1:
		return 0, diag.At(p.File, p.KeyLine("pagerSize"), "pagerSize %v: want a whole number of at least 1", p.Params()["pagerSize"])
	}
	return n, nil
}

// pagers is how many pager pages a list page has in this build.
func (r *Renderer) pagers(p *content.Page) int {
	if ps := r.Next.Pages[p.Path]; ps != nil {
		return ps.Pagers
	}
	return 0
}

// pagersSig folds every list's number of pager pages into a signature,
// for the sitemap, which lists them.
func (r *Renderer) pagersSig() uint64 {
	h := signature.New()
	for _, p := range r.Site.Sites.Pages {
		if n := r.pagers(p); n > 1 {
			h.Str(p.Path)
			h.Int(int64(n))
		}
	}
	return h.Sum()
}
