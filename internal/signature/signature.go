// Package signature sums up what a template can read of the model in
// 64-bit signatures (xxHash): of a page's metadata (Meta), of its rendered
// body (Body), and of a language's lists, menus and taxonomies (Site). Two
// builds that give a key the same signature gave templates the same
// values, so an incremental build renders again only what read a key whose
// signature changed. Hasher folds further values into a signature.
package signature

import (
	"encoding/binary"
	"html/template"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/templates"
)

// Hasher builds a signature (64-bit xxHash) from the values a template may
// read. It hashes strings in place: a signature is taken for every page on
// every rebuild, and converting each string to bytes would allocate. A
// signature only decides whether something is written again, so a
// collision would leave a file stale: the hash must be a good one, and it
// must be fast, as every list's pages are hashed on every full rebuild.
type Hasher struct{ d xxhash.Digest }

// New is a Hasher with nothing hashed yet.
func New() *Hasher {
	h := new(Hasher)
	h.d.Reset() // a zero Digest is not ready; xxhash.New would allocate a second one
	return h
}

// Str hashes a string with its length, so that ("ab", "c") and ("a", "bc") differ.
func (h *Hasher) Str(s string) {
	h.Int(int64(len(s)))
	h.d.WriteString(s)
}

// Int hashes a number.
func (h *Hasher) Int(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.d.Write(b[:])
}

// Sum is the signature of what was hashed.
func (h *Hasher) Sum() uint64 { return h.d.Sum64() }

// Time hashes an instant and its location.
func (h *Hasher) Time(t time.Time) { h.Int(t.UnixNano()); h.Str(t.Location().String()) }

// Value hashes a value as front matter and data decode it.
func (h *Hasher) Value(v any) {
	switch x := v.(type) {
	case nil:
		h.Str("nil")
	case string:
		h.Str("s" + x)
	case bool:
		if x {
			h.Str("t")
		} else {
			h.Str("f")
		}
	case int:
		h.Int(int64(x))
	case int64:
		h.Int(x)
	case uint64:
		h.Int(int64(x))
	case float64:
		h.Int(int64(math.Float64bits(x)))
	case time.Time:
		h.Time(x)
	case []any:
		h.Int(int64(len(x)))
		for _, e := range x {
			h.Value(e)
		}
	case []string:
		h.Int(int64(len(x)))
		for _, e := range x {
			h.Str(e)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.Int(int64(len(keys)))
		for _, k := range keys {
			h.Str(k)
			h.Value(x[k])
		}
	case map[string][]string:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.Str(k)
			h.Value(x[k])
		}
	default:
		h.Str("?") // values the decoders do not produce
	}
}

// Pages hashes a list of pages by their paths.
func (h *Hasher) Pages(ps []*content.Page) {
	h.Int(int64(len(ps)))
	for _, p := range ps {
		h.Str(p.Path)
	}
}

// Meta is the signature of everything a template reads of a page but
// its rendered body. What a page's front matter gives is summed up by the
// hash of the front matter text, taken once when the file is read.
func Meta(p *content.Page) uint64 {
	h := New()
	for _, s := range []string{p.Kind, p.File, p.Title, p.Section, p.Path, p.RelPermalink, p.Permalink, p.Term} {
		h.Str(s)
	}
	if p.File != "" {
		h.Int(int64(p.Source.Hash))
	} else {
		h.Value(p.Params())
	}
	h.Value(p.Resources)
	if p.Parent != nil {
		h.Str(p.Parent.Path)
	}
	if p.Original != nil {
		h.Str(p.Original.Permalink)
	}
	h.Pages(p.Translations)
	h.Pages(p.Pages())
	h.Pages(p.RegularPages())
	return h.Sum()
}

// Body is the signature of a page's rendered body as templates see it.
func Body(html, toc, summary template.HTML, words, minutes int) uint64 {
	h := New()
	for _, s := range []template.HTML{html, toc, summary} {
		h.Str(string(s))
	}
	h.Int(int64(words))
	h.Int(int64(minutes))
	return h.Sum()
}

// Site are the signatures of a language's lists and data.
func Site(s *content.Site, sigs map[string]uint64) {
	Lists(s, sigs)
	Menus(s, sigs)
}

// Lists are the signatures of a language's lists of pages: its pages,
// regular pages, sections and taxonomies.
func Lists(s *content.Site, sigs map[string]uint64) {
	for name, ps := range map[string][]*content.Page{"pages": s.Pages(), "regular": s.RegularPages(), "sections": s.Sections()} {
		h := New()
		h.Pages(ps)
		sigs[templates.ListKey(s, name)] = h.Sum()
	}
	h := New()
	for _, tax := range slices.Sorted(maps.Keys(s.Taxonomies)) {
		h.Str(tax)
		for _, term := range slices.Sorted(maps.Keys(s.Taxonomies[tax])) {
			h.Str(term)
			h.Pages(s.Taxonomies[tax][term])
		}
	}
	sigs[templates.ListKey(s, "taxonomies")] = h.Sum()
}

// Menus are the signatures of a language's menus and data.
func Menus(s *content.Site, sigs map[string]uint64) {
	h := New()
	for _, name := range slices.Sorted(maps.Keys(s.Menus)) {
		h.Str(name)
		for _, e := range s.Menus[name] {
			h.Str(e.Name)
			h.Str(e.URL)
			h.Str(e.Identifier)
			h.Int(int64(e.Weight))
		}
	}
	sigs[templates.ListKey(s, "menus")] = h.Sum()
	h = New()
	h.Value(s.Data)
	sigs[templates.DataKey(s)] = h.Sum()
}
