package build

import (
	"encoding/xml"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/config"
)

// siteLinks are the link targets of an HTML page.
var siteLinks = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)

// siteIDs are the ids of an HTML page's elements.
var siteIDs = regexp.MustCompile(`\sid="([^"]*)"`)

// checkShippedSite checks the output tree of the forum site built with
// base (or the config's baseURL when base is ""): what a visitor and a
// crawler would find, whatever the templates look like.
func checkShippedSite(t *testing.T, root string, tree map[string][]byte, st *Stats, base string) {
	t.Helper()
	if base == "" {
		c, err := config.Load(os.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		base = c.BaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	basePath := u.Path // "/" or "/archive/forum/"
	// file is the output file a URL path of this site names, or "".
	file := func(p string) string {
		rel, ok := strings.CutPrefix(p, basePath)
		if !ok {
			return ""
		}
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		return rel
	}
	langs := map[string]string{"en": "index.html", "zh": "zh/index.html", "ru": "ru/index.html"}
	for lang, home := range langs {
		if !strings.Contains(string(tree[home]), `<html lang="`+lang) {
			t.Errorf("%s: %s is not a home page in %s", base, home, lang)
		}
		for _, feed := range []string{"index.xml", "news/index.xml"} {
			if lang != "en" {
				feed = lang + "/" + feed
			}
			checkFeed(t, base, feed, tree, file)
		}
	}
	// Every content file is a page (the site has no drafts, future or
	// expired pages).
	md, err := fs.Glob(os.DirFS(root), "content/*.md")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := fs.Glob(os.DirFS(root), "content/*/*.md")
	md = append(md, more...)
	if len(md) < 20 {
		t.Fatalf("only %d content files", len(md))
	}
	sitemap := string(tree["sitemap.xml"])
	for _, f := range md {
		rel, ok := st.URLs[f]
		if !ok {
			t.Errorf("%s: %s has no page", base, f)
			continue
		}
		out := file(rel)
		if !strings.Contains(string(tree[out]), "<title>") {
			t.Errorf("%s: %s: %s is not a page", base, f, out)
		}
		if !strings.Contains(sitemap, "<loc>"+u.Scheme+"://"+u.Host+rel+"</loc>") {
			t.Errorf("%s: the sitemap lacks %s (%s)", base, rel, f)
		}
	}
	checkSitemap(t, base, sitemap, tree, file)
	checkLinks(t, base, u, tree, file)
}

// checkFeed requires an RSS feed with items that lead to pages.
func checkFeed(t *testing.T, base, name string, tree map[string][]byte, file func(string) string) {
	t.Helper()
	type item struct {
		Title string `xml:"title"`
		Link  string `xml:"link"`
	}
	var rss struct {
		Channel struct {
			Links []string `xml:"link"` // and atom:link's empty text
			Items []item   `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(tree[name], &rss); err != nil {
		t.Errorf("%s: %s: %v", base, name, err)
		return
	}
	if len(rss.Channel.Items) == 0 {
		t.Errorf("%s: %s has no items", base, name)
	}
	if len(rss.Channel.Links) == 0 {
		t.Errorf("%s: %s has no link", base, name)
		return
	}
	for _, it := range append([]item{{"the channel", rss.Channel.Links[0]}}, rss.Channel.Items...) {
		if u, err := url.Parse(it.Link); err != nil || tree[file(u.Path)] == nil {
			t.Errorf("%s: %s: %q links to %s, which is not in the output", base, name, it.Title, it.Link)
		}
	}
}

// checkSitemap requires every URL of the sitemap, and of its alternates,
// to be a file of the output.
func checkSitemap(t *testing.T, base, sitemap string, tree map[string][]byte, file func(string) string) {
	t.Helper()
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(sitemap), &sm); err != nil {
		t.Fatalf("%s: sitemap.xml: %v", base, err)
	}
	if len(sm.URLs) < 30 {
		t.Errorf("%s: the sitemap has %d URLs", base, len(sm.URLs))
	}
	for _, e := range sm.URLs {
		locs := []string{e.Loc}
		for _, l := range e.Links {
			locs = append(locs, l.Href)
		}
		for _, loc := range locs {
			if u, err := url.Parse(loc); err != nil || !u.IsAbs() || tree[file(u.Path)] == nil {
				t.Errorf("%s: the sitemap's %s is not a page of the output", base, loc)
			}
		}
	}
}

// checkLinks requires every link and source of every page on this site to
// name a file of the output, and every fragment an id of its page.
func checkLinks(t *testing.T, base string, site *url.URL, tree map[string][]byte, file func(string) string) {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if ids[name] == nil {
			ids[name] = map[string]bool{}
			for _, m := range siteIDs.FindAllStringSubmatch(string(tree[name]), -1) {
				ids[name][html.UnescapeString(m[1])] = true
			}
		}
		return ids[name]
	}
	checked := 0
	for name, data := range tree {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		page := &url.URL{Scheme: site.Scheme, Host: site.Host, Path: path.Join(site.Path, name)}
		for _, m := range siteLinks.FindAllStringSubmatch(string(data), -1) {
			ref, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Errorf("%s: %s: link %q: %v", base, name, m[1], err)
				continue
			}
			to := page.ResolveReference(ref)
			if to.Host != site.Host || (to.Scheme != "http" && to.Scheme != "https") {
				continue // another site, mailto:, data:
			}
			target := file(to.Path)
			if target == "" || tree[target] == nil {
				t.Errorf("%s: %s links to %s, which is not in the output", base, name, m[1])
				continue
			}
			checked++
			if to.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[to.Fragment] {
				t.Errorf("%s: %s links to %s, but %s has no id %q", base, name, m[1], target, to.Fragment)
			}
		}
	}
	if checked < 500 {
		t.Errorf("%s: only %d links checked", base, checked)
	}
}
