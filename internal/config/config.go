// Package config reads sitegen.toml into a Config.
//
// # Keys
//
// The keys follow Hugo's so that Hugo users feel at home:
//
//	title, baseURL, defaultLanguage
//	[params]                      any keys, reachable as .Site.Params
//	[languages.X]                 languageName, title, weight, params, menus,
//	                              untranslated ("omit" or "fallback"), readingSpeed
//	[[languages.X.menus.main]]    name, url or pageRef, weight, identifier
//	[[menus.main]]                menus of a single-language site
//	[taxonomies]                  singular = "plural"; default tag = "tags"
//	[permalinks]                  section = "/:year/:month/:slug/" and so on
//	[markup]                      unsafe (raw HTML; default false)
//	[markup.highlight]            style, darkStyle (chroma style names),
//	                              engine ("lex", the default, or "chroma")
//	[[outputs]]                   template, path, data: extra files per language
//	[pagination]                  pagerSize (default 10), path (default "page")
//	[generate]                    robots = false: no generated robots.txt
//	[search]                      enabled: write a search index per language
//	[images]                      widths, sizes, quality, maxPixels, requireAlt, keepMetadata
//	[minify]                      html (minify pages, feeds and the sitemap)
//
// An unknown key is an error that names the key and its line, so a typo is
// never silently ignored. Keys under params are free.
//
// # Languages
//
// A site without [languages] has one language, defaultLanguage (default
// "en"). The default language is served at the site root, the others under
// /CODE/.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/sitegen/sitegen/internal/diag"
)

// FileName is the configuration file at the top of a site folder.
const FileName = "sitegen.toml"

// Config is a site's configuration.
type Config struct {
	Title           string                 `toml:"title"`
	BaseURL         string                 `toml:"baseURL"`
	DefaultLanguage string                 `toml:"defaultLanguage"`
	Params          map[string]any         `toml:"params"`
	Languages       map[string]*Language   `toml:"languages"`
	Menus           map[string][]MenuEntry `toml:"menus"`
	Taxonomies      map[string]string      `toml:"taxonomies"`
	Permalinks      map[string]string      `toml:"permalinks"`
	Markup          Markup                 `toml:"markup"`
	Outputs         []Output               `toml:"outputs"`
	Pagination      Pagination             `toml:"pagination"`
	Generate        Generate               `toml:"generate"`
	Search          Search                 `toml:"search"`
	Images          Images                 `toml:"images"`
	Minify          Minify                 `toml:"minify"`

	// LanguageList holds the languages by weight, then code; the default
	// language first. Filled by Load.
	LanguageList []*Language `toml:"-"`

	src []byte // the file's text, for the lines of errors found after decoding
}

// Language is one of a site's languages.
type Language struct {
	Code         string                 `toml:"-"`
	LanguageName string                 `toml:"languageName"`
	Title        string                 `toml:"title"`
	Weight       int                    `toml:"weight"`
	Params       map[string]any         `toml:"params"`
	Menus        map[string][]MenuEntry `toml:"menus"`
	// Untranslated is what the language shows of a default-language page
	// it has no translation of: nothing ("omit", the default), or the
	// original inside this language's templates ("fallback").
	Untranslated string `toml:"untranslated"`
	// ReadingSpeed is how fast the language's own script is read, in
	// words a minute (characters for Chinese, Japanese and Korean); 0
	// takes the script's default (see content.ReadingTime).
	ReadingSpeed int `toml:"readingSpeed"`
}

// Untranslated settings.
const (
	UntranslatedOmit     = "omit"
	UntranslatedFallback = "fallback"
)

// MenuEntry is an entry of a menu as written in the config.
type MenuEntry struct {
	Name       string `toml:"name"`
	URL        string `toml:"url"`
	PageRef    string `toml:"pageRef"`
	Weight     int    `toml:"weight"`
	Identifier string `toml:"identifier"`
}

// Markup configures Markdown rendering.
type Markup struct {
	Unsafe    bool      `toml:"unsafe"`
	Highlight Highlight `toml:"highlight"`
}

// Highlight names the chroma styles of the generated syntax.css and the
// engine that highlights code (see internal/highlight).
type Highlight struct {
	Style     string `toml:"style"`
	DarkStyle string `toml:"darkStyle"`
	Engine    Engine `toml:"engine"`
}

// The highlighting engines: both write the same HTML.
const (
	EngineLex    = "lex"    // internal/lex, the default
	EngineChroma = "chroma" // chroma itself
)

// Engine is the name of a highlighting engine. It is a struct, not a
// string, so that the TOML decoder calls UnmarshalText and an unknown
// name is an error at its line.
type Engine struct{ name string }

