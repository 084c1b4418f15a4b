// Package templates parses a site's templates/ folder and renders pages.
//
// # Layout
//
// templates/base.html is the skeleton; it calls {{ block "main" . }}.
// home.html, section.html, page.html, taxonomy.html, term.html and 404.html
// define "main" for their kind of page; list.html serves every list kind
// without its own template and single.html regular pages without page.html
// (see Candidates). templates/SECTION/page.html and
// templates/SECTION/section.html (or list.html, single.html) override one
// section's pages; front matter
// "layout: x" selects templates/x.html. A template that defines no "main"
// is a whole page by itself. Partials live in templates/partials/ and are
// called as {{ partial "head.html" . }}.
//
// Files that do not end in .html (calendar.ics, feed.json) are text
// templates for the [[outputs]] of the config. templates/shortcodes/ holds
// the shortcodes' templates (see shortcodes.go).
//
// # Pagination
//
// A list page's template may call .Paginate or .Paginator (pager.go); the
// build then runs it once per pager page, each run with its own Paging.
//
// # Languages
//
// Templates are parsed once per language so that T, dateFormat and the URL
// functions speak the page's language without being told. The functions on
// lists (where, sort, first, in) are the same in every language and live in
// package collections below this one.
//
// # Errors
//
// Parse and execution errors name the template file and its own line. A
// partial that includes itself, directly or through others, and a call of a
// partial that does not exist are found when the templates are loaded.
package templates

import (
	"bytes"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"
	texttemplate "text/template"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/search"
	sitefiles "github.com/sitegen/sitegen/internal/source" // templates has a type source
)

// Dir is the templates folder of a site.
const Dir = "templates"

// Templates holds one Set per language.
type Templates struct {
	sets  map[string]*Set
	Files []string // every template file, relative to the site
	use   partialUse
	res   *resHolder
}

// Affected tells which page templates (leaf file names such as
// "page.html") a change to the given template files can alter; all is set
// when every page's can (base.html, or a partial called by a computed
// name).
func (t *Templates) Affected(changed []string) (leaves map[string]bool, all bool) {
	leaves = map[string]bool{}
	for _, c := range changed {
		name, ok := strings.CutPrefix(c, Dir+"/")
		if !ok {
			continue
		}
		partial, isPartial := strings.CutPrefix(name, "partials/")
		switch {
		case name == "base.html", isPartial && t.use.dynamic:
			return nil, true
		case isPartial:
			for leaf, uses := range t.use.uses {
				if uses[partial] {
					leaves[leaf] = true
				}
			}
		default:
			leaves[name] = true
		}
	}
	return leaves, false
}

// Set is the templates of one language.
type Set struct {
	lang     string
	pages    map[string]*leaf // by file name
	partials *htmltemplate.Template
	text     map[string]*texttemplate.Template
	running  atomic.Int64 // partials executing now, to stop runaway recursion

	shortcodes *shortcodeSet
	res        *resHolder
}

// leaf is a page template.
type leaf struct {
	name string // its file name, one string for every page it renders
	t    *htmltemplate.Template
	main bool // it defines "main", so it runs base.html
}

type source struct {
	name string // relative to templates/: "page.html", "partials/head.html"
	text string
}

// Load parses templates/ in fsys for every language of the config.
func Load(fsys fs.FS, c *config.Config, md *markdown.Renderer, tr *Translations) (*Templates, error) {
	srcs, err := readSources(fsys)
	if err != nil {
		return nil, err
	}
	t := &Templates{sets: map[string]*Set{}, res: &resHolder{}}
	for _, s := range srcs {
		t.Files = append(t.Files, Dir+"/"+s.name)
	}
	srcs = withBuiltins(srcs)
	for _, l := range c.LanguageList {
		set := &Set{lang: l.Code, pages: map[string]*leaf{}, text: map[string]*texttemplate.Template{}, res: t.res}
		funcs := newFuncs(c, l.Code, md, tr, set)
		if err := set.parse(srcs, funcs); err != nil {
			return nil, err
		}
		t.sets[l.Code] = set
	}
	use, err := checkPartials(t.sets[c.DefaultLanguage])
	if err != nil {
		return nil, err
	}
	t.use = use
	return t, nil
}

// Set returns the templates of a language.
func (t *Templates) Set(lang string) *Set { return t.sets[lang] }

