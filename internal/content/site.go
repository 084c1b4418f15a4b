package content

import (
	"html/template"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/source"
	"github.com/sitegen/sitegen/internal/strblock"
)

// Options choose which pages a build publishes.
type Options struct {
	Drafts, Future, Expired bool
	Now                     time.Time // the present, for future and expired pages
}

// Site is the part of a site in one language: what templates see as .Site.
type Site struct {
	Title          string
	BaseURL        string
	Params         map[string]any
	Data           map[string]any
	Language       *config.Language
	Languages      []*config.Language
	LanguagePrefix string
	Menus          map[string][]*MenuEntry
	Home           *Page
	// Taxonomies maps a taxonomy (plural) to its terms (urlized) to pages.
	Taxonomies map[string]map[string][]*Page

	config   *config.Config
	all      []*Page
	regular  []*Page
	sections map[string]*Page // content dir -> section page ("." is home)
}

// MenuEntry is a resolved menu entry.
type MenuEntry struct {
	Name, URL, Identifier string
	Weight                int
	Page                  *Page // the page of a pageRef entry
}

func (s *Site) Pages() []*Page        { return s.all }
func (s *Site) RegularPages() []*Page { return s.regular }
func (s *Site) Sections() []*Page     { return s.Home.Sections() }
func (s *Site) IsMultiLingual() bool  { return len(s.Languages) > 1 }
func (s *Site) Config() *config.Config {
	return s.config
}

// Sites is the whole site model: every language, every page.
type Sites struct {
	Config *config.Config
	Langs  []*Site
	Pages  []*Page          // every page of every language, by Path
	ByPath map[string]*Page // site path -> page
	// Copies are the content files to copy to the output: site path -> file.
	Copies  map[string]string
	Aliases map[string]*Page // site path of an alias -> its page

	byBase map[string]map[string]*Page // lang -> content base -> page
}

type builder struct {
	*Sites
	opts   Options
	errs   diag.List
	origin string // scheme and host of the base URL
	site   map[string]*Site
	free   []Page // the rest of the current block of pages (see newPage)
	// the rest of the current blocks of terms (see copyTerms)
	freeTerms   []source.TaxonomyTerms
	freeStrings []string
	// original is the page whose fallback is being added (see
	// addFallbacks), nil while real pages are.
	original *Page
	// strs keeps the pages' titles, made scattered while files were read
	// (see strblock); their front matter text is in blocks already.
	strs strblock.Blocks
}