// UnmarshalText accepts the name of a known engine.
func (e *Engine) UnmarshalText(b []byte) error {
	switch s := string(b); s {
	case EngineLex, EngineChroma:
		e.name = s
		return nil
	}
	return fmt.Errorf("[markup.highlight] engine %q is not one of %q, %q", b, EngineLex, EngineChroma)
}

// String is the engine's name; EngineLex when none is set.
func (e Engine) String() string {
	if e.name == "" {
		return EngineLex
	}
	return e.name
}

// Search turns on the built-in search index (see internal/search).
type Search struct {
	Enabled bool `toml:"enabled"`
}

// Output is an extra file rendered once per language from a template in
// templates/, or once per item of a data list when Data is set.
type Output struct {
	Template string `toml:"template"` // file in templates/, e.g. "calendar.ics"
	Path     string `toml:"path"`     // output path; ":key" takes the item's key
	Data     string `toml:"data"`     // dotted path into site data, e.g. "program.events"
}

// Pagination configures .Paginate: pages of pagerSize, the second of
// /news/ at /news/PATH/2/.
type Pagination struct {
	PagerSize int    `toml:"pagerSize"`
	Path      string `toml:"path"`
}

// Generate switches off files the build makes for every site. (A site's
// own static/robots.txt wins over the generated one anyway.)
type Generate struct {
	Robots *bool `toml:"robots"` // robots.txt naming the sitemap; default true
}

// RobotsTxt reports whether the build writes robots.txt.
func (g Generate) RobotsTxt() bool { return g.Robots == nil || *g.Robots }

// Images configures image processing and Markdown's responsive images.
type Images struct {
	Widths       []int  `toml:"widths"`       // srcset widths of Markdown images; default 480, 960, 1600
	Sizes        string `toml:"sizes"`        // their sizes attribute; default "(min-width: 800px) 800px, 100vw"
	Quality      int    `toml:"quality"`      // JPEG and WebP quality when the spec has no qNN; default 75
	MaxPixels    int    `toml:"maxPixels"`    // larger images are refused before decoding; default 100 megapixels
	RequireAlt   bool   `toml:"requireAlt"`   // a Markdown image without alt text is an error, not a warning
	KeepMetadata bool   `toml:"keepMetadata"` // publish bundle originals with their GPS and serial tags
}

// Minify configures minification of the pages a build writes.
type Minify struct {
	HTML bool `toml:"html"` // minify HTML pages, feeds and the sitemap
}

// Load reads FileName from fsys and fills in defaults.
func Load(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.At(FileName, 0, "not found").WithHint("a site folder needs a sitegen.toml; run sitegen in the site folder or pass --source")
	}
	if err != nil {
		return nil, diag.At(FileName, 0, "cannot read: %v", err)
	}
	return Parse(src)
}

// Parse decodes a sitegen.toml and fills in defaults.
func Parse(src []byte) (*Config, error) {
	var c Config
	dec := toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, decodeError(err)
	}
	c.src = src
	if err := c.setDefaults(); err != nil {
		return nil, err
	}
	return &c, nil
}

func decodeError(err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var l diag.List
		for _, e := range strict.Errors {
			row, _ := e.Position()
			l.Add(diag.At(FileName, row, "unknown key %q", strings.Join(e.Key(), ".")).
				WithHint("see the config reference in README.md; free keys go under [params]"))
		}
		return l.Err()
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return diag.At(FileName, row, "%s", strings.TrimPrefix(de.Error(), "toml: "))
	}
	return diag.At(FileName, 0, "%v", err)
}

func (c *Config) setDefaults() error {
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		return err
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = "en"
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]string{"tag": "tags"}
	}
	if c.Markup.Highlight.Style == "" {
		c.Markup.Highlight.Style = "github"
	}
	if c.Markup.Highlight.DarkStyle == "" {
		c.Markup.Highlight.DarkStyle = "github-dark"
	}
	if c.Languages == nil {
		c.Languages = map[string]*Language{}
	}
	if err := c.Pagination.setDefaults(c.src); err != nil {
		return err
	}
	if _, ok := c.Languages[c.DefaultLanguage]; !ok {
		if len(c.Languages) > 0 {
			return diag.At(FileName, 0, "defaultLanguage %q has no [languages.%s] table", c.DefaultLanguage, c.DefaultLanguage)
		}
		c.Languages[c.DefaultLanguage] = &Language{Title: c.Title, Menus: c.Menus}
	}
	c.LanguageList = c.LanguageList[:0]
	for code, l := range c.Languages {
		if l == nil {
			l = &Language{}
			c.Languages[code] = l
		}
		l.Code = code
		if l.Title == "" {
			l.Title = c.Title
		}
		if l.LanguageName == "" {
			l.LanguageName = code
		}
		if l.Menus == nil && code == c.DefaultLanguage {
			l.Menus = c.Menus
		}
		if err := l.check(c.src); err != nil {
			return err
		}
		c.LanguageList = append(c.LanguageList, l)
	}
	sort.Slice(c.LanguageList, func(i, j int) bool {
		a, b := c.LanguageList[i], c.LanguageList[j]
		if (a.Code == c.DefaultLanguage) != (b.Code == c.DefaultLanguage) {
			return a.Code == c.DefaultLanguage
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Code < b.Code
	})
	if err := c.Images.setDefaults(); err != nil {
		return err
	}
	for _, o := range c.Outputs {
		if o.Template == "" || o.Path == "" {
			return diag.At(FileName, 0, "every [[outputs]] needs template and path")
		}
	}
	return nil
}

