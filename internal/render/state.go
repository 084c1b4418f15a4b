package render

import (
	"html/template"

	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/search"
)

// State is what one build leaves for the next, so that the next renders
// only what changed: per page the rendered Markdown, its links, what its
// template read and its output; the signature of every model key a
// template can read; a hash of every output file.
type State struct {
	Pages  map[string]*PageState // by page path
	Sigs   map[string]uint64     // model key (templates.MetaKey...) -> signature
	Files  map[string]uint64     // output file -> hash of its bytes
	Copies map[string]string     // output file -> the static or content file copied there
	Items  map[string]FeedItem   // page path -> its feed item
	// Search is each language's search index as last written (search.go).
	Search   map[string]*SearchIndex
	analyzer *search.Analyzer // its stems, kept from build to build
}

// FeedItem is a page's feed item and the signature it was made from.
type FeedItem struct {
	Sig uint64
	XML string
}

func (s *State) item(path string) (FeedItem, bool) {
	if s == nil {
		return FeedItem{}, false
	}
	x, ok := s.Items[path]
	return x, ok
}

// PageState is what a build keeps of one page for the next.
type PageState struct {
	File     string
	MD       MarkdownOut
	Links    *linkcheck.Links
	Deps     []string // model keys the template read
	Template string
	IDs      []string // ids in the written page
	Out      string   // output file, "" when no template renders the page
	Pagers   int      // pager pages its template made (see paginate.go); 0: none
}

// renderAlloc hands out pages' render state: from one block of each kind
// in a one-off build, which keeps it all to its end (blocks spare the
// collector a cache miss per object, as content's blocks of pages do);
// one by one in a build whose state the next build takes over, where
// blocks would keep earlier builds' blocks alive.
type renderAlloc struct {
	states []PageState
	links  []linkcheck.Links
	bodies []body
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

// MarkdownOut is what a build keeps of a page's rendered Markdown: not the HTML
// (see body), but what lists and the link check need, and its signature.
type MarkdownOut struct {
	toc, summary template.HTML
	words        markdown.Counts
	minutes      int // reading time
	HeadingIDs   []string
	Sig          uint64
	Search       *search.Doc // for the search index; nil without one
	// html is the rendered Markdown, kept from build to build under
	// KeepState, so that a template edit runs templates only; nil under
	// DropState, where a body is given up once its page is written.
	html packed
}

// HTML is the page's rendered Markdown when the build keeps it; "" when
// it must be rendered again.
func (m MarkdownOut) HTML() template.HTML { return m.html.unpack() }

func newState() *State {
	return &State{Pages: map[string]*PageState{}, Sigs: map[string]uint64{}, Files: map[string]uint64{},
		Copies: map[string]string{}, Items: map[string]FeedItem{}, Search: map[string]*SearchIndex{}}
}
