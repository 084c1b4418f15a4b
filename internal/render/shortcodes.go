package render

import (
	"strings"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/shortcodes"
)

// A page's shortcodes run before its Markdown is rendered (package
// shortcodes). What they read is kept with the page's links, so that an
// incremental build renders the body again exactly when it can differ:
// when a shortcode it calls has a new template (or a partial of it
// changed), when the configuration, data or UI strings changed, when a
// page or list its shortcodes read through .Page or .Site changed, or
// when a page given to ref or relref moved.

// renderShortcodes renders a body that calls shortcodes: the calls are
// expanded, the Markdown rendered with the lines of the file as written,
// and the {{< >}} calls' HTML put in place.
func (r *Renderer) renderShortcodes(p *content.Page, text []byte, pl *linkcheck.Links, resolve markdown.Resolver) (*markdown.Result, error) {
	t := r.policy().tracker()
	t.WithoutBodies().WithResources(r.Site.Resources) // the figure shortcode's images
	env := &shortcodes.Env{File: p.File, Line: p.BodyLine(), Page: t.Page(p), Site: t.Site(p.Site),
		Templates: r.Site.Templates.Set(p.Lang).Shortcodes(),
		Ref: func(c *shortcodes.Call, dest string, abs bool) (string, error) {
			return r.Links.Ref(p, pl, dest, c.Position.LineNumber, abs)
		}}
	exp, err := shortcodes.Expand(text, env)
	if err != nil {
		return nil, err
	}
	pl.Shortcodes, pl.Warns = exp.Names, exp.Warnings
	// Shortcodes see no rendered bodies (WithoutBodies), so no body
	// is among what they read.
	pl.Deps = t.Deps()
	res, hookErrs, err := r.Site.Markdown.RenderImages(exp.Text, func(dest string, line int, image bool) string {
		// An address a shortcode wrote (relref's) is final; ref and relref
		// check their own.
		if d := exp.Inline(dest); d != dest {
			return d
		}
		return resolve(dest, line, image)
	}, exp, r.imageHook(p))
	if err != nil {
		return nil, err
	}
	if err := hookErrors(hookErrs); err != nil {
		return nil, err
	}
	if res.HTML, err = exp.HTML(res.HTML); err != nil {
		return nil, err
	}
	res.Summary = shortcodes.Strip(res.Summary)
	for i := range res.Headings {
		res.Headings[i].Text = shortcodes.Strip(res.Headings[i].Text)
	}
	return res, nil
}

// bodyHolds reports whether a page's body of the last build still holds
// as far as its shortcodes go: none of their templates, nor anything
// they read, changed.
func (r *Renderer) bodyHolds(pl *linkcheck.Links) bool {
	if len(pl.Shortcodes) == 0 {
		return true
	}
	if r.RedoAll {
		return false
	}
	for _, name := range pl.Shortcodes {
		if r.RedoTemplates["shortcodes/"+name+".html"] {
			return false
		}
	}
	for leaf := range r.RedoTemplates {
		if strings.HasPrefix(leaf, "shortcodes/_") { // what several shortcodes share
			return false
		}
	}
	return !r.stale(pl.Deps)
}
