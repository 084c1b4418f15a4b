package build

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/shortcodes"
	"github.com/sitegen/sitegen/internal/templates"
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
func (r *renderer) renderShortcodes(p *content.Page, text []byte, pl *pageLinks, resolve markdown.Resolver) (*markdown.Result, error) {
	t := templates.NewTracker()
	if r.once {
		t = templates.Untracked()
	}
	t.WithoutBodies().WithResources(r.site.Resources) // the figure shortcode's images
	env := &shortcodes.Env{File: p.File, Line: p.BodyLine(), Page: t.Page(p), Site: t.Site(p.Site),
		Templates: r.site.Templates.Set(p.Lang).Shortcodes(),
		Ref: func(c *shortcodes.Call, dest string, abs bool) (string, error) {
			return r.links.ref(p, pl, dest, c.Position.LineNumber, abs)
		}}
	exp, err := shortcodes.Expand(text, env)
	if err != nil {
		return nil, err
	}
	pl.shortcodes, pl.warns = exp.Names, exp.Warnings
	// Shortcodes see no rendered bodies (WithoutBodies), so no body
	// is among what they read.
	pl.deps = t.Deps()
	res, hookErrs, err := r.site.Markdown.RenderImages(exp.Text, func(dest string, line int, image bool) string {
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
func (r *renderer) bodyHolds(pl *pageLinks) bool {
	if len(pl.shortcodes) == 0 {
		return true
	}
	if r.redoAll {
		return false
	}
	for _, name := range pl.shortcodes {
		if r.redoTemplates["shortcodes/"+name+".html"] {
			return false
		}
	}
	for leaf := range r.redoTemplates {
		if strings.HasPrefix(leaf, "shortcodes/_") { // what several shortcodes share
			return false
		}
	}
	return !r.stale(pl.deps)
}

// ref resolves a shortcode's ref or relref: a content path, tried beside
// the page and then from content/ ("/x.md" only from content/), with or
// without ".md", and an optional #anchor that the link check checks.
func (c *linkChecker) ref(p *content.Page, pl *pageLinks, dest string, line int, abs bool) (string, error) {
	u, err := url.Parse(dest)
	if err != nil || dest == "" || u.Scheme != "" || u.Host != "" {
		return "", fmt.Errorf("ref %q: want a content path such as \"news/a.md\"", dest)
	}
	var tries []string
	if !strings.HasPrefix(u.Path, "/") {
		tries = append(tries, contentRel(p, u.Path))
	}
	tries = append(tries, strings.TrimPrefix(path.Clean("/"+u.Path), "/"))
	for _, rel := range tries {
		for _, f := range refFiles(rel) {
			t := c.sites.ByContentFile(p.Lang, f)
			if t == nil {
				continue
			}
			pl.targets = append(pl.targets, linkTarget{p.Lang, f, t.RelPermalink})
			frag := ""
			if u.Fragment != "" {
				pl.addRef(line, dest, t.Path, u.Fragment)
				frag = "#" + u.EscapedFragment()
			}
			if abs {
				return t.Permalink + frag, nil
			}
			return t.RelPermalink + frag, nil
		}
	}
	return "", fmt.Errorf("ref %q: no published page content/%s", dest, tries[0])
}

// refFiles are the content files a ref path can mean.
func refFiles(rel string) []string {
	if strings.HasSuffix(rel, ".md") {
		return []string{rel}
	}
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" {
		return []string{"_index.md"}
	}
	return []string{rel + ".md", rel + "/index.md", rel + "/_index.md"}
}

// contentRel is a path relative to a page's folder as a path under
// content/.
func contentRel(p *content.Page, rel string) string {
	if !strings.HasPrefix(rel, "/") {
		rel = path.Join(path.Dir(strings.TrimPrefix(p.File, "content/")), rel)
	}
	return strings.TrimPrefix(path.Clean("/"+rel), "/")
}

// warnings are what the pages' shortcodes reported with warnf, by page
// and then in the order of the calls.
func (c *linkChecker) warnings() []string {
	var out []string
	if !slices.ContainsFunc(slices.Collect(maps.Values(c.pages)), func(pl *pageLinks) bool { return len(pl.warns) > 0 }) {
		return nil
	}
	for _, path := range slices.Sorted(maps.Keys(c.pages)) {
		out = append(out, c.pages[path].warns...)
	}
	return out
}
