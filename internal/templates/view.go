package templates

import (
	"html/template"
	"maps"
	"slices"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/resources"
)

// A page's template sees the site model through views that record what it
// reads, so that an incremental build re-renders exactly the pages whose
// output can have changed. A view answers with the model's values under the
// same names; reading a page's metadata records "m:PATH", its rendered body
// "b:PATH", and the site's lists "l:LANG:NAME".

// Tracker records the dependencies of one render. It is not safe for
// concurrent use: each render has its own.
type Tracker struct {
	// deps are the keys recorded, in the order read and with repeats,
	// until Deps sorts them: a list page records a key a listed page, and
	// appending thousands costs less than putting them in a set.
	deps     []string
	tracked  bool // false: record nothing (see Untracked)
	pages    map[*content.Page]*Page
	sites    map[*content.Site]*SiteView
	bodies   Bodies
	paging   *Paging          // the render's pagination (see pager.go); nil for none
	noBodies bool             // see WithoutBodies
	res      *resources.Store // for .Resources; set by ExecutePage
	// compactAt is the length at which deps are sorted and their repeats
	// dropped, so that a template that reads one list in a loop of
	// thousands keeps a few times its distinct keys, not every read.
	compactAt int
}

// Bodies gives pages' rendered Markdown when it is asked for: the build
// renders it when first needed and does not keep every page's HTML.
type Bodies interface {
	// Ensure makes the page's summary, table of contents and counts ready.
	Ensure(p *content.Page)
	// Content is the page's HTML.
	Content(p *content.Page) template.HTML
	// TableOfContents is the page's table of contents.
	TableOfContents(p *content.Page) template.HTML
	// Summary is the page's summary: its front matter's, or else its
	// Markdown's first paragraph.
	Summary(p *content.Page) template.HTML
	// WordCount and ReadingTime (in minutes) count the page's Markdown.
	WordCount(p *content.Page) int
	ReadingTime(p *content.Page) int
}

// WithBodies makes the views ask b for pages' bodies.
func (t *Tracker) WithBodies(b Bodies) *Tracker { t.bodies = b; return t }

// WithoutBodies makes the views show no page's rendered body (content,
// summary, table of contents, counts): shortcodes run while the bodies
// are rendered, in no fixed order, so what they could see of them would
// differ from build to build.
func (t *Tracker) WithoutBodies() *Tracker { t.noBodies = true; return t }

// WithResources gives the views' .Resources the store s, for renders
// that ExecutePage does not start (shortcodes).
func (t *Tracker) WithResources(s *resources.Store) *Tracker { t.res = s; return t }

// NewTracker returns an empty Tracker.
func NewTracker() *Tracker {
	return &Tracker{tracked: true, pages: map[*content.Page]*Page{}, sites: map[*content.Site]*SiteView{}}
}

// Untracked returns a Tracker that records nothing, for a build that no
// other build follows.
func Untracked() *Tracker {
	return &Tracker{pages: map[*content.Page]*Page{}, sites: map[*content.Site]*SiteView{}}
}

// Deps returns the recorded keys, sorted, each once.
func (t *Tracker) Deps() []string {
	slices.Sort(t.deps)
	t.deps = slices.Compact(t.deps)
	return slices.Clone(t.deps) // the tracker may record more
}

func (t *Tracker) dep(k string) {
	if t.tracked {
		t.add(k)
	}
}

func (t *Tracker) add(k string) {
	t.deps = append(t.deps, k)
	if len(t.deps) >= max(t.compactAt, 8192) {
		slices.Sort(t.deps)
		t.deps = slices.Compact(t.deps)
		t.compactAt = 4 * len(t.deps)
	}
}

// depOn records a page's key; the key is not even made when nothing is
// tracked (see Untracked), as views are read for every field of every
// listed page.
func (t *Tracker) depOn(key func(*content.Page) string, p *content.Page) {
	if t.tracked {
		t.add(key(p))
	}
}

// Page returns the view of p; one view per page, so views compare equal
// exactly when their pages do.
func (t *Tracker) Page(p *content.Page) *Page {
	if p == nil {
		return nil
	}
	v, ok := t.pages[p]
	if !ok {
		v = &Page{p: p, t: t}
		t.pages[p] = v
	}
	return v
}

