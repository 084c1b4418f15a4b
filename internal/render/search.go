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

// SearchDocs gathers a language's documents, in the model's page order;
// doc is a page's document (nil for none).
func SearchDocs(s *content.Sites, lang string, doc func(*content.Page) *search.Doc) []*search.Doc {
	var docs []*search.Doc
	for _, p := range s.Pages {
		if p.Lang != lang {
			continue
		}
		if d := doc(p); d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

// UpdateSearch brings the indexes up to date with a quick build's edited
// documents (neu is the new document of each page whose body changed):
// only the edited documents and the shards of their terms are written
// again. The languages it touches leave the state until the quick build
// commits them back, so that a failed one leaves them to be indexed anew.
func (r *Renderer) UpdateSearch(ctx context.Context, neu map[*content.Page]*search.Doc) (map[string]*SearchIndex, error) {
	at := map[string]map[int]*search.Doc{} // by language: document number -> new document
	for p, d := range neu {
		old := r.Prev.Search[p.Lang]
		if old == nil || old.ix == nil {
			return nil, errNoIndex
		}
		i := slices.Index(old.docs, r.Prev.Pages[p.Path].MD.Search)
		if i < 0 {
			return nil, errNoIndex
		}
		if at[p.Lang] == nil {
			at[p.Lang] = map[int]*search.Doc{}
		}
		at[p.Lang][i] = d
	}
	done := map[string]*SearchIndex{}
	for _, lang := range slices.Sorted(maps.Keys(at)) {
		si, err := r.updateIndex(ctx, lang, at[lang])
		if err != nil {
			return nil, err
		}
		done[lang] = si
	}
	return done, nil
}

// updateIndex replaces documents of language lang's index (by number) and
// writes the files that this changes, each once however many of the
// documents share it. The language leaves the state until the build
// commits it back.
func (r *Renderer) updateIndex(ctx context.Context, lang string, at map[int]*search.Doc) (*SearchIndex, error) {
	old := r.Prev.Search[lang]
	delete(r.Prev.Search, lang)
	si := &SearchIndex{docs: slices.Clone(old.docs), files: old.files, ix: old.ix}
	all := map[string][]byte{}
	for _, i := range slices.Sorted(maps.Keys(at)) {
		files, err := si.ix.Update(ctx, i, at[i])
		if err != nil {
			return nil, err
		}
		si.docs[i] = at[i]
		maps.Copy(all, files) // a later update's shard has the earlier's changes
	}
	for _, name := range slices.Sorted(maps.Keys(all)) {
		if err := r.Out.Write(search.Dir(lang)+name, all[name], "the search index"); err != nil {
			return nil, err
		}
	}
	return si, nil
}

// RenewSearch brings language lang's index up to date after the model
// path's edit (internal/build): docs are the language's documents in the
// model's page order. It returns nil when they are the last build's. With
// as many documents as before and few of them changed (a page retitled,
// its body edited), it updates those. When a page came, went or moved in
// the order, every later document's number shifts, which changes nearly
// every shard and document file, so it indexes the language anew: the
// output keeps the files whose bytes are the same, and gone lists the old
// index's files the new one has not. Either way the language leaves the
// state until the build commits it back.
func (r *Renderer) RenewSearch(ctx context.Context, lang string, docs []*search.Doc) (si *SearchIndex, gone []string, err error) {
	old := r.Prev.Search[lang]
	if old != nil && slices.Equal(old.docs, docs) {
		return nil, nil, nil
	}
	if old != nil && old.ix != nil && len(old.docs) == len(docs) {
		at := map[int]*search.Doc{}
		for i, d := range docs {
			if d != old.docs[i] {
				at[i] = d
			}
		}
		if len(at)*8 <= len(docs) || len(at) <= 2 {
			si, err := r.updateIndex(ctx, lang, at)
			return si, nil, err
		}
	}
	delete(r.Prev.Search, lang)
	if r.Prev.analyzer == nil {
		r.Prev.analyzer = new(search.Analyzer)
	}
	si, err = r.buildIndex(ctx, r.Prev.analyzer, lang, docs)
	if err != nil {
		return nil, nil, err
	}
	if old != nil {
		for _, f := range old.files {
			if _, ok := slices.BinarySearch(si.files, f); !ok {
				gone = append(gone, f)
			}
		}
	}
	return si, gone, nil
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
		docs := SearchDocs(r.Site.Sites, l.Code, func(p *content.Page) *search.Doc {
			if ps := r.Next.Pages[p.Path]; ps != nil {
				return ps.MD.Search
			}
			return nil
		})
		if old != nil && slices.Equal(old.docs, docs) {
			for _, f := range old.files {
				r.Keep(f)
			}
			r.Next.Search[l.Code] = old
			continue
		}
		si, err := r.buildIndex(ctx, r.Next.analyzer, l.Code, docs)
		if err != nil {
			return err
		}
		r.Next.Search[l.Code] = si
	}
	return nil
}

// buildIndex indexes language lang's documents anew with a and writes
// every file of the index.
func (r *Renderer) buildIndex(ctx context.Context, a *search.Analyzer, lang string, docs []*search.Doc) (*SearchIndex, error) {
	plain := make([]search.Doc, len(docs))
	for i, d := range docs {
		plain[i] = *d
	}
	si := &SearchIndex{docs: docs}
	var mu sync.Mutex
	idx, err := search.Build(ctx, a, plain, func(name string, data []byte) error {
		f := search.Dir(lang) + name
		mu.Lock()
		si.files = append(si.files, f)
		mu.Unlock()
		if r.Out.Keeps() { // data is Build's buffer, which it reuses
			data = slices.Clone(data)
		}
		return r.Out.Write(f, data, "the search index")
	})
	if err != nil {
		return nil, err
	}
	r.policy().index(si, idx)
	slices.Sort(si.files) // the order of the workers that wrote them varies
	return si, nil
}
