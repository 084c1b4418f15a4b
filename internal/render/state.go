package build

import (
	"html/template"

	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/search"
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
	links    *linkcheck.Links
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
	links  []linkcheck.Links
	bodies []body
}

func newRenderAlloc(once bool, n int) *renderAlloc {
	if !once {
		return &renderAlloc{}
	}
	return &renderAlloc{make([]pageState, n), make([]linkcheck.Links, n), make([]body, n)}
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
