package render

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/search"
)

// The search index (internal/search) is made from every page's rendered
// body, which the page's Markdown render extracts (searchDoc) and keeps
// with the rest of what a build keeps of the body. After the templates,
// each language's documents are indexed and written under search/LANG/. A
// build after another indexes again only the languages where a document
// changed, and carries the others' files over.

// SearchIndex is a language's index as last written.
type SearchIndex struct {
	docs  []*search.Doc
	files []string
	ix    *search.Index // for a quick build's Update; nil in a one-off build
}

// searchDoc is a page's document for the index, or nil when the site has
// no search, the page is a search page (layout: search) or its front
// matter says search: false.
func (r *Renderer) searchDoc(p *content.Page, html string) *search.Doc {
	if !r.Site.Config.Search.Enabled || p.Layout == "search" || p.NoSearch {
		return nil
	}
	d := search.Extract(p.RelPermalink, p.Title, html)
	d.URL, d.Title, d.Text = r.strs.String(d.URL), r.strs.String(d.Title), r.strs.String(d.Text)
	for i, h := range d.Headings { // each a part of Extract's buffer, which it would keep whole
		d.Headings[i] = r.strs.String(h)
	}
	return &d
}

// searchDocs gathers a language's documents, in the model's page order.
func searchDocs(s *content.Sites, lang string, pages map[string]*PageState) []*search.Doc {
	var docs []*search.Doc
	for _, p := range s.Pages {
		if ps := pages[p.Path]; p.Lang == lang && ps != nil && ps.MD.Search != nil {
			docs = append(docs, ps.MD.Search)
		}
	}
	return docs
}

// updateSearch brings the indexes up to date with a quick build's edited
// documents (new is the new document of each page whose body changed):
// only the edited documents and the shards of their terms are written
// again. The languages it touches leave the state until the quick build
// commits them back, so that a failed one leaves them to be indexed anew.
func (r *Renderer) UpdateSearch(ctx context.Context, neu map[*content.Page]*search.Doc) (map[string]*SearchIndex, error) {
	done := map[string]*SearchIndex{}
	for p, d := range neu {
		si := done[p.Lang]
		if si == nil {
			if si = r.Prev.Search[p.Lang]; si == nil || si.ix == nil {
				return nil, errNoIndex
			}
			delete(r.Prev.Search, p.Lang)
			si = &SearchIndex{docs: slices.Clone(si.docs), files: si.files, ix: si.ix}
			done[p.Lang] = si
		}
		i := slices.Index(si.docs, r.Prev.Pages[p.Path].MD.Search)
		if i < 0 {
			return nil, errNoIndex
		}
		files, err := si.ix.Update(ctx, i, d)
		if err != nil {
			return nil, err
		}
		si.docs[i] = d
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if err := r.Out.Write(search.Dir(p.Lang)+name, files[name], "the search index"); err != nil {
				return nil, err
			}
		}
	}
	return done, nil
}

// errNoIndex: a quick build found no index to update (the full build
// makes one).
var errNoIndex = errors.New("no search index to update")

// writeSearch writes the script and each language's index whose documents
// changed, and carries the others' files over.
func (r *Renderer) writeSearch(ctx context.Context) error {
	if !r.Site.Config.Search.Enabled {
		return nil
	}
	if r.Prev != nil {
		r.Next.analyzer = r.Prev.analyzer
	}
	if r.Next.analyzer == nil {
		r.Next.analyzer = new(search.Analyzer)
	}
	if err := r.Out.Write(search.ScriptFile, search.Script, "sitegen"); err != nil {
		return err
	}
	for _, l := range r.Site.Config.LanguageList {
		var old *SearchIndex
		if r.Prev != nil {
			old = r.Prev.Search[l.Code]
		}
		docs := searchDocs(r.Site.Sites, l.Code, r.Next.Pages)
		if old != nil && slices.Equal(old.docs, docs) {
			for _, f := range old.files {
				r.Keep(f)
			}
			r.Next.Search[l.Code] = old
			continue
		}
		plain := make([]search.Doc, len(docs))
		for i, d := range docs {
			plain[i] = *d
		}
		si := &SearchIndex{docs: docs}
		var mu sync.Mutex
		idx, err := search.Build(ctx, r.Next.analyzer, plain, func(name string, data []byte) error {
			f := search.Dir(l.Code) + name
			mu.Lock()
			si.files = append(si.files, f)
			mu.Unlock()
			return r.Out.Write(f, data, "the search index")
		})
		if err != nil {
			return err
		}
		r.policy().index(si, idx)
		slices.Sort(si.files) // the order of the workers that wrote them varies
		r.Next.Search[l.Code] = si
	}
	return nil
}
