package build

import (
	"encoding/binary"
	"html/template"
	"math"
	"sort"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/search"
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
	items  map[string]feedXML    // page path -> its feed item
	// search is each language's search index as last written (search.go).
	search   map[string]*searchIndex
	analyzer *search.Analyzer // its stems, kept from build to build
}

// feedXML is a page's feed item and the signature it was made from.
type feedXML struct {
	sig uint64
	xml string
}

func (s *state) item(path string) (feedXML, bool) {
	if s == nil {
		return feedXML{}, false
	}
	x, ok := s.items[path]
	return x, ok
}

type pageState struct {
	file     string
	md       mdOut
	links    *pageLinks
	deps     []string // model keys the template read
	template string
	ids      []string // ids in the written page
	out      string   // output file, "" when no template renders the page
	pagers   int      // pager pages its template made (see paginate.go); 0: none
}

// renderAlloc hands out pages' render state: from one block of each kind
// in a one-off build, which keeps it all to its end (blocks spare the
// collector a cache miss per object, as content's blocks of pages do);
// one by one in a build whose state the next build takes over, where
// blocks would keep earlier builds' blocks alive.
type renderAlloc struct {
	states []pageState
	links  []pageLinks
	bodies []body
}

func newRenderAlloc(once bool, n int) *renderAlloc {
	if !once {
		return &renderAlloc{}
	}
	return &renderAlloc{make([]pageState, n), make([]pageLinks, n), make([]body, n)}
}

// next takes the first element of a block, or a new one when it is empty.
func next[T any](block *[]T) *T {
	if len(*block) == 0 {
		return new(T)
	}
	p := &(*block)[0]
	*block = (*block)[1:]
	return p
}

// mdOut is what a build keeps of a page's rendered Markdown: not the HTML
// (see body), but what lists and the link check need, and its signature.
type mdOut struct {
	toc, summary template.HTML
	words        markdown.Counts
	headingIDs   []string
	sig          uint64
	search       *search.Doc // for the search index; nil without one
}

func newState() *state {
	return &state{pages: map[string]*pageState{}, sigs: map[string]uint64{}, files: map[string]uint64{},
		copies: map[string]string{}, items: map[string]feedXML{}, search: map[string]*searchIndex{}}
}

// hasher builds a signature (64-bit xxHash) from the values a template may
// read. It hashes strings in place: a signature is taken for every page on
// every rebuild, and converting each string to bytes would allocate. A
// signature only decides whether something is written again, so a
// collision would leave a file stale: the hash must be a good one, and it
// must be fast, as every list's pages are hashed on every full rebuild.
type hasher struct{ d xxhash.Digest }

func newHasher() *hasher {
	h := new(hasher)
	h.d.Reset() // a zero Digest is not ready; xxhash.New would allocate a second one
	return h
}

func (h *hasher) str(s string) {
	h.int(int64(len(s)))
	h.d.WriteString(s)
}

func (h *hasher) int(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.d.Write(b[:])
}

func (h *hasher) sum() uint64 { return h.d.Sum64() }

func (h *hasher) time(t time.Time) { h.int(t.UnixNano()); h.str(t.Location().String()) }

func (h *hasher) value(v any) {
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

func (h *hasher) pages(ps []*content.Page) {
	h.int(int64(len(ps)))
	for _, p := range ps {
		h.str(p.Path)
	}
}

// metaSig is the signature of everything a template reads of a page but
// its rendered body. What a page's front matter gives is summed up by the
// hash of the front matter text, taken once when the file is read.
func metaSig(p *content.Page) uint64 {
	h := newHasher()
	for _, s := range []string{p.Kind, p.File, p.Title, p.Section, p.Path, p.RelPermalink, p.Permalink, p.Term} {
		h.str(s)
	}
	if p.File != "" {
		h.int(int64(p.Source.Hash))
	} else {
		h.value(p.Params())
	}
	h.value(p.Resources)
	if p.Parent != nil {
		h.str(p.Parent.Path)
	}
	if p.Original != nil {
		h.str(p.Original.Permalink)
	}
	h.pages(p.Translations)
	h.pages(p.Pages())
	h.pages(p.RegularPages())
	return h.sum()
}

// bodySig is the signature of a page's rendered body as templates see it.
func bodySig(html template.HTML, p *content.Page) uint64 {
	h := newHasher()
	for _, s := range []template.HTML{html, p.TableOfContents, p.Summary} {
		h.str(string(s))
	}
	h.int(int64(p.WordCount))
	h.int(int64(p.ReadingTime))
	return h.sum()
}

// siteSigs are the signatures of a language's lists.
func siteSigs(s *content.Site, sigs map[string]uint64) {
	for name, ps := range map[string][]*content.Page{"pages": s.Pages(), "regular": s.RegularPages(), "sections": s.Sections()} {
		h := newHasher()
		h.pages(ps)
		sigs[templates.ListKey(s, name)] = h.sum()
	}
	h := newHasher()
	for _, name := range sortedKeys(s.Menus) {
		h.str(name)
		for _, e := range s.Menus[name] {
			h.str(e.Name)
			h.str(e.URL)
			h.str(e.Identifier)
			h.int(int64(e.Weight))
		}
	}
	sigs[templates.ListKey(s, "menus")] = h.sum()
	h = newHasher()
	for _, tax := range sortedKeys(s.Taxonomies) {
		h.str(tax)
		for _, term := range sortedKeys(s.Taxonomies[tax]) {
			h.str(term)
			h.pages(s.Taxonomies[tax][term])
		}
	}
	sigs[templates.ListKey(s, "taxonomies")] = h.sum()
}
