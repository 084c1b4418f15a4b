package feeds

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/source"
)

// spliceSite is the home page of a site of n pages in one section, page i
// dated dates[i] and titled by titles[i] ("" leaves page i out).
func spliceSite(t *testing.T, dates []int, titles []string) *content.Page {
	t.Helper()
	c, err := config.Parse([]byte("title = \"S\"\nbaseURL = \"https://example.org/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*source.File
	for i, title := range titles {
		if title == "" {
			continue
		}
		p := fmt.Sprintf("content/news/p%d.md", i)
		f, err := source.ParseFile(c, source.TaxonomyNames(c), p, fmt.Appendf(nil, "---\ntitle: %s\ndate: 2016-10-%02d\n---\nText.\n", title, dates[i]))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	s, err := content.Build(c, files, nil, nil, content.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return s.Langs[0].Home
}

// TestSplice: after random edits (a title, a date that reorders, a page
// that comes or goes), a feed spliced from the last one is RSS's when
// the edited page is reported changed or gone, and is not spliced when a
// page came or went unreported. Its Same is whether its bytes are the last
// feed's (an edit may leave them so: a title or a date set as it was). Its Same is whether its bytes are the last
// feed's (an edit may leave them so: a title or a date set as it was).
func TestSplice(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	item := func(p *content.Page) string { return Item(p, "") }
	const n = 12
	dates, titles := make([]int, n), make([]string, n)
	for i := range n {
		dates[i], titles[i] = 1+rng.IntN(9), fmt.Sprintf("T%d", i)
	}
	var last bytes.Buffer
	var lay Layout
	home := spliceSite(t, dates, titles)
	if _, err := Splice(&last, home, &Splicer{Item: item, Next: &lay}); err != nil {
		t.Fatal(err)
	}
	spliced, same := 0, 0
	for step := range 300 {
		k := rng.IntN(n)
		oldTitle := titles[k]
		switch rng.IntN(4) {
		case 3: // as it was
		case 0:
			titles[k] = fmt.Sprintf("T%d-%d", k, step)
		case 1:
			dates[k] = 1 + rng.IntN(9)
		default:
			if titles[k] == "" {
				titles[k] = fmt.Sprintf("T%d", k)
			} else {
				titles[k] = ""
			}
		}
		if titles[k] == "" && oldTitle == "" {
			continue
		}
		edited := fmt.Sprintf("/news/p%d/", k)
		home = spliceSite(t, dates, titles)
		var want bytes.Buffer
		if err := RSS(&want, home, item); err != nil {
			t.Fatal(err)
		}
		tell := rng.IntN(4) > 0 // else the edit goes unreported
		sp := &Splicer{Item: item, Last: last.Bytes(), Prev: &lay, Next: &Layout{},
			Changed: func(p *content.Page) bool { return tell && p.Path == edited },
			Left:    func(path string) bool { return tell && path == edited }}
		var got bytes.Buffer
		ok, err := Splice(&got, home, sp)
		if err != nil {
			t.Fatal(err)
		}
		came, went := oldTitle == "" && titles[k] != "", oldTitle != "" && titles[k] == ""
		switch {
		case tell && !bytes.Equal(got.Bytes(), want.Bytes()):
			t.Fatalf("step %d (spliced %v): the feed differs from RSS's:\n%s\nwant:\n%s", step, ok, got.Bytes(), want.Bytes())
		case !tell && ok && (came || went):
			t.Fatalf("step %d: spliced although a page came or went unreported", step)
		case ok && sp.Same != bytes.Equal(got.Bytes(), last.Bytes()):
			t.Fatalf("step %d: Same is %v, the bytes equal the last feed's: %v", step, sp.Same, !sp.Same)
		case !ok && sp.Same:
			t.Fatalf("step %d: Same set on a feed written whole", step)
		case ok && sp.Same:
			same++
			spliced++
		case ok:
			spliced++
		}
		last.Reset() // the next step starts from RSS's feed, laid out
		if _, err := Splice(&last, home, &Splicer{Item: item, Next: &lay}); err != nil {
			t.Fatal(err)
		}
	}
	if spliced < 100 || same < 20 {
		t.Errorf("only %d of 300 feeds spliced, %d of them the same as the last", spliced, same)
	}
}
