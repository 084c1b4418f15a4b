package templates

import (
	"sync"

	"github.com/sitegen/sitegen/internal/content"
)

// A list run again after an edit is mostly the list it was: the same page
// objects in the same order, one changed, come or gone. Looking each of a
// section's 2,000 rows up in the kept rows by its path cost more than
// running the few changed ones, so a range keeps each list it ran (by
// its first page's path; lists that start alike take turns) and walks it beside
// the new one: a row whose page is the same object at the place the walk
// is at, or one further (a page that left), is taken from it without a
// look-up, and anything else is looked up by path as before. What a row
// holds is still decided by its fields' values (keptRow.vals).

// listRun is a list as a range last ran it: its pages and their rows.
type listRun struct {
	pages []*content.Page
	rows  []*keptRow
	size  int // the bytes of its rows
}

// listRuns are a range's lists by their first page's path. Not by the
// page object: a build that loads the model again (a data file's edit)
// makes every page anew, and lists kept by the old objects would never be
// replaced, each holding its whole model live until maxLists (the heap
// grew by a model, about 9 MB at 10,000 pages, at every such save). By
// path, a list run again replaces its last run, old pages and all.
type listRuns struct {
	by map[string]*listRun
}

// maxLists bounds the lists kept: the lists a deleted or moved page led
// would otherwise be kept for good.
const maxLists = 4096

func (ls *listRuns) get(mu *sync.Mutex, first *content.Page) *listRun {
	mu.Lock()
	defer mu.Unlock()
	return ls.by[first.Path]
}

func (ls *listRuns) put(mu *sync.Mutex, l *listRun) {
	if len(l.pages) == 0 {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if ls.by == nil || len(ls.by) >= maxLists {
		ls.by = map[string]*listRun{}
	}
	ls.by[l.pages[0].Path] = l
}

// find is p's row if p is the page at j in l, or at j+1; and where the
// walk is then. A nil l has no rows.
func (l *listRun) find(p *content.Page, j int) (*keptRow, int) {
	if l == nil {
		return nil, j
	}
	for d := 0; d < 2 && j+d < len(l.pages); d++ {
		if l.pages[j+d] == p {
			return l.rows[j+d], j + d + 1
		}
	}
	return nil, j
}
