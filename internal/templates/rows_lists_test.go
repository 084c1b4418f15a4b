package templates

import (
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sitegen/sitegen/internal/content"
)

// TestRowListRuns: a range run over a list that changes between runs (a
// page that came, went, moved or is a new object at its path, a list
// that starts like another) writes what the range as written writes, and
// records every listed page's key, whether its rows come from the list
// it ran last, from the kept rows or from running them.
func TestRowListRuns(t *testing.T) {
	tpl := htmltemplate.Must(htmltemplate.New("l").Parse(`<ul>{{ range . }}<li>{{ .Title }} {{ .Weight }}</li>{{ end }}</ul>`))
	if !memoRows(tpl, map[string]any{}) {
		t.Fatal("the range was not rewritten")
	}
	ps := make([]*content.Page, 10)
	for i := range ps {
		ps[i] = &content.Page{Path: fmt.Sprintf("/p%d/", i), Title: fmt.Sprintf("P%d", i), Weight: i}
	}
	edited := &content.Page{Path: "/p3/", Title: "Edited", Weight: 3}
	same := &content.Page{Path: "/p4/", Title: "P4", Weight: 4} // a new object, the same fields
	fresh := &content.Page{Path: "/new/", Title: "New"}
	twin := &content.Page{Path: "/twin/", Title: "P1", Weight: 1} // p1's fields at another path
	without := func(l []*content.Page, i int) []*content.Page { return slices.Delete(slices.Clone(l), i, i+1) }
	all := ps
	for _, tc := range []struct {
		name string
		list []*content.Page
	}{
		{"first run", all},
		{"again", all},
		{"one new at the head", append([]*content.Page{fresh}, all...)},
		{"one new in the middle", slices.Insert(slices.Clone(all), 5, fresh)},
		{"one gone", without(all, 5)},
		{"two gone", without(without(all, 5), 2)},
		{"moved to the end", append(without(all, 2), ps[2])},
		{"moved to the head", append([]*content.Page{ps[7]}, without(all, 7)...)},
		{"edited", slices.Replace(slices.Clone(all), 3, 4, edited)},
		{"a new object, the same", slices.Replace(slices.Clone(all), 4, 5, same)},
		{"another list, the same first page", []*content.Page{ps[0], ps[9], ps[8]}},
		{"back", all},
		{"a twin in its place", slices.Replace(slices.Clone(all), 1, 2, twin)},
		{"back from the twin", all},
		{"reversed", reversed(all)},
		{"back again", all},
	} {
		run := func(tr *Tracker) string {
			var b strings.Builder
			if err := tpl.Execute(&b, tr.list(tc.list)); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			return b.String()
		}
		tr := NewTracker()
		got, want := run(tr), run(Untracked())
		if got != want {
			t.Errorf("%s: got %s, want %s", tc.name, got, want)
		}
		deps := tr.Deps()
		for _, p := range tc.list {
			if !slices.Contains(deps, MetaKey(p)) {
				t.Errorf("%s: %s not recorded (%v)", tc.name, MetaKey(p), deps)
			}
		}
	}
}

func reversed(l []*content.Page) []*content.Page {
	out := slices.Clone(l)
	slices.Reverse(out)
	return out
}

// A tracker that records one key thousands of times, as a template that
// reads a list in a loop does, keeps a few times its distinct keys, and
// Deps gives each once, sorted.
func TestTrackerKeepsFewRepeats(t *testing.T) {
	tr := NewTracker()
	for i := range 100000 {
		tr.dep("l:en:pages")
		tr.dep(fmt.Sprintf("m:/p%d/", i%50))
	}
	if n := len(tr.deps); n > 8192 {
		t.Errorf("%d keys kept for 51 distinct", n)
	}
	deps := tr.Deps()
	if len(deps) != 51 || !slices.IsSorted(deps) {
		t.Errorf("Deps gave %d keys (sorted: %v), want 51", len(deps), slices.IsSorted(deps))
	}
}

// A model loaded again makes every page a new object: a list run over the
// new objects replaces the one run over the old, so that the old model is
// not kept live by the lists (it was, one model more at each data file's
// save, until maxLists).
func TestRowListsFollowNewModels(t *testing.T) {
	var ls listRuns
	var mu sync.Mutex
	for model := range 10 {
		ps := make([]*content.Page, 3)
		for i := range ps {
			ps[i] = &content.Page{Path: fmt.Sprintf("/p%d/", i), Title: fmt.Sprint(model)}
		}
		ls.put(&mu, &listRun{pages: ps, rows: make([]*keptRow, len(ps))})
		if got := ls.get(&mu, ps[0]); got == nil || got.pages[0] != ps[0] {
			t.Fatalf("model %d: the list just run is not the one found", model)
		}
	}
	if len(ls.by) != 1 {
		t.Errorf("%d lists kept for one list run over 10 models", len(ls.by))
	}
}
