package content

import (
	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/source"
)

// Untranslated pages. A language whose untranslated setting is "fallback"
// shows a default-language page it has no translation of at the page's
// URL in that language: the page is made from the original's file in the
// language's site, so that its templates, menus, UI strings and links are
// the language's own, while its content stays the original's. Such a page
// has Original set; it is no translation (hreflang alternates list only
// real ones), joins no taxonomy (its terms are the original language's
// words), and is left out of the sitemap and the feeds, as its canonical
// URL is the original's.

// IsFallback reports whether the page shows another language's content
// because it has no translation (see Original).
func (p *Page) IsFallback() bool { return p.Original != nil }

// ContentLang is the language of the page's content: its own, or the
// original's for a fallback page.
func (p *Page) ContentLang() string {
	if p.Original != nil {
		return p.Original.Lang
	}
	return p.Lang
}

// Canonical is the page's canonical URL: its own permalink, or the
// original's for a fallback page.
func (p *Page) Canonical() string {
	if p.Original != nil {
		return p.Original.Permalink
	}
	return p.Permalink
}

// fileKey is the translation key of a content file: pages with one key are
// translations of each other.
func fileKey(f *source.File) string {
	if f.Front.TranslationKey != "" {
		return "key:" + f.Front.TranslationKey
	}
	return f.Base
}

// addFallbacks adds, in every language that asks for them, a fallback page
// for each published default-language file the language has no
// translation of. Originals must have been added.
func (b *builder) addFallbacks(published []*source.File) {
	def := b.Config.DefaultLanguage
	has := map[string]map[string]bool{} // lang -> translation keys it has
	for _, f := range published {
		if has[f.Lang] == nil {
			has[f.Lang] = map[string]bool{}
		}
		has[f.Lang][fileKey(f)] = true
	}
	for _, l := range b.Config.LanguageList {
		if l.Code == def || l.Untranslated != config.UntranslatedFallback {
			continue
		}
		for _, f := range published {
			if f.Lang != def || has[l.Code][fileKey(f)] {
				continue
			}
			orig := b.byBase[def][f.Base]
			if orig == nil {
				continue // its URL clashed with another page's: reported
			}
			c := *f
			c.Lang = l.Code
			b.original = orig
			b.addFile(&c)
			b.original = nil
		}
	}
}

// WithoutFallbacks is ps without fallback pages, for the feeds and the
// sitemap; ps itself when it has none, which is every list of a site that
// uses no fallback.
func WithoutFallbacks(ps []*Page) []*Page {
	return filterPages(ps, func(p *Page) bool { return p.Original == nil })
}
