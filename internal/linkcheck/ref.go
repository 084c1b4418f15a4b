package linkcheck

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
)

// Ref resolves a shortcode's ref or relref: a content path, tried beside
// the page and then from content/ ("/x.md" only from content/), with or
// without ".md", and an optional #anchor that the link check checks.
func (c *Checker) Ref(p *content.Page, pl *Links, dest string, line int, abs bool) (string, error) {
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

// Warnings are what the pages' shortcodes reported with warnf, by page
// and then in the order of the calls.
func (c *Checker) Warnings() []string {
	var out []string
	warned := false
	for _, pl := range c.pages { // no copy of a big site's 10,000 first
		if len(pl.Warns) > 0 {
			warned = true
			break
		}
	}
	if !warned {
		return nil
	}
	for _, path := range slices.Sorted(maps.Keys(c.pages)) {
		out = append(out, c.pages[path].Warns...)
	}
	return out
}
