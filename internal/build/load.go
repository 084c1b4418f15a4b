package build

import (
	"sort"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/highlight"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/source"
	"github.com/sitegen/sitegen/internal/templates"
)

// What a change touches, by the top folder of its path.
const (
	touchConfig = 1 << iota
	touchData
	touchTemplates
	touchStrings // i18n/
	touchContent
	touchStatic
	touchResources // assets/ or a content file other than Markdown: pages that use it render again
	touchAll       = touchConfig | touchData | touchTemplates | touchStrings | touchContent | touchStatic | touchResources
)

// Overflow in a list of changes means "events were lost": redo everything.
const Overflow = "\x00overflow"

func classify(changed []string) int {
	t := 0
	for _, c := range changed {
		switch top := strings.SplitN(c, "/", 2)[0]; top {
		case config.FileName, Overflow:
			t |= touchAll
		case config.DataDir:
			t |= touchData
		case config.TemplatesDir:
			t |= touchTemplates
		case config.I18nDir:
			t |= touchStrings
		case config.ContentDir:
			t |= touchContent
			if !strings.HasSuffix(c, ".md") {
				t |= touchResources
			}
		case config.AssetsDir:
			t |= touchResources
		case config.StaticDir:
			t |= touchStatic
		}
	}
	return t
}

// loader keeps a site's parts between builds and reloads only the parts a
// change touches.
type loader struct {
	opts     Options
	cfg      *config.Config
	md       *markdown.Renderer
	engine   highlight.Highlighter // md's, kept while the config names it
	engineOf config.Engine
	data     map[string]any
	tmpl     *templates.Templates
	files    map[string]*source.File // Markdown files by path
	assets   []string
	static   []string
	warnings []string
	res      *resources.Store
	model    *model                  // the last site model, updated in place where it can be (model.go)
	diff     []string                // the Markdown files this load's updateContent changed; nil: not known
	undo     map[string]*source.File // what updateContent replaced in files (nil: was not there)
}

// markdown is the render.Renderer for config c, with the build's code cache. A
// highlighting engine is kept while the config names it, with the lexers
// it compiled.
func (l *loader) markdown(c *config.Config) *markdown.Renderer {
	if e := c.Markup.Highlight.Engine; l.engine == nil || e != l.engineOf {
		l.engine, _ = highlight.New(e.String()) // config accepts only known names
		l.engineOf = e
	}
	opts := []markdown.Option{markdown.WithUnsafe(c.Markup.Unsafe), markdown.WithHighlighter(l.engine)}
	if l.opts.CodeCache != nil {
		opts = append(opts, markdown.WithCodeCache(l.opts.CodeCache))
	}
	return markdown.New(opts...)
}

// resources is a new store for config c: images and assets are made anew
// (from the cache) when the configuration changes.
func (l *loader) resources(c *config.Config) *resources.Store {
	base := c.BasePath()
	return resources.New(resources.Options{FS: l.opts.FS, Images: c.Images, BasePath: base,
		Origin: strings.TrimSuffix(strings.TrimSuffix(c.BaseURL, "/"), base), Cache: l.opts.ImageCache})
}

// load brings the parts up to date with the changes and returns the site
// and the Markdown files that were read again (nil: all of them).
func (l *loader) load(changed []string) (*render.Input, map[string]bool, error) {
	touch := classify(changed)
	if l.cfg == nil {
		touch = touchAll
	}
	var errs diag.List
	if touch&touchConfig != 0 {
		c, err := config.Load(l.opts.FS)
		if err != nil {
			return nil, nil, err
		}
		if l.opts.BaseURL != "" {
			if err := c.SetBaseURL(l.opts.BaseURL); err != nil {
				return nil, nil, err
			}
		}
		l.cfg, l.md, l.files = c, l.markdown(c), nil
		l.res = l.resources(c)
	} else if touch&touchResources != 0 {
		l.res.Forget(changed)
	}
	if touch&touchData != 0 {
		data, err := source.LoadData(l.opts.FS)
		errs.Add(err)
		l.data = data
	}
	if touch&(touchTemplates|touchStrings|touchConfig) != 0 {
		tr, err := templates.LoadTranslations(l.opts.FS, l.cfg.DefaultLanguage)
		errs.Add(err)
		if tr != nil {
			l.tmpl, err = templates.Load(l.opts.FS, l.cfg, l.md, tr)
			errs.Add(err)
		}
	}
	var fresh map[string]bool
	before := l.files
	l.diff, l.undo = nil, nil
	if touch&touchContent != 0 {
		var err error
		fresh, err = l.loadContent(changed)
		errs.Add(err)
	}
	if touch&touchStatic != 0 {
		errs.Add(l.loadStatic())
	}
	if len(errs) > 0 {
		l.revert()
		return nil, nil, errs.Err()
	}
	sites, err := l.sites(before, touch)
	if err != nil {
		l.revert()
		return nil, nil, err
	}
	l.undo = nil
	l.tmpl.UseResources(l.res)
	s := &render.Input{Config: l.cfg, Sites: sites, Templates: l.tmpl, Markdown: l.md, Static: l.static,
		Warnings: append([]string(nil), l.warnings...), Resources: l.res}
	return s, fresh, nil
}

// loadContent walks content/ again and reads the Markdown files that
// changed or are new; fresh lists them (nil when all were read).
func (l *loader) loadContent(changed []string) (map[string]bool, error) {
	if exists, ok := l.knownChanges(changed); ok {
		return l.updateContent(changed, exists)
	}
	md, assets, links, err := source.Walk(l.opts.FS, "content")
	if err != nil {
		return nil, err
	}
	l.warnings = nil
	for _, p := range links {
		l.warnings = append(l.warnings, p+": symbolic link not followed")
	}
	l.assets = assets
	var fresh map[string]bool
	var read []string
	if l.files == nil {
		read = md
	} else {
		fresh = map[string]bool{}
		for _, c := range changed {
			fresh[c] = true
		}
		for _, p := range md {
			if _, ok := l.files[p]; !ok || fresh[p] {
				read = append(read, p)
			}
		}
	}
	files, err := source.ReadFronts(l.opts.FS, l.cfg, read)
	if err != nil {
		return nil, err
	}
	next := make(map[string]*source.File, len(md))
	for _, p := range md {
		if f, ok := l.files[p]; ok && !fresh[p] {
			next[p] = f
		}
	}
	for _, f := range files {
		next[f.Path] = f
		if fresh != nil {
			fresh[f.Path] = true
		}
	}
	l.files = next
	return fresh, nil
}

func (l *loader) loadStatic() error {
	md, assets, links, err := source.Walk(l.opts.FS, config.StaticDir)
	if err != nil {
		return err
	}
	for _, p := range links {
		l.warnings = append(l.warnings, p+": symbolic link not copied")
	}
	l.static = append(md, assets...)
	sort.Strings(l.static)
	return nil
}

// Load reads a site folder into a Site.
func Load(o Options) (*render.Input, error) {
	o.defaults()
	l := &loader{opts: o}
	s, _, err := l.load(nil)
	return s, err
}
