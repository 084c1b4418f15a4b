package templates

import (
	"fmt"
	"strconv"

	"github.com/sitegen/sitegen/internal/content"
)

// Pagination, as in Hugo. A list page's template calls .Paginate LIST
// [SIZE] or .Paginator (which paginates .Pages) and shows .Paginator.Pages;
// the build then renders the template once more for every further pager
// page, at LIST/page/N/. The first call fixes the pager of a render: later
// calls get the same one, so a template that reads .Paginator in the head
// (for rel="prev"/"next") must call .Paginate first if it paginates
// another list than .Pages.

// Paging is the pagination of one render of a list page, set by the build.
type Paging struct {
	Page   *content.Page // the page being rendered; only it can paginate
	Number int           // which of its pager pages this render is: 1, 2, ...
	// Size is the pager size unless the template gives one; asked only
	// when the template paginates, as it may read the page's front matter.
	Size func() (int, error)
	Path string // the URL segment of pager pages: "page"

	pager *Pager
}

// Total is the number of pager pages the render asked for; 0 when its
// template did not paginate.
func (pg *Paging) Total() int {
	if pg == nil || pg.pager == nil {
		return 0
	}
	return pg.pager.total
}

// URL is the site path of pager page n of the page: its own for 1.
func (pg *Paging) URL(n int) string {
	if n <= 1 {
		return pg.Page.RelPermalink
	}
	return pg.Page.RelPermalink + pg.Path + "/" + strconv.Itoa(n) + "/"
}

// Canonical is the page's canonical URL (see content.Page.Canonical); in
// the render of pager page N of a list, that pager page's.
func (v *Page) Canonical() string {
	c := v.m().Canonical()
	if pg := v.t.paging; pg != nil && pg.Page == v.p && pg.Number > 1 {
		c += pg.Path + "/" + strconv.Itoa(pg.Number) + "/"
	}
	return c
}

// WithPaging lets the render's page paginate.
func (t *Tracker) WithPaging(pg *Paging) *Tracker { t.paging = pg; return t }

// Pager is one page of a paginated list, as templates see it.
type Pager struct {
	pg          *Paging
	all         []*Page
	size        int
	number      int
	total       int
	first, last *Pager
	prev, next  *Pager
}

// Paginate splits list into pager pages of size (or the configured size)
// and returns the one this render shows.
func (v *Page) Paginate(list any, size ...int) (*Pager, error) {
	pg, err := v.paging("Paginate")
	if err != nil {
		return nil, err
	}
	if pg.pager != nil {
		return pg.pager, nil
	}
	pages, err := pageList(list)
	if err != nil {
		return nil, err
	}
	var n int
	if len(size) > 0 {
		n = size[0]
	} else if n, err = pg.Size(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("Paginate: pager size %d; want at least 1", n)
	}
	pg.pager = newPagers(pg, pages, n)
	return pg.pager, nil
}

// Paginator is the pager of this render: .Pages paginated, unless
// .Paginate came first.
func (v *Page) Paginator() (*Pager, error) {
	pg, err := v.paging("Paginator")
	if err != nil {
		return nil, err
	}
	if pg.pager != nil {
		return pg.pager, nil
	}
	return v.Paginate(v.Pages())
}

func (v *Page) paging(fn string) (*Paging, error) {
	pg := v.t.paging
	switch {
	case v.p.Kind == content.KindPage || v.p.Kind == content.Kind404:
		return nil, fmt.Errorf("%s: only list pages (home, section, taxonomy, term) paginate; %s is a %s page", fn, v.p.Path, v.p.Kind)
	case pg == nil || pg.Page != v.p:
		return nil, fmt.Errorf("%s: only the page being rendered paginates, not %s", fn, v.p.Path)
	}
	v.m() // its front matter gives the pager size
	return pg, nil
}

func pageList(list any) ([]*Page, error) {
	switch l := list.(type) {
	case []*Page:
		return l, nil
	case []any:
		out := make([]*Page, len(l))
		for i, x := range l {
			p, ok := x.(*Page)
			if !ok {
				return nil, fmt.Errorf("Paginate: item %d of the list is a %T, not a page", i, x)
			}
			out[i] = p
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("Paginate: want a list of pages, got %T", list)
}

// newPagers makes every pager page of the list and returns this render's.
func newPagers(pg *Paging, all []*Page, size int) *Pager {
	total := max(1, (len(all)+size-1)/size)
	ps := make([]*Pager, total)
	for i := range ps {
		ps[i] = &Pager{pg: pg, all: all, size: size, number: i + 1, total: total}
	}
	for i, p := range ps {
		p.first, p.last = ps[0], ps[total-1]
		if i > 0 {
			p.prev = ps[i-1]
		}
		if i+1 < total {
			p.next = ps[i+1]
		}
	}
	return ps[min(pg.Number, total)-1]
}

// Pages are the pages of this pager page.
func (p *Pager) Pages() []*Page {
	lo := min((p.number-1)*p.size, len(p.all))
	return p.all[lo:min(lo+p.size, len(p.all))]
}

func (p *Pager) PageNumber() int            { return p.number }
func (p *Pager) TotalPages() int            { return p.total }
func (p *Pager) PagerSize() int             { return p.size }
func (p *Pager) TotalNumberOfElements() int { return len(p.all) }
func (p *Pager) NumberOfElements() int      { return len(p.Pages()) }
func (p *Pager) HasPrev() bool              { return p.prev != nil }
func (p *Pager) HasNext() bool              { return p.next != nil }
func (p *Pager) Prev() *Pager               { return p.prev }
func (p *Pager) Next() *Pager               { return p.next }
func (p *Pager) First() *Pager              { return p.first }
func (p *Pager) Last() *Pager               { return p.last }

// URL is the pager page's site path, with the base path: the list's own
// for the first, LIST/page/N/ for the others.
func (p *Pager) URL() string { return p.pg.URL(p.number) }

// Pagers are every pager page of the list, for numbered links.
func (p *Pager) Pagers() []*Pager {
	out := make([]*Pager, 0, p.total)
	for q := p.first; q != nil; q = q.next {
		out = append(out, q)
	}
	return out
}