func (l *Language) check(src []byte) error {
	switch l.Untranslated {
	case "":
		l.Untranslated = UntranslatedOmit
	case UntranslatedOmit, UntranslatedFallback:
	default:
		return diag.At(FileName, keyLine(src, "languages."+l.Code, "untranslated"), "[languages.%s] untranslated = %q: want %q or %q",
			l.Code, l.Untranslated, UntranslatedOmit, UntranslatedFallback)
	}
	if l.ReadingSpeed < 0 {
		return diag.At(FileName, keyLine(src, "languages."+l.Code, "readingSpeed"), "[languages.%s] readingSpeed = %d: want a positive number of words a minute",
			l.Code, l.ReadingSpeed)
	}
	return nil
}

func (p *Pagination) setDefaults(src []byte) error {
	if p.PagerSize == 0 {
		p.PagerSize = 10
	}
	if p.PagerSize < 0 {
		return diag.At(FileName, keyLine(src, "pagination", "pagerSize"), "[pagination] pagerSize = %d: want at least 1", p.PagerSize)
	}
	if p.Path == "" {
		p.Path = "page"
	}
	if strings.Trim(p.Path, "/") != p.Path || strings.ContainsAny(p.Path, "/?#") {
		return diag.At(FileName, keyLine(src, "pagination", "path"), "[pagination] path = %q: want one URL segment such as \"page\"", p.Path)
	}
	return nil
}

// keyLine is the 1-based line of key in the table [table] of a TOML text,
// or 0; it serves errors found after decoding, which have no position.
func keyLine(src []byte, table, key string) int {
	in := false
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			in = strings.Trim(line, "[] ") == table
			continue
		}
		if k, _, ok := strings.Cut(line, "="); in && ok && strings.TrimSpace(k) == key {
			return i + 1
		}
	}
	return 0
}

// SetBaseURL replaces the base URL (the --base-url flag), normalised to end
// in a slash.
func (c *Config) SetBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return diag.At(FileName, 0, "baseURL %q: %v", raw, err)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return diag.At(FileName, 0, "baseURL %q: scheme must be http or https", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.BaseURL = u.String()
	return nil
}

// BasePath is the path part of the base URL without the trailing slash:
// "/forum" for https://host/forum/, "" for a root deploy.
func (c *Config) BasePath() string {
	u, _ := url.Parse(c.BaseURL)
	return strings.TrimSuffix(u.Path, "/")
}

// LangPrefix is the URL path prefix of a language: "" for the default
// language, "/zh" for another.
func (c *Config) LangPrefix(code string) string {
	if code == c.DefaultLanguage {
		return ""
	}
	return "/" + code
}

// Multilingual reports whether the site has more than one language.
func (c *Config) Multilingual() bool { return len(c.LanguageList) > 1 }

// Language returns the language with the code, or nil.
func (c *Config) Language(code string) *Language { return c.Languages[code] }

func (im *Images) setDefaults() error {
	if len(im.Widths) == 0 {
		im.Widths = []int{480, 960, 1600}
	}
	for _, w := range im.Widths {
		if w <= 0 || w > 20000 {
			return diag.At(FileName, 0, "[images] widths: %d is not a width in pixels (1 to 20000)", w)
		}
	}
	if im.Sizes == "" {
		im.Sizes = "(min-width: 800px) 800px, 100vw"
	}
	if im.Quality == 0 {
		im.Quality = 75
	}
	if im.Quality < 1 || im.Quality > 100 {
		return diag.At(FileName, 0, "[images] quality %d: must be 1 to 100", im.Quality)
	}
	if im.MaxPixels == 0 {
		im.MaxPixels = 100_000_000
	}
	if im.MaxPixels < 0 {
		return diag.At(FileName, 0, "[images] maxPixels %d: must be positive", im.MaxPixels)
	}
	return nil
}
