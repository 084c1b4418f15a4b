package build

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/templates"
)

// extras writes what every site gets besides its pages: RSS feeds for home
// and sections, the sitemap, robots.txt, alias pages, the syntax stylesheet
// and the configured [[outputs]].
func (r *renderer) extras(ctx context.Context) error {
	s := r.site.Sites
	// The feeds and the sitemap are a big site's biggest files (the home
	// feed lists every page) and need nothing of one another, so they are
	// written on every core; the home feed, the biggest, goes first. What
	// is unchanged is decided before, as it records signatures.
	var big []func() error
	var files []string // what each of big writes
	for _, p := range s.Pages {
		if p.Kind == content.KindHome || p.Kind == content.KindSection {
			file := content.OutputFile(p.Path + "index.xml")
			if !r.once && r.unchanged("rss:"+p.Path, r.combine(append([]*content.Page{p}, feedItems(p)...), true), file) {
				continue
			}
			big = append(big, func() error {
				return r.out.Stream(file, describe(p), r.minFill(file, func(w io.Writer) error { return rss(w, p, r.feedItem) }))
			})
			files = append(files, file)
		}
	}
	if r.owned["sitemap.xml"] {
		// the site's own sitemap wins
	} else if r.once || !r.unchanged("sitemap", r.combine(s.Pages, false)^r.pagersSig(), "sitemap.xml") {
		big = append(big, func() error {
			return r.out.Stream("sitemap.xml", "sitegen", r.minFill("sitemap.xml", func(w io.Writer) error { return sitemap(w, s, r.out.Has, r.pagers) }))
		})
		files = append(files, "sitemap.xml")
	}
	if err := parallel(ctx, len(big), func(i int) string { return files[i] }, func(i int) error { return big[i]() }); err != nil {
		return err
	}
	if s.Config.Generate.RobotsTxt() && !r.owned["robots.txt"] {
		if err := r.out.Write("robots.txt", robots(s), "sitegen"); err != nil {
			return err
		}
	}
	for _, a := range sortedKeys(s.Aliases) {
		data, err := r.minified(content.OutputFile(a), alias(s.Aliases[a]))
		if err != nil {
			return err
		}
		if err := r.out.Write(content.OutputFile(a), data, "alias of "+describe(s.Aliases[a])); err != nil {
			return err
		}
	}
	if err := r.outputs(); err != nil {
		return err
	}
	if r.owned[SyntaxCSS] {
		return nil // the site's own stylesheet wins
	}
	css, err := markdown.StyleSheet(s.Config.Markup.Highlight.Style, s.Config.Markup.Highlight.DarkStyle)
	if err != nil {
		return fmt.Errorf("sitegen.toml: [markup.highlight]: %w", err)
	}
	if css, err = r.minified(SyntaxCSS, css); err != nil {
		return err
	}
	return r.out.Write(SyntaxCSS, css, "sitegen")
}

// SyntaxCSS is where the build writes the highlighting stylesheet.
const SyntaxCSS = "css/syntax.css"

// unchanged records the signature of a generated file and reports whether
// the previous build wrote the same: then the file is kept as it is.
func (r *renderer) unchanged(key string, sig uint64, file string) bool {
	r.next.sigs[key] = sig
	if r.prev == nil || r.redoAll || r.prev.sigs[key] != sig {
		return false
	}
	if _, ok := r.prev.files[file]; !ok {
		return false
	}
	r.keep(file)
	return true
}

// combine folds the signatures of pages' metadata (and bodies) into one.
func (r *renderer) combine(ps []*content.Page, bodies bool) uint64 {
	h := newHasher()
	for _, p := range ps {
		h.int(int64(r.next.sigs[templates.MetaKey(p)]))
		if bodies {
			h.int(int64(r.next.sigs[templates.BodyKey(p)]))
		}
	}
	return h.sum()
}

// feedItems are the pages of a home or section feed; fallback pages are
// left out, as they are the original's, which its own feed lists.
func feedItems(p *content.Page) []*content.Page {
	if p.Kind == content.KindHome {
		return content.WithoutFallbacks(p.Site.RegularPages())
	}
	return content.WithoutFallbacks(p.RegularPages())
}

