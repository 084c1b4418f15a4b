package templates

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/shortcodes"
)

// Shortcode templates are templates/shortcodes/NAME.html, parsed per
// language like the pages' (so T speaks the page's language), into one
// tree with the built-in ones (package shortcodes) that a site's file of
// the same name replaces. Their dot is a *shortcodes.Call; they have the
// page templates' functions and errorf, warnf, ref and relref.

const shortcodeDir = "shortcodes/"

// shortcodeSet is a language's shortcode templates.
type shortcodeSet struct {
	tree    *htmltemplate.Template
	inner   map[string]bool // by name: the template reads .Inner
	builtin map[string]bool // by name: no site file replaces the built-in one
	names   []string
}

// userError is what errorf returns: the message is the template's own.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

// shortcodeFuncs adds the shortcode templates' own functions.
func shortcodeFuncs(funcs map[string]any) htmltemplate.FuncMap {
	f := htmltemplate.FuncMap{}
	for k, v := range funcs {
		f[k] = v
	}
	f["errorf"] = func(format string, args ...any) (string, error) {
		return "", &userError{fmt.Sprintf(format, args...)}
	}
	f["warnf"] = func(format string, args ...any) htmltemplate.HTML {
		return htmltemplate.HTML(shortcodes.Warning(fmt.Sprintf(format, args...)))
	}
	ref := func(abs bool) func(ctx any, path any) (string, error) {
		return func(ctx any, path any) (string, error) {
			c, ok := ctx.(*shortcodes.Call)
			if !ok {
				return "", fmt.Errorf("ref and relref take the shortcode's dot: {{ ref . \"page.md\" }}")
			}
			get := c.RelRef
			if abs {
				get = c.Ref
			}
			u, err := get(fmt.Sprint(path))
			if err != nil {
				return "", &userError{err.Error()}
			}
			return u, nil
		}
	}
	f["ref"], f["relref"] = ref(true), ref(false)
	return f
}

// parseShortcodes parses the built-in shortcodes and the site's.
func (s *Set) parseShortcodes(srcs []source, funcs map[string]any) error {
	texts := shortcodes.Builtins()
	sc := &shortcodeSet{tree: htmltemplate.New("").Funcs(shortcodeFuncs(funcs)), inner: map[string]bool{}, builtin: map[string]bool{}}
	for name := range texts {
		sc.builtin[name] = true
	}
	for _, src := range srcs {
		if name, ok := strings.CutPrefix(src.name, shortcodeDir); ok && strings.HasSuffix(name, ".html") {
			name = strings.TrimSuffix(name, ".html")
			texts[name] = src.text
			delete(sc.builtin, name)
		}
	}
	var errs diag.List
	for _, name := range slices.Sorted(maps.Keys(texts)) {
		if _, err := sc.tree.New(Dir + "/" + shortcodeDir + name + ".html").Parse(texts[name]); err != nil {
			if sc.builtin[name] {
				panic(fmt.Sprintf("built-in shortcode %s: %v", name, err)) // a bug in sitegen, found by its tests
			}
			errs.Add(Error(err))
			continue
		}
		if !strings.HasPrefix(name, "_") {
			sc.inner[name] = strings.Contains(texts[name], ".Inner")
			sc.names = append(sc.names, name)
		}
	}
	s.shortcodes = sc
	return errs.Err()
}

// Shortcodes returns the language's shortcode templates for expansion.
func (s *Set) Shortcodes() shortcodes.Templates { return s.shortcodes }

func (sc *shortcodeSet) Lookup(name string) (found, inner bool) {
	inner, found = sc.inner[name]
	return found, inner
}

func (sc *shortcodeSet) Names() []string { return sc.names }

// Execute runs a shortcode. Its errors name the template's file and line
// (a built-in one's, its name); errorf's message is given as written.
func (sc *shortcodeSet) Execute(w io.Writer, name string, c *shortcodes.Call) error {
	err := sc.tree.ExecuteTemplate(w, Dir+"/"+shortcodeDir+name+".html", c)
	if err == nil {
		return nil
	}
	var ue *userError
	isUser := errors.As(err, &ue)
	if sc.builtin[name] {
		if isUser {
			return ue
		}
		return fmt.Errorf("built-in template: %w", err)
	}
	e := Error(err)
	if d, ok := e.(*diag.Error); ok && isUser {
		d.Msg = ue.msg
	}
	return e
}
