package build

import (
	"encoding/binary"
	"hash/fnv"
	"html/template"
	"math"
	"sort"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/templates"
)

// state is what one build leaves for the next, so that the next renders
// only what changed: per page the rendered Markdown, its links, what its
// template read and its output; the signature of every model key a
// template can read; a hash of every output file.
type state struct {
	pages  map[string]*pageState // by page path
	sigs   map[string]uint64     // model key (templates.MetaKey...) -> signature
	files  map[string]uint64     // output file -> hash of its bytes
	copies map[string]string     // output file -> the static or content file copied there
}

type pageState struct {
	file     string
	md       mdOut
	links    *pageLinks
	deps     []string // model keys the template read
	template string
	ids      []string // ids in the written page
	out      string   // output file, "" when no template renders the page
}

// mdOut is a page's rendered Markdown.
type mdOut struct {
	content, toc, summary template.HTML
	words                 int
	headingIDs            []string
	sig                   uint64
}

func newState() *state {
	return &state{pages: map[string]*pageState{}, sigs: map[string]uint64{}, files: map[string]uint64{}, copies: map[string]string{}}
}

// hasher builds a signature from the values a template may read.
type hasher struct {
	h interface{ Write([]byte) (int, error) }
}

func (h hasher) str(s string) { h.int(int64(len(s))); h.h.Write([]byte(s)) }
func (h hasher) int(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.h.Write(b[:])
}
func (h hasher) time(t time.Time) { h.int(t.UnixNano()); h.str(t.Location().String()) }

func (h hasher) value(v any) {
	switch x := v.(type) {
	case nil:
		h.str("nil")
	case string:
		h.str("s" + x)
	case bool:
		if x {
			h.str("t")
		} else {
			h.str("f")
		}
	case int:
		h.int(int64(x))
	case int64:
		h.int(x)
	case uint64:
		h.int(int64(x))
	case float64:
		h.int(int64(math.Float64bits(x)))
	case time.Time:
		h.time(x)
	case []any:
		h.int(int64(len(x)))
		for _, e := range x {
			h.value(e)
		}
	case []string:
		h.int(int64(len(x)))
		for _, e := range x {
			h.str(e)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.int(int64(len(keys)))
		for _, k := range keys {
			h.str(k)
			h.value(x[k])
		}
	case map[string][]string:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.str(k)
			h.value(x[k])
		}
	default:
		h.str("?") // values the decoders do not produce
	}
}

func (h hasher) pages(ps []*content.Page) {
	h.int(int64(len(ps)))
	for _, p := range ps {
		h.str(p.Path)
	}
}

// metaSig is the signature of everything a template reads of a page but
// its rendered body.
func metaSig(p *content.Page) uint64 {
	f := fnv.New64a()
	h := hasher{f}
	for _, s := range []string{p.Kind, p.File, p.Title, p.Description, p.Slug, p.Layout, p.Section, p.Path,
		p.RelPermalink, p.Permalink, p.Term} {
		h.str(s)
	}
	for _, t := range []time.Time{p.Date, p.Lastmod, p.PublishDate, p.ExpiryDate} {
		h.time(t)
	}
	h.value(p.Draft)
	h.int(int64(p.Weight))
	h.value(p.Aliases)
	h.value(p.Params)
	h.value(p.Terms)
	h.value(p.Resources)
	if p.Parent != nil {
		h.str(p.Parent.Path)
	}
	h.pages(p.Translations)
	h.pages(p.Pages())
	h.pages(p.RegularPages())
	return f.Sum64()
}

// bodySig is the signature of a page's rendered body as templates see it.
func bodySig(p *content.Page) uint64 {
	f := fnv.New64a()
	h := hasher{f}
	for _, s := range []template.HTML{p.Content, p.TableOfContents, p.Summary} {
		h.str(string(s))
	}
	h.int(int64(p.WordCount))
	return f.Sum64()
}

// siteSigs are the signatures of a language's lists.
func siteSigs(s *content.Site, sigs map[string]uint64) {
	for name, ps := range map[string][]*content.Page{"pages": s.Pages(), "regular": s.RegularPages(), "sections": s.Sections()} {
		f := fnv.New64a()
		hasher{f}.pages(ps)
		sigs[templates.ListKey(s, name)] = f.Sum64()
	}
	f := fnv.New64a()
	h := hasher{f}
	for _, name := range sortedKeys(s.Menus) {
		h.str(name)
		for _, e := range s.Menus[name] {
			h.str(e.Name)
			h.str(e.URL)
			h.str(e.Identifier)
			h.int(int64(e.Weight))
		}
	}
	sigs[templates.ListKey(s, "menus")] = f.Sum64()
	f = fnv.New64a()
	h = hasher{f}
	for _, tax := range sortedKeys(s.Taxonomies) {
		h.str(tax)
		for _, term := range sortedKeys(s.Taxonomies[tax]) {
			h.str(term)
			h.pages(s.Taxonomies[tax][term])
		}
	}
	sigs[templates.ListKey(s, "taxonomies")] = f.Sum64()
}

func hashBytes(b []byte) uint64 {
	f := fnv.New64a()
	f.Write(b)
	return f.Sum64()
}
