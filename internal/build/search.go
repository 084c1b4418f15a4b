package build

import (
	"context"
	"slices"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/search"
)

// The search index (internal/search) is made from every page's rendered
// body, which the page's Markdown render extracts (searchDoc) and keeps
// with the rest of what a build keeps of the body. After the templates,
// each language's documents are indexed and written under search/LANG/. A
// build after another indexes again only the languages where a document
// changed, and carries the others' files over.

// searchIndex is a language's index as last written.
type searchIndex struct {
	docs  []*search.Doc
	files []string
}

// searchDoc is a page's document for the index, or nil when the site has
// no search or the page is a search page (layout: search).
func (r *renderer) searchDoc(p *content.Page, html string) *search.Doc {
	if !r.site.Config.Search.Enabled || p.Layout == "search" {
		return nil
	}
	d := search.Extract(p.RelPermalink, p.Title, html)
	d.URL, d.Title, d.Text = r.strs.String(d.URL), r.strs.String(d.Title), r.strs.String(d.Text)
	return &d
}

// searchDocs gathers a language's documents, in the model's page order,
// with the documents of over in place of the pages' own.
func searchDocs(s *content.Sites, lang string, pages map[string]*pageState, over map[*content.Page]*search.Doc) []*search.Doc {
	var docs []*search.Doc
	for _, p := range s.Pages {
		if p.Lang != lang {
			continue
		}
		d, ok := over[p]
		if !ok {
			if ps := pages[p.Path]; ps != nil {
				d = ps.md.search
			}
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

// writeSearch writes the script and each language's index whose documents
// changed; only langs (nil: all) can have changed.
func (r *renderer) writeSearch(ctx context.Context, langs map[string]bool, over map[*content.Page]*search.Doc) error {
	if !r.site.Config.Search.Enabled {
		return nil
	}
	if r.prev != nil {
		r.next.analyzer = r.prev.analyzer
	}
	if r.next.analyzer == nil {
		r.next.analyzer = new(search.Analyzer)
	}
	if err := r.out.write(search.ScriptFile, search.Script, "sitegen"); err != nil {
		return err
	}
	for _, l := range r.site.Config.LanguageList {
		var old *searchIndex
		if r.prev != nil {
			old = r.prev.search[l.Code]
		}
		docs := searchDocs(r.site.Sites, l.Code, r.next.pages, over)
		if old != nil && (langs != nil && !langs[l.Code] || slices.Equal(old.docs, docs)) {
			for _, f := range old.files {
				r.keep(f)
			}
			r.next.search[l.Code] = old
			continue
		}
		plain := make([]search.Doc, len(docs))
		for i, d := range docs {
			plain[i] = *d
		}
		idx, err := search.Build(ctx, r.next.analyzer, plain)
		if err != nil {
			return err
		}
		si := &searchIndex{docs: docs}
		for _, name := range sortedKeys(idx.Files) {
			f := search.Dir(l.Code) + name
			if err := r.out.write(f, idx.Files[name], "the search index"); err != nil {
				return err
			}
			si.files = append(si.files, f)
		}
		r.next.search[l.Code] = si
	}
	return nil
}