// rss is the feed of a home or section page; item gives each page's <item>.
func rss(w io.Writer, p *content.Page, item func(*content.Page) string) error {
	b := &errWriter{w: w}
	items := byDateDesc(feedItems(p))
	if buf, ok := w.(*bytes.Buffer); ok && len(items) > 0 { // a big site's feed is megabytes: grow once
		n := min(len(items), 16)
		sample := 0
		for _, it := range items[:n] {
			sample += len(item(it))
		}
		buf.Grow(1024 + sample*len(items)/n*9/8)
	}
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
	for _, it := range items {
		b.WriteString(item(it))
	}
	b.WriteString("</channel></rss>\n")
	return b.err
}

// feedItem is a page's <item>, kept from the previous build while the
// page's signatures are unchanged: a home feed lists every page, and one
// edit should not cost formatting them all again.
func (r *renderer) feedItem(it *content.Page) string {
	if r.once {
		return itemXML(it)
	}
	sig := itemSig(r.next.sigs[templates.MetaKey(it)], r.next.sigs[templates.BodyKey(it)])
	x, ok := r.prev.item(it.Path)
	if !ok || x.sig != sig || r.redoAll {
		x = feedXML{sig: sig, xml: itemXML(it)}
	}
	r.itemsMu.Lock() // feeds are written at the same time, and share pages
	r.next.items[it.Path] = x
	r.itemsMu.Unlock()
	return x.xml
}

// itemSig is the signature of a feed item: its page's metadata and body.
func itemSig(meta, body uint64) uint64 {
	h := newHasher()
	h.int(int64(meta))
	h.int(int64(body))
	return h.sum()
}

func itemXML(it *content.Page) string {
	var b strings.Builder
	link := xmlEscape(escapeURL(it.Permalink))
	fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link>", xmlEscape(it.Title), link)
	if !it.Date.IsZero() {
		fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(&b, "<guid>%s</guid><description>%s</description></item>\n", link, xmlEscape(string(it.Summary)))
	return b.String()
}

func byDateDesc(ps []*content.Page) []*content.Page {
	out := append([]*content.Page(nil), ps...)
	sortStable(out, func(a, b *content.Page) bool { return a.Date.After(b.Date) })
	return out
}

// sitemap lists every page that was written, with hreflang alternates for
// its translations, x-default pointing at the default language's version.
// Pages without a template (taxonomy, term, 404) are not written, so not
// listed; their translations are of the same kind, so not written either.
func sitemap(w io.Writer, s *content.Sites, written func(file string) bool, pagers func(*content.Page) int) error {
	b := &errWriter{w: w}
	isWritten := func(p *content.Page) bool { return written(content.OutputFile(p.Path)) }
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, p := range s.Pages {
		if p.Kind == content.Kind404 || p.IsFallback() || !isWritten(p) {
			continue // a fallback page's canonical URL is the original's
		}
		fmt.Fprintf(b, "<url><loc>%s</loc>", xmlEscape(escapeURL(p.Permalink)))
		if !p.Lastmod.IsZero() {
			fmt.Fprintf(b, "<lastmod>%s</lastmod>", p.Lastmod.Format("2006-01-02"))
		}
		if p.IsTranslated() {
			all := p.AllTranslations()
			for _, t := range all {
				fmt.Fprintf(b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, xmlEscape(t.Lang), xmlEscape(escapeURL(t.Permalink)))
			}
			def := all[0]
			for _, t := range all {
				if t.Lang == s.Config.DefaultLanguage {
					def = t
				}
			}
			fmt.Fprintf(b, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, xmlEscape(escapeURL(def.Permalink)))
		}
		b.WriteString("</url>\n")
		sitemapPagers(b, p, s.Config.DefaultLanguage, pagers)
	}
	b.WriteString("</urlset>\n")
	return b.err
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
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.String()
}

func robots(s *content.Sites) []byte {
	u, _ := url.Parse(s.Config.BaseURL)
	u.Path += "sitemap.xml"
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + u.String() + "\n")
}

func alias(p *content.Page) []byte {
	to := xmlEscape(p.RelPermalink)
	return []byte(`<!DOCTYPE html><html lang="` + xmlEscape(p.Lang) + `"><head><meta charset="utf-8"><title>` + xmlEscape(p.Title) +
		`</title><link rel="canonical" href="` + xmlEscape(p.Permalink) + `"><meta name="robots" content="noindex">` +
		`<meta http-equiv="refresh" content="0; url=` + to + `"></head><body><p><a href="` + to + `">` + xmlEscape(p.Title) + "</a></p></body></html>\n")
}
