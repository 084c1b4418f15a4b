package feeds

import (
	"bytes"

	"github.com/sitegen/sitegen/internal/content"
)

// Layout is where a feed's items lie in its bytes: the item of the page
// at Paths[i] is the bytes Offs[i] to Offs[i+1]; Offs has one more entry
// than Paths, the end of the last item.
type Layout struct {
	Paths []string
	Offs  []int
}

// Splice writes into buf (emptied first) the feed of p, the same bytes as
// RSS, and its layout into next (whose slices it reuses). A home feed
// lists every page, and an edit changes one or two of its items: when
// last is the feed written before, laid out as prev, each page for which
// changed reports false has its item copied from last, in runs, rather
// than asked of item. That holds while every such page's item is the
// same and in the same order among them: the pages in last but not in
// this feed, or moved within it, must be ones that changed or whose
// path left reports (a page that went). Where that fails, or prev is
// nil, the feed is written whole from item. spliced reports which.
func Splice(buf *bytes.Buffer, p *content.Page, item func(*content.Page) string, changed func(*content.Page) bool,
	left func(path string) bool, last []byte, prev, next *Layout) (spliced bool, err error) {
	items := byDateDesc(Items(p))
	if prev != nil {
		if spliced = splice(buf, p, items, item, changed, left, last, prev, next); spliced {
			return true, nil
		}
	}
	buf.Reset()
	next.Paths, next.Offs = next.Paths[:0], next.Offs[:0]
	b := &errWriter{w: buf}
	head(b, p, items)
	for _, it := range items {
		next.Paths = append(next.Paths, it.Path)
		next.Offs = append(next.Offs, buf.Len())
		b.WriteString(item(it))
	}
	next.Offs = append(next.Offs, buf.Len())
	b.WriteString(tail)
	return false, b.err
}

// splice writes the feed of items from last as Splice says; false when
// the unchanged pages are not in last in the same order.
func splice(buf *bytes.Buffer, p *content.Page, items []*content.Page, item func(*content.Page) string, changed func(*content.Page) bool,
	left func(path string) bool, last []byte, prev, next *Layout) bool {
	if len(prev.Offs) != len(prev.Paths)+1 || prev.Offs[len(prev.Paths)] > len(last) {
		return false
	}
	buf.Reset()
	next.Paths, next.Offs = next.Paths[:0], next.Offs[:0]
	b := &errWriter{w: buf}
	head(b, p, items)
	j := 0           // the next item of prev
	run, end := 0, 0 // the bytes of last not copied yet: last[run:end]
	flush := func() {
		b.Write(last[run:end])
		run, end = 0, 0
	}
	for _, it := range items {
		next.Paths = append(next.Paths, it.Path)
		next.Offs = append(next.Offs, buf.Len()+end-run)
		if changed(it) {
			flush()
			b.WriteString(item(it))
			continue
		}
		for j < len(prev.Paths) && prev.Paths[j] != it.Path {
			if !left(prev.Paths[j]) {
				return false // an unchanged page moved: not the same order
			}
			j++
		}
		if j == len(prev.Paths) {
			return false // not in the last feed
		}
		if prev.Offs[j] != end {
			flush()
			run = prev.Offs[j]
		}
		end = prev.Offs[j+1]
		j++
	}
	flush()
	for ; j < len(prev.Paths); j++ {
		if !left(prev.Paths[j]) {
			return false
		}
	}
	next.Offs = append(next.Offs, buf.Len())
	b.WriteString(tail)
	return b.err == nil
}
