package build

import (
	"context"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/render"
	"github.com/sitegen/sitegen/internal/search"
)

// The model path keeps a site's search index (search.go in package
// render) as a clean build would write it. A page's document is made with
// its body (its URL, title and text), so the documents that can change are
// those of the bodies the model path rendered again; pages that came or
// went, or moved in the model's order, change a language's numbering.
// Each language whose list of documents differs from the last build's is
// brought up to date by RenewSearch: in place when as many documents as
// before changed in few places (a title, a tag, a date that keeps the
// order), indexed anew otherwise.

// searchReady reports whether the last build left an index of every
// language for the model path to start from: a quick build that failed
// half-way leaves the language to the full render, which knows its files.
func (m *modelBuild) searchReady() bool {
	if !m.site.Config.Search.Enabled {
		return true
	}
	for _, l := range m.site.Config.LanguageList {
		if m.b.state.Search[l.Code] == nil {
			return false
		}
	}
	return true
}

// search brings the index of each language whose documents changed up to
// date, and lists for removal the index files that went.
func (m *modelBuild) search(ctx context.Context) error {
	if !m.site.Config.Search.Enabled {
		return nil
	}
	m.searchIx = map[string]*render.SearchIndex{}
	for _, l := range m.site.Config.LanguageList {
		docs := render.SearchDocs(m.site.Sites, l.Code, m.searchDoc)
		si, gone, err := m.r.RenewSearch(ctx, l.Code, docs)
		if err != nil {
			return err
		}
		if si == nil {
			continue
		}
		m.searchIx[l.Code] = si
		for _, f := range gone {
			if !m.out.Has(f) {
				m.remove[f] = true
			}
		}
	}
	return nil
}

// searchDoc is a page's document in this build: its new body's, or the
// last build's.
func (m *modelBuild) searchDoc(p *content.Page) *search.Doc {
	if m.bodies[p] {
		return m.md[p].Search
	}
	if ps := m.b.state.Pages[p.Path]; ps != nil {
		return ps.MD.Search
	}
	return nil
}