// Build assembles the site model from parsed files, asset paths and data.
func Build(c *config.Config, files []*source.File, assets []string, data map[string]any, o Options) (*Sites, error) {
	b := &builder{
		Sites: &Sites{Config: c, ByPath: map[string]*Page{}, Copies: map[string]string{},
			Aliases: map[string]*Page{}, byBase: map[string]map[string]*Page{}},
		opts: o, site: map[string]*Site{},
	}
	for _, l := range c.LanguageList {
		s := &Site{Title: l.Title, BaseURL: c.BaseURL, Params: mergeParams(c.Params, l.Params), Data: data,
			Language: l, Languages: c.LanguageList, LanguagePrefix: c.LangPrefix(l.Code),
			config: c, sections: map[string]*Page{}, Taxonomies: map[string]map[string][]*Page{}}
		b.Langs = append(b.Langs, s)
		b.site[l.Code] = s
		b.byBase[l.Code] = map[string]*Page{}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	published := make([]*source.File, 0, len(files))
	for _, f := range files {
		if b.published(f) {
			b.addFile(f)
			published = append(published, f)
		}
	}
	b.addFallbacks(published)
	for _, s := range b.Langs {
		b.section(s, ".") // every language has a home page
		// Sorted first, so that the term and section lists taken from it
		// come sorted: a big site's lists are then sorted once, here.
		sortPages(s.regular)
		b.addTaxonomies(s)
		b.add(&Page{Kind: Kind404, Lang: s.Language.Code, Site: s, Title: "404", key: "404",
			Path: s.LanguagePrefix + "/404.html"})
	}
	b.linkTree()
	b.linkTranslations()
	b.addCopies(assets)
	b.addAliases()
	for _, s := range b.Langs {
		b.menus(s)
	}
	sort.Slice(b.Pages, func(i, j int) bool { return b.Pages[i].Path < b.Pages[j].Path })
	return b.Sites, b.errs.Err()
}

func mergeParams(site, lang map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range site {
		out[k] = v
	}
	for k, v := range lang {
		out[k] = v
	}
	return out
}

func (b *builder) published(f *source.File) bool {
	fm := &f.Front
	if fm.Draft && !b.opts.Drafts {
		return false
	}
	pub := fm.PublishDate
	if pub.IsZero() {
		pub = fm.Date
	}
	if !b.opts.Future && !pub.IsZero() && pub.After(b.opts.Now) {
		return false
	}
	if !b.opts.Expired && !fm.ExpiryDate.IsZero() && !fm.ExpiryDate.After(b.opts.Now) {
		return false
	}
	return true
}

func (b *builder) addFile(f *source.File) {
	s := b.site[f.Lang]
	dir := path.Dir(f.Base)
	var p *Page
	switch f.Name {
	case "_index":
		p = b.section(s, dir)
		if p.File != "" {
			return // cannot happen: one _index per language and folder
		}
		p.File = f.Path
		p.fromFront(f)
		p.Original = b.original
	default:
		p = b.newPage(s, KindPage, f)
		parent := dir
		if f.Name == "index" { // a leaf bundle stands for its folder
			p.dir = dir
			parent = path.Dir(dir)
		}
		p.Parent = b.section(s, parent)
		p.Section = firstSegment(parent)
		p.Path = b.pagePath(s, p, f)
		p.Original = b.original
		if !b.add(p) && p.Original != nil {
			return // a real page has the fallback's URL: it wins
		}
	}
	b.byBase[f.Lang][f.Base] = p
}

// newPage makes a page from a content file. Pages are allocated in
// blocks: every list and map of the model points to them, and the
// collector follows each of those pointers on every cycle. Spread over
// thousands of spans, each pointer cost a cache miss to find its page;
// in blocks, a big site's pages lie in a few hundred large objects (see
// bench/README.md, "What stands between 12x and 11x").
func (b *builder) newPage(s *Site, kind string, f *source.File) *Page {
	p := &take(&b.free, 1, min(maxPageBlock, max(16, len(b.Pages))))[0]
	p.Kind, p.Lang, p.Site, p.File = kind, s.Language.Code, s, f.Path
	p.fromFront(f) // the front matter text is in blocks already (see source.ReadFronts)
	p.Title = b.strs.String(p.Title)
	p.Terms = b.copyTerms(p.Terms)
	return p
}

// maxPageBlock bounds a block of pages; a small site gets small blocks.
const maxPageBlock = 256

// copyTerms copies a page's terms into blocks, for the reason pages are
// in blocks: the decoder made two small objects per page for them,
// scattered among the load's garbage.
func (b *builder) copyTerms(ts source.Terms) source.Terms {
	if len(ts) == 0 {
		return ts
	}
	out := take(&b.freeTerms, len(ts), 1024)
	for i, t := range ts {
		out[i] = source.TaxonomyTerms{Plural: t.Plural, Terms: take(&b.freeStrings, len(t.Terms), 1024)}
		copy(out[i].Terms, t.Terms)
	}
	return out
}

// take cuts n elements, capped, from the block *free, starting a new
// block of size elements when it has too few.
func take[T any](free *[]T, n, size int) []T {
	if len(*free) < n {
		*free = make([]T, max(n, size))
	}
	out := (*free)[:n:n]
	*free = (*free)[n:]
	return out
}

func (p *Page) fromFront(f *source.File) {
	fm := f.Front
	if fm.Title != "" {
		p.Title = fm.Title
	}
	p.Description, p.Slug, p.Layout = fm.Description, fm.Slug, fm.Layout
	p.Date, p.Lastmod, p.PublishDate, p.ExpiryDate = fm.Date, fm.Lastmod, fm.PublishDate, fm.ExpiryDate
	p.Draft, p.Weight, p.Aliases, p.Terms = fm.Draft, fm.Weight, fm.Aliases, fm.Terms
	p.NoSearch = fm.NoSearch
	p.Source = f.Src
	p.key = fileKey(f)
	if fm.Summary != "" {
		p.Summary = htmlEscape(fm.Summary)
	}
	if p.Title == "" && p.Kind == KindPage {
		p.Title = titleFromName(path.Base(strings.TrimSuffix(f.Base, "/index")))
	}
}

func (b *builder) pagePath(s *Site, p *Page, f *source.File) string {
	if f.Front.URL != "" {
		return s.LanguagePrefix + cleanURLPath(f.Front.URL)
	}
	slug := f.Front.Slug
	if slug == "" {
		slug = Urlize(path.Base(p.dirOrBase(f)))
	}
	if pat, ok := b.Config.Permalinks[p.Section]; ok {
		return s.LanguagePrefix + expandPermalink(pat, p, slug)
	}
	parent := urlizePath(path.Dir(p.dirOrBase(f)))
	if parent == "" || parent == "." {
		return s.LanguagePrefix + "/" + slug + "/"
	}
	return s.LanguagePrefix + "/" + parent + "/" + slug + "/"
}

func (p *Page) dirOrBase(f *source.File) string {
	if p.dir != "" {
		return p.dir
	}
	return f.Base
}

// section returns the section page for a content folder in a language,
// creating it (and its parents) when no _index file made it.
func (b *builder) section(s *Site, dir string) *Page {
	if p, ok := s.sections[dir]; ok {
		return p
	}
	p := &Page{Kind: KindSection, Lang: s.Language.Code, Site: s, dir: dir, key: path.Join(dir, "_index"),
		Title: titleFromName(path.Base(dir)), Section: firstSegment(dir)}
	if dir == "." {
		p.Kind, p.Title, p.Path, p.key = KindHome, s.Title, s.LanguagePrefix+"/", "_index"
		s.Home = p
	} else {
		p.Parent = b.section(s, path.Dir(dir))
		p.Path = s.LanguagePrefix + "/" + urlizePath(dir) + "/"
	}
	s.sections[dir] = p
	b.add(p)
	return p
}

// add registers a page under its URL; it reports whether it did. A
// fallback page that another page's URL has is left out silently: the
// other page is the translation, or the original reports the clash.
func (b *builder) add(p *Page) bool {
	if p.Path == "" {
		return false
	}
	if !b.checkPath(p) {
		return false
	}
	if old, ok := b.ByPath[p.Path]; ok {
		if p.Original != nil {
			return false
		}
		at := p
		if p.File == "" {
			at = old
		}
		file, line, hint := at.File, at.claimLine(), "give one of them another slug or url"
		if file == "" { // two sections whose folders differ in case only
			file, line = at.pathAt()
			hint = "rename one of the folders"
		}
		b.errs.Add(diag.At(file, line, "%s and %s both claim the URL %s",
			describe(old), describe(p), p.Path).WithHint(hint))
		return false
	}
	b.setURLs(p)
	b.ByPath[p.Path] = p // keyed by the URL's own string, not the path it was made from
	b.Pages = append(b.Pages, p)
	s := p.Site
	s.all = append(s.all, p)
	if p.Kind == KindPage {
		s.regular = append(s.regular, p)
	}
	return true
}

// setURLs gives the page its URLs as parts of one string, one object for
// the collector instead of three on every page.
func (b *builder) setURLs(p *Page) {
	if b.origin == "" {
		u, _ := url.Parse(b.Config.BaseURL)
		u.Path = ""
		b.origin = strings.TrimSuffix(u.String(), "/")
	}
	base := b.Config.BasePath()
	p.Permalink = b.origin + base + p.Path
	p.RelPermalink = p.Permalink[len(b.origin):]
	p.Path = p.RelPermalink[len(base):]
}

// claimLine is the line that gives a page its URL: its url or slug key.
func (p *Page) claimLine() int {
	for _, k := range []string{"url", "slug"} {
		if _, ok := p.Params()[k]; ok {
			return p.Source.KeyLine(k)
		}
	}
	return 1
}

// KeyLine is the line of a front matter key in the page's file, for errors.
func (p *Page) KeyLine(key string) int { return p.Source.KeyLine(key) }

func describe(p *Page) string {
	if p.File != "" {
		return p.File
	}
	if p.Kind == KindSection && p.dir != "" {
		return "the section of content/" + p.dir + "/"
	}
	return "the " + p.Kind + " page"
}

func firstSegment(dir string) string {
	if dir == "." || dir == "" {
		return ""
	}
	return strings.SplitN(dir, "/", 2)[0]
}

func titleFromName(name string) string {
	if name == "." || name == "" {
		return ""
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "-", " "), "_", " ")
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

func htmlEscape(s string) (h templateHTML) {
	return templateHTML(template.HTMLEscapeString(s))
}
