package content

import (
	"cmp"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// Page kinds, as in Hugo.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy"
	KindTerm     = "term"
	Kind404      = "404"
)

// Page is one page of one language. Its exported fields and methods are what
// templates see, under Hugo's names.
type Page struct {
	Kind string
	Lang string
	// File is the content file, relative to the site folder
	// ("content/news/x.md"); empty for generated pages.
	File string

	Title, Description, Slug, Layout       string
	Date, Lastmod, PublishDate, ExpiryDate time.Time
	Draft                                  bool
	Weight                                 int
	Aliases                                []string
	Terms                                  source.Terms

	Section string // first segment of the content path
	// Path is the page's site path without the base path ("/zh/news/x/").
	Path         string
	RelPermalink string
	Permalink    string
	Parent       *Page
	Translations []*Page // the other languages' versions, in language order
	// Original is the default-language page a fallback page shows, for a
	// language without a translation of it (see fallback.go); nil for
	// every other page.
	Original *Page
	Site     *Site
	// Term is the term of a term page and the plural of a taxonomy page.
	Term string

	// Summary is the front matter's summary, HTML-escaped; "" without one.
	// What a page's Markdown gives (its HTML, table of contents, first
	// paragraph, counts) is the build's: the model is read-only once loaded.
	Summary template.HTML

	// Source is the split content file; Body is rendered by the build.
	Source source.Source
	// Resources are the bundle's other files, relative to the site folder.
	Resources []string

	// NoSearch: the front matter says search: false, and the search
	// index leaves the page out.
	NoSearch bool

	params     map[string]any // see Params
	paramsOnce sync.Once

	dir      string // content-relative folder that holds this page's children
	key      string // translation key
	children []*Page
	regular  []*Page
}

// ResourceName is a bundle file's path inside its bundle: "img/tour.jpg"
// for content/news/tour/img/tour.jpg.
func (p *Page) ResourceName(file string) string {
	return strings.TrimPrefix(file, "content/"+p.dir+"/")
}

// Pages are the page's children: a section's pages and subsections, the
// home page's top-level pages and sections, a taxonomy's terms, a term's
// pages. They are ordered by weight, then date (newest first), then title.
func (p *Page) Pages() []*Page { return p.children }

// RegularPages are the regular pages among Pages (for the home page: all of
// the language's regular pages, as in Hugo).
func (p *Page) RegularPages() []*Page { return p.regular }

// IsTranslated reports whether the page exists in another language.
func (p *Page) IsTranslated() bool { return len(p.Translations) > 0 }

// AllTranslations is the page and its translations, in language order.
func (p *Page) AllTranslations() []*Page {
	all := append([]*Page{p}, p.Translations...)
	sortByLanguage(all, p.Site.config)
	return all
}

func (p *Page) IsHome() bool    { return p.Kind == KindHome }
func (p *Page) IsSection() bool { return p.Kind == KindSection }
func (p *Page) IsPage() bool    { return p.Kind == KindPage }
func (p *Page) IsNode() bool    { return p.Kind != KindPage }

// Language is the page's language as configured.
func (p *Page) Language() *config.Language { return p.Site.Language }

// Sections are the direct subsections.
func (p *Page) Sections() []*Page {
	var out []*Page
	for _, c := range p.children {
		if c.Kind == KindSection {
			out = append(out, c)
		}
	}
	return out
}

// Ancestors lists the parents, nearest first.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for q := p.Parent; q != nil; q = q.Parent {
		out = append(out, q)
	}
	return out
}

// BodyLine is the line of File where the Markdown body starts.
func (p *Page) BodyLine() int { return p.Source.BodyLine }

func sortByLanguage(ps []*Page, c *config.Config) {
	order := map[string]int{}
	for i, l := range c.LanguageList {
		order[l.Code] = i
	}
	sort.SliceStable(ps, func(i, j int) bool { return order[ps[i].Lang] < order[ps[j].Lang] })
}

// sortPages orders pages as Hugo does: by weight (unweighted last), then
// date newest first, then title, then path so the order is total. Lists
// taken from a sorted list come sorted, and checking costs one pass.
func sortPages(ps []*Page) {
	if !slices.IsSortedFunc(ps, comparePages) {
		slices.SortStableFunc(ps, comparePages)
	}
}

func comparePages(a, b *Page) int {
	if a.Weight != b.Weight {
		switch {
		case a.Weight == 0:
			return 1
		case b.Weight == 0:
			return -1
		}
		return cmp.Compare(a.Weight, b.Weight)
	}
	if c := b.Date.Compare(a.Date); c != 0 {
		return c // newest first
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}