func (t *Tracker) list(ps []*content.Page) []*Page {
	if n := len(t.pages) + len(ps); n > 64 && len(t.pages) < len(ps) {
		// A list of thousands: one map of its size, not a series of
		// doublings, each hashing the views again.
		m := make(map[*content.Page]*Page, n)
		maps.Copy(m, t.pages)
		t.pages = m
	}
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = t.Page(p)
	}
	return out
}

// Site returns the view of a language's site.
func (t *Tracker) Site(s *content.Site) *SiteView { return t.site(s) }

func (t *Tracker) site(s *content.Site) *SiteView {
	v, ok := t.sites[s]
	if !ok {
		v = &SiteView{s: s, t: t}
		t.sites[s] = v
	}
	return v
}

// Keys of the dependencies, shared with the build's change detection.
func MetaKey(p *content.Page) string              { return "m:" + p.Path }
func BodyKey(p *content.Page) string              { return "b:" + p.Path }
func ListKey(s *content.Site, name string) string { return "l:" + s.Language.Code + ":" + name }

// DataKey is the key of a language's data files (.Site.Data): a data
// change renders again only the pages that read them.
func DataKey(s *content.Site) string { return "d:" + s.Language.Code }

// Page is a page as templates see it.
type Page struct {
	p *content.Page
	t *Tracker
	// read: the page's metadata was recorded as read; a list shows
	// several of a page's fields, and each would make its key again.
	read bool
}

func (v *Page) m() *content.Page {
	if !v.read {
		v.read = true
		v.t.depOn(MetaKey, v.p)
	}
	return v.p
}

func (v *Page) b() *content.Page {
	if v.t.noBodies {
		return &content.Page{}
	}
	v.t.depOn(BodyKey, v.p)
	if v.t.bodies != nil {
		v.t.bodies.Ensure(v.p)
	}
	return v.p
}

func (v *Page) Kind() string               { return v.p.Kind }
func (v *Page) Lang() string               { return v.p.Lang }
func (v *Page) File() string               { return v.m().File }
func (v *Page) Title() string              { return v.m().Title }
func (v *Page) Description() string        { return v.m().Description }
func (v *Page) Slug() string               { return v.m().Slug }
func (v *Page) Layout() string             { return v.m().Layout }
func (v *Page) Date() time.Time            { return v.m().Date }
func (v *Page) Lastmod() time.Time         { return v.m().Lastmod }
func (v *Page) PublishDate() time.Time     { return v.m().PublishDate }
func (v *Page) ExpiryDate() time.Time      { return v.m().ExpiryDate }
func (v *Page) Draft() bool                { return v.m().Draft }
func (v *Page) Weight() int                { return v.m().Weight }
func (v *Page) Aliases() []string          { return v.m().Aliases }
func (v *Page) Params() map[string]any     { return v.m().Params() }
func (v *Page) Terms() map[string][]string { return v.m().Terms.Map() }
func (v *Page) Section() string            { return v.m().Section }
func (v *Page) Path() string               { return v.m().Path }
func (v *Page) RelPermalink() string       { return v.m().RelPermalink }
func (v *Page) Permalink() string          { return v.m().Permalink }
func (v *Page) Term() string               { return v.m().Term }
func (v *Page) Parent() *Page              { return v.t.Page(v.m().Parent) }
func (v *Page) Translations() []*Page      { return v.t.list(v.m().Translations) }
func (v *Page) AllTranslations() []*Page   { return v.t.list(v.m().AllTranslations()) }
func (v *Page) IsTranslated() bool         { return v.m().IsTranslated() }
func (v *Page) Pages() []*Page             { return v.t.list(v.m().Pages()) }
func (v *Page) RegularPages() []*Page      { return v.t.list(v.m().RegularPages()) }
func (v *Page) Sections() []*Page          { return v.t.list(v.m().Sections()) }
func (v *Page) Ancestors() []*Page         { return v.t.list(v.m().Ancestors()) }
func (v *Page) IsFallback() bool           { return v.m().IsFallback() }
func (v *Page) ContentLang() string        { return v.m().ContentLang() }
func (v *Page) Original() *Page            { return v.t.Page(v.m().Original) }
func (v *Page) IsHome() bool               { return v.p.IsHome() }
func (v *Page) IsSection() bool            { return v.p.IsSection() }
func (v *Page) IsPage() bool               { return v.p.IsPage() }
func (v *Page) IsNode() bool               { return v.p.IsNode() }
func (v *Page) Language() *config.Language { return v.p.Language() }
func (v *Page) Site() *SiteView            { return v.t.site(v.p.Site) }

