package render

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/signature"
	"github.com/sitegen/sitegen/internal/templates"
)

// extras writes what every site gets besides its pages: RSS feeds for home
// and sections, the sitemap, robots.txt, alias pages, the syntax stylesheet
// and the configured [[outputs]].
func (r *Renderer) extras(ctx context.Context) error {
	s := r.Site.Sites
	// The feeds and the sitemap are a big site's biggest files (the home
	// feed lists every page) and need nothing of one another, so they are
	// written on every core; the home feed, the biggest, goes first. What
	// is unchanged is decided before, as it records signatures.
	var big []func() error
	var files []string // what each of big writes
	for _, p := range s.Pages {
		if p.Kind == content.KindHome || p.Kind == content.KindSection {
			file := content.OutputFile(p.Path + "index.xml")
			if r.policy().unchanged(r, "rss:"+p.Path, func() uint64 { return r.combine(append([]*content.Page{p}, feeds.Items(p)...), true) }, file) {
				continue
			}
			big = append(big, func() error {
				return r.Out.Stream(file, Describe(p), r.MinFill(file, func(w io.Writer) error { return feeds.RSS(w, p, r.policy().feedItem(r)) }))
			})
			files = append(files, file)
		}
	}
	if r.owned["sitemap.xml"] {
		// the site's own sitemap wins
	} else if !r.policy().unchanged(r, "sitemap", func() uint64 { return r.combine(s.Pages, false) ^ r.pagersSig() }, "sitemap.xml") {
		big = append(big, func() error {
			return r.Out.Stream("sitemap.xml", "sitegen", r.MinFill("sitemap.xml", func(w io.Writer) error { return feeds.Sitemap(w, s, r.Out.Has, r.pagers) }))
		})
		files = append(files, "sitemap.xml")
	}
	if err := Parallel(ctx, len(big), func(i int) string { return files[i] }, func(i int) error { return big[i]() }); err != nil {
		return err
	}
	if s.Config.Generate.RobotsTxt() && !r.owned["robots.txt"] {
		if err := r.Out.Write("robots.txt", feeds.Robots(s), "sitegen"); err != nil {
			return err
		}
	}
	for _, a := range slices.Sorted(maps.Keys(s.Aliases)) {
		data, err := r.minified(content.OutputFile(a), feeds.Alias(s.Aliases[a]))
		if err != nil {
			return err
		}
		if err := r.Out.Write(content.OutputFile(a), data, "alias of "+Describe(s.Aliases[a])); err != nil {
			return err
		}
	}
	if err := r.Outputs(); err != nil {
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
	return r.Out.Write(SyntaxCSS, css, "sitegen")
}

// SyntaxCSS is where the build writes the highlighting stylesheet.
const SyntaxCSS = "css/syntax.css"

// unchanged records the signature of a generated file and reports whether
// the previous build wrote the same: then the file is kept as it is.
func (r *Renderer) unchanged(key string, sig uint64, file string) bool {
	r.Next.Sigs[key] = sig
	if r.Prev == nil || r.RedoAll || r.Prev.Sigs[key] != sig {
		return false
	}
	if _, ok := r.Prev.Files[file]; !ok {
		return false
	}
	r.Keep(file)
	return true
}

// combine folds the signatures of pages' metadata (and bodies) into one.
func (r *Renderer) combine(ps []*content.Page, bodies bool) uint64 {
	h := signature.New()
	for _, p := range ps {
		h.Int(int64(r.Next.Sigs[templates.MetaKey(p)]))
		if bodies {
			h.Int(int64(r.Next.Sigs[templates.BodyKey(p)]))
		}
	}
	return h.Sum()
}

// itemSig is the signature of a feed item: its page's metadata and body.
func ItemSig(meta, body uint64) uint64 {
	h := signature.New()
	h.Int(int64(meta))
	h.Int(int64(body))
	return h.Sum()
}
