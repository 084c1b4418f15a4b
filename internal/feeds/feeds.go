// Package feeds writes the files every site gets besides its pages: the RSS
// feeds of home and section pages (RSS, with each page's <item> from Item),
// the sitemap with hreflang alternates and pager pages (Sitemap), robots.txt
// (Robots) and the redirect pages of aliases (Alias). Addresses are
// percent-encoded and text XML-escaped; the output depends only on the
// model, so the same site gives the same bytes.
package feeds

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/content"
)

// Items are the pages of a home or section feed; fallback pages are
// left out, as they are the original's, which its own feed lists.
func Items(p *content.Page) []*content.Page {
	if p.Kind == content.KindHome {
		return content.WithoutFallbacks(p.Site.RegularPages())
	}
	return content.WithoutFallbacks(p.RegularPages())
}

// RSS is the feed of a home or section page; item gives each page's <item>.
func RSS(w io.Writer, p *content.Page, item func(*content.Page) string) error {
	items := byDateDesc(Items(p))
	if buf, ok := w.(*bytes.Buffer); ok {
		grow(buf, items, item)
	}
	b := &errWriter{w: w}
	head(b, p, items)
	for _, it := range items {
		b.WriteString(item(it))
	}
	b.WriteString(tail)
	return b.err
}

// grow makes room in buf for the items of pages at once: a big site's
// feed is megabytes.
func grow(buf *bytes.Buffer, pages []*content.Page, item func(*content.Page) string) {
	if len(pages) == 0 {
		return
	}
	n := min(len(pages), 16)
	sample := 0
	for _, it := range pages[:n] {
		sample += len(item(it))
	}
	buf.Grow(1024 + sample*len(pages)/n*9/8)
}

// tail ends every feed.
const tail = "</channel></rss>\n"

// head is a feed's text before its items, which are items.
func head(b *errWriter, p *content.Page, items []*content.Page) {
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` + "\n")
	title := p.Title
	if p.Kind != content.KindHome && p.Site.Title != "" {
		title = p.Title + " – " + p.Site.Title
	}
	fmt.Fprintf(b, "<title>%s</title>\n<link>%s</link>\n", xmlEscape(title), xmlEscape(escapeURL(p.Permalink)))
	desc := p.Description
	if desc == "" {
		desc, _ = p.Site.Params["description"].(string)
	}
	fmt.Fprintf(b, "<description>%s</description>\n<language>%s</language>\n", xmlEscape(desc), xmlEscape(p.Lang))
	if len(items) > 0 && !items[0].Date.IsZero() {
		fmt.Fprintf(b, "<lastBuildDate>%s</lastBuildDate>\n", items[0].Date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(b, `<atom:link href="%s" rel="self" type="application/rss+xml"/>`+"\n", xmlEscape(escapeURL(p.Permalink+"index.xml")))
}

// Item is a page's <item> in a feed.
func Item(it *content.Page, summary template.HTML) string {
	var b strings.Builder
	link := xmlEscape(escapeURL(it.Permalink))
	fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link>", xmlEscape(it.Title), link)
	if !it.Date.IsZero() {
		fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(&b, "<guid>%s</guid><description>%s</description></item>\n", link, xmlEscape(string(summary)))
	return b.String()
}

// byDateDesc is ps newest first, ties in their order; ps itself when it is
// so already (a site's pages are, unless weights or titles reorder them),
// as a home feed is sorted again on every save.
func byDateDesc(ps []*content.Page) []*content.Page {
	newest := func(a, b *content.Page) int { return b.Date.Compare(a.Date) }
	if slices.IsSortedFunc(ps, newest) {
		return ps
	}
	out := append([]*content.Page(nil), ps...)
	slices.SortStableFunc(out, newest)
	return out
}

// Sitemap lists every page that was written, with hreflang alternates for
// its translations, x-default pointing at the default language's version.
// Pages without a template (taxonomy, term, 404) are not written, so not
// listed; their translations are of the same kind, so not written either.
func Sitemap(w io.Writer, s *content.Sites, written func(file string) bool, pagers func(*content.Page) int) error {
	def := s.Config.DefaultLanguage
	return SitemapOf(w, s, func(p *content.Page) string { return SitemapEntry(p, def, written, pagers) })
}

// SitemapOf is the sitemap whose entry for each page is entry(p), which
// SitemapEntry makes; a caller may keep the entries of pages that did
// not change.
func SitemapOf(w io.Writer, s *content.Sites, entry func(*content.Page) string) error {
	b := &errWriter{w: w}
	b.WriteString(sitemapHead)
	for _, p := range s.Pages {
		b.WriteString(entry(p))
	}
	b.WriteString(sitemapTail)
	return b.err
}

// sitemapHead and sitemapTail are a sitemap's text before and after its
// entries.
const (
	sitemapHead = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n" +
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"
	sitemapTail = "</urlset>\n"
)

// SitemapEntry is page p's entry in the sitemap, with its pager pages'
// ("" for a page not listed), def being the default language. It reads
// p's URL and date, whether p was written, its translations' languages and
// URLs, and its and their pager counts.
func SitemapEntry(p *content.Page, def string, written func(file string) bool, pagers func(*content.Page) int) string {
	if p.Kind == content.Kind404 || p.IsFallback() || !written(content.OutputFile(p.Path)) {
		return "" // a fallback page's canonical URL is the original's
	}
	var b strings.Builder
	b.WriteString("<url><loc>" + xmlEscape(escapeURL(p.Permalink)) + "</loc>")
	if !p.Lastmod.IsZero() {
		var day [10]byte
		b.WriteString("<lastmod>" + string(p.Lastmod.AppendFormat(day[:0], "2006-01-02")) + "</lastmod>")
	}
	if p.IsTranslated() {
		all := p.AllTranslations()
		for _, t := range all {
			b.WriteString(`<xhtml:link rel="alternate" hreflang="` + xmlEscape(t.Lang) + `" href="` + xmlEscape(escapeURL(t.Permalink)) + `"/>`)
		}
		x := all[0]
		for _, t := range all {
			if t.Lang == def {
				x = t
			}
		}
		b.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="` + xmlEscape(escapeURL(x.Permalink)) + `"/>`)
	}
	b.WriteString("</url>\n")
	sitemapPagers(&b, p, def, pagers)
	return b.String()
}