func (v *Page) Content() template.HTML {
	p := v.b()
	if v.t.bodies != nil && !v.t.noBodies {
		return v.t.bodies.Content(p)
	}
	return "" // a page's HTML lives in the build's render state, which gave no seam
}
func (v *Page) TableOfContents() template.HTML {
	p := v.b()
	if v.t.bodies != nil && !v.t.noBodies {
		return v.t.bodies.TableOfContents(p)
	}
	return "" // as Content
}

// Summary, WordCount and ReadingTime come, as Content does, from the
// build's render state: the model holds only the front matter's summary.
func (v *Page) Summary() template.HTML {
	p := v.b()
	if v.t.bodies != nil && !v.t.noBodies {
		return v.t.bodies.Summary(p)
	}
	return p.Summary
}

func (v *Page) WordCount() int {
	p := v.b()
	if v.t.bodies != nil && !v.t.noBodies {
		return v.t.bodies.WordCount(p)
	}
	return 0
}

func (v *Page) ReadingTime() int {
	p := v.b()
	if v.t.bodies != nil && !v.t.noBodies {
		return v.t.bodies.ReadingTime(p)
	}
	return 0
}

// SiteView is a language's site as templates see it (.Site). Its
// configuration is not tracked: changing it rebuilds everything.
type SiteView struct {
	s *content.Site
	t *Tracker
}

func (v *SiteView) Title() string                 { return v.s.Title }
func (v *SiteView) BaseURL() string               { return v.s.BaseURL }
func (v *SiteView) Params() map[string]any        { return v.s.Params }
func (v *SiteView) Data() map[string]any          { v.t.dep(DataKey(v.s)); return v.s.Data }
func (v *SiteView) Language() *config.Language    { return v.s.Language }
func (v *SiteView) Languages() []*config.Language { return v.s.Languages }
func (v *SiteView) LanguagePrefix() string        { return v.s.LanguagePrefix }
func (v *SiteView) Config() *config.Config        { return v.s.Config() }
func (v *SiteView) IsMultiLingual() bool          { return v.s.IsMultiLingual() }
func (v *SiteView) Home() *Page                   { return v.t.Page(v.s.Home) }
func (v *SiteView) Pages() []*Page                { v.t.dep(ListKey(v.s, "pages")); return v.t.list(v.s.Pages()) }
func (v *SiteView) RegularPages() []*Page {
	v.t.dep(ListKey(v.s, "regular"))
	return v.t.list(v.s.RegularPages())
}
func (v *SiteView) Sections() []*Page {
	v.t.dep(ListKey(v.s, "sections"))
	return v.t.list(v.s.Sections())
}

// Menus are the language's menus; entries point at page views.
func (v *SiteView) Menus() map[string][]*MenuEntry {
	v.t.dep(ListKey(v.s, "menus"))
	out := make(map[string][]*MenuEntry, len(v.s.Menus))
	for name, es := range v.s.Menus {
		l := make([]*MenuEntry, len(es))
		for i, e := range es {
			l[i] = &MenuEntry{Name: e.Name, URL: e.URL, Identifier: e.Identifier, Weight: e.Weight, Page: v.t.Page(e.Page)}
		}
		out[name] = l
	}
	return out
}

// MenuEntry is a menu entry as templates see it.
type MenuEntry struct {
	Name, URL, Identifier string
	Weight                int
	Page                  *Page
}

// Taxonomies maps each taxonomy to its terms to their pages.
func (v *SiteView) Taxonomies() map[string]map[string][]*Page {
	v.t.dep(ListKey(v.s, "taxonomies"))
	out := make(map[string]map[string][]*Page, len(v.s.Taxonomies))
	for tax, terms := range v.s.Taxonomies {
		m := make(map[string][]*Page, len(terms))
		for term, ps := range terms {
			m[term] = v.t.list(ps)
		}
		out[tax] = m
	}
	return out
}