func readSources(fsys fs.FS) ([]source, error) {
	var out []source
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() || sitefiles.Ignored(d.Name()) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return diag.At(p, 0, "%v", err)
		}
		out = append(out, source{name: strings.TrimPrefix(p, Dir+"/"), text: string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// withBuiltins adds sitegen's built-in partials that the site does not
// have a file of its own for.
func withBuiltins(srcs []source) []source {
	for _, s := range srcs {
		if s.name == "partials/search.html" {
			return srcs
		}
	}
	return append(srcs, source{name: "partials/search.html", text: search.Partial})
}

func (s *Set) parse(srcs []source, funcs map[string]any) error {
	var errs diag.List
	hf := htmltemplate.FuncMap(funcs)
	s.partials = htmltemplate.New("").Funcs(hf)
	var base *source
	for i, src := range srcs {
		switch {
		case src.name == "base.html":
			base = &srcs[i]
		case strings.HasPrefix(src.name, "partials/"):
			if _, err := s.partials.New(Dir + "/" + src.name).Parse(src.text); err != nil {
				errs.Add(Error(err))
			}
		}
	}
	errs.Add(s.parseShortcodes(srcs, funcs))
	for _, src := range srcs {
		if src.name == "base.html" || strings.HasPrefix(src.name, "partials/") || strings.HasPrefix(src.name, shortcodeDir) {
			continue
		}
		name := Dir + "/" + src.name
		if path.Ext(src.name) != ".html" {
			t, err := texttemplate.New(name).Funcs(texttemplate.FuncMap(funcs)).Parse(src.text)
			if err != nil {
				errs.Add(Error(err))
				continue
			}
			s.text[src.name] = t
			continue
		}
		t, err := parseLeaf(name, src.text, base, hf)
		if err != nil {
			errs.Add(Error(err))
			continue
		}
		// Its lists keep their rows (rows.go). A rewrite that cannot be
		// kept leaves t spoiled: then the plain parse, which just worked.
		if !memoRows(t, funcs) {
			t, _ = parseLeaf(name, src.text, base, hf)
		}
		s.pages[src.name] = &leaf{name: src.name, t: t, main: base != nil && strings.Contains(src.text, `define "main"`)}
	}
	return errs.Err()
}

// parseLeaf parses a page template with base.html, if the site has one.
func parseLeaf(name, text string, base *source, funcs htmltemplate.FuncMap) (*htmltemplate.Template, error) {
	t := htmltemplate.New(name).Funcs(funcs)
	if base != nil {
		if _, err := t.New(Dir + "/base.html").Parse(base.text); err != nil {
			return nil, err
		}
	}
	_, err := t.Parse(text)
	return t, err
}

// Lookup finds the template for a page: its layout, then the first of
// Candidates that exists. It returns "" when there is none.
func (s *Set) Lookup(p *content.Page) (string, error) {
	if p.Layout != "" {
		name := p.Layout
		if path.Ext(name) == "" {
			name += ".html"
		}
		l := s.pages[name]
		if l == nil {
			return "", diag.At(p.File, p.KeyLine("layout"), "layout %q: no templates/%s", p.Layout, name)
		}
		return l.name, nil
	}
	for _, name := range Candidates(p) {
		if l := s.pages[name]; l != nil {
			return l.name, nil
		}
	}
	return "", nil
}

// Candidates are the templates that can render a page, in the order they
// are tried, as Hugo users expect: the section's own, then the kind's,
// then list.html for any list kind and single.html for a regular page.
// A 404 page has only 404.html: without it no 404 page is written.
func Candidates(p *content.Page) []string {
	kind := kindNames[p.Kind]
	generic := "list"
	switch p.Kind {
	case content.KindPage:
		generic = "single"
	case content.Kind404:
		generic = ""
	}
	var out []string
	if p.Section != "" && (p.Kind == content.KindPage || p.Kind == content.KindSection) {
		out = append(out, p.Section+"/"+kind+".html")
		out = append(out, p.Section+"/"+generic+".html")
	}
	out = append(out, kind+".html")
	if generic != "" {
		out = append(out, generic+".html")
	}
	return out
}

// kindNames name the templates of each kind of page.
var kindNames = map[string]string{content.KindHome: "home", content.KindSection: "section", content.KindPage: "page",
	content.KindTaxonomy: "taxonomy", content.KindTerm: "term", content.Kind404: "404"}

// ExecutePage renders a page with the named leaf template, recording what
// it reads in t.
func (s *Set) ExecutePage(w io.Writer, name string, p *content.Page, t *Tracker) error {
	if t.res == nil {
		t.res = s.res.s
	}
	return s.Execute(w, name, t.Page(p))
}

// Execute renders the named leaf template with data.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	l := s.pages[name]
	run := Dir + "/" + name
	if l.main {
		run = Dir + "/base.html"
	}
	if err := l.t.ExecuteTemplate(w, run, data); err != nil {
		return Error(err)
	}
	return nil
}

// ImageHook is Hugo's name of the template that renders Markdown images.
const ImageHook = "_markup/render-image.html"

// Has reports whether the set has a page template of that name (such as
// ImageHook).
func (s *Set) Has(name string) bool { return s.pages[name] != nil }

// Text returns the text template for an output file, or nil.
func (s *Set) Text(name string) *texttemplate.Template { return s.text[name] }