// errWriter keeps the first error of a run of writes, so that a feed's
// many small writes need not each be checked.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) WriteString(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// escapeURL percent-encodes the path of an absolute URL (sitemaps and feeds
// want RFC 3986 addresses; pages may have Chinese or Russian paths).
func escapeURL(raw string) string {
	if plainURL(raw) {
		return raw // what url.Parse and String give back, without parsing
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.String()
}

// plainURL reports whether raw is http(s)://HOST[:PORT]/PATH with a
// lower-case host and a path of unreserved characters and slashes only,
// which parsing and printing leave as they are.
func plainURL(raw string) bool {
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "http://"); !ok {
			return false
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	host, port, hasPort := strings.Cut(host, ":")
	if host == "" || hasPort && port == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" ||
		strings.Trim(port, "0123456789") != "" {
		return false
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0) {
			return false
		}
	}
	return true
}

// Robots is robots.txt: everything allowed, and where the sitemap is.
func Robots(s *content.Sites) []byte {
	u, _ := url.Parse(s.Config.BaseURL)
	u.Path += "sitemap.xml"
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + u.String() + "\n")
}

// Alias is the page at an alias of p: a redirect to p.
func Alias(p *content.Page) []byte {
	to := xmlEscape(p.RelPermalink)
	return []byte(`<!DOCTYPE html><html lang="` + xmlEscape(p.Lang) + `"><head><meta charset="utf-8"><title>` + xmlEscape(p.Title) +
		`</title><link rel="canonical" href="` + xmlEscape(p.Permalink) + `"><meta name="robots" content="noindex">` +
		`<meta http-equiv="refresh" content="0; url=` + to + `"></head><body><p><a href="` + to + `">` + xmlEscape(p.Title) + "</a></p></body></html>\n")
}

// PagerPath is the site path of pager page n of a list: LIST/page/N/.
func PagerPath(p *content.Page, n int) string {
	return p.Path + p.Site.Config().Pagination.Path + "/" + strconv.Itoa(n) + "/"
}

// sitemapPagers writes the sitemap entries of a list's pager pages 2..N,
// each with the alternates of the translations that have as many.
func sitemapPagers(b *strings.Builder, p *content.Page, def string, pagers func(*content.Page) int) {
	for n := 2; n <= pagers(p); n++ {
		url := func(q *content.Page) string { return xmlEscape(escapeURL(q.Permalink + PagerPath(q, n)[len(q.Path):])) }
		fmt.Fprintf(b, "<url><loc>%s</loc>", url(p))
		var alts bytes.Buffer
		var x string
		count := 0
		for _, t := range p.AllTranslations() {
			if pagers(t) >= n {
				count++
				fmt.Fprintf(&alts, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, xmlEscape(t.Lang), url(t))
				if t.Lang == def {
					x = url(t)
				}
			}
		}
		if count > 1 {
			b.Write(alts.Bytes())
			if x != "" {
				fmt.Fprintf(b, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, x)
			}
		}
		b.WriteString("</url>\n")
	}
}

// xmlEscaper is built once: a Replacer is costly to make and safe to share.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// xmlEscape escapes text for XML content and attributes.
func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
