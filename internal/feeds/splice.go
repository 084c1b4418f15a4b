package feeds

import (
	"bytes"

	"github.com/sitegen/sitegen/internal/content"
)

// Layout is where a file's items lie in its bytes: the item of the page
// at Paths[i] (a feed's <item>, a sitemap's entries) is the bytes Offs[i]
// to Offs[i+1]; Offs has one more entry than Paths, the end of the last
// item.
type Layout struct {
	Paths []string
	Offs  []int
}

// Splicer is how Splice and SpliceSitemap make a file from the last one
// written: each page for which Changed reports false has its item copied
// from Last, in runs, rather than asked of Item. That holds while every
// such page's item is the same and in the same order among them: the
// pages in Last but not in this file, or moved within it, must be ones
// that changed or whose path Left reports (a page that went).
type Splicer struct {
	Item    func(*content.Page) string
	Changed func(*content.Page) bool
	Left    func(path string) bool
	Last    []byte  // the file written before; nil: none to splice
	Prev    *Layout // its layout
	Next    *Layout // the new file's, made here (its slices reused)
	// Same is set by a splice whose bytes are Last's, found as it goes
	// (its runs copied in place, its few items and head compared), so
	// that the caller need not hash a home feed's megabytes to find that
	// nothing changed. It may miss bytes that are the same by chance
	// (false is always safe); a file written whole has it false.
	Same bool
}

// Splice writes into buf (emptied first) the feed of p, the same bytes as
// RSS, spliced from the last one where sp allows (a home feed lists every
// page, and an edit changes one or two of its items), else whole.
// spliced reports which.
func Splice(buf *bytes.Buffer, p *content.Page, sp *Splicer) (spliced bool, err error) {
	items := byDateDesc(Items(p))
	return sp.write(buf, items, func(b *errWriter) { head(b, p, items) }, tail)
}

// SpliceSitemap is SitemapOf, whose entries are sp.Item, spliced as Splice
// is.
func SpliceSitemap(buf *bytes.Buffer, s *content.Sites, sp *Splicer) (spliced bool, err error) {
	return sp.write(buf, s.Pages, func(b *errWriter) { b.WriteString(sitemapHead) }, sitemapTail)
}

// write writes head, the items of pages and tail into buf, spliced or
// whole.
func (sp *Splicer) write(buf *bytes.Buffer, pages []*content.Page, head func(*errWriter), tail string) (bool, error) {
	sp.Same = false
	if sp.Prev != nil && sp.Last != nil {
		if sp.splice(buf, pages, head, tail) {
			return true, nil
		}
	}
	buf.Reset()
	grow(buf, pages, sp.Item)
	next := sp.Next
	next.Paths, next.Offs = next.Paths[:0], next.Offs[:0]
	b := &errWriter{w: buf}
	head(b)
	for _, it := range pages {
		next.Paths = append(next.Paths, it.Path)
		next.Offs = append(next.Offs, buf.Len())
		b.WriteString(sp.Item(it))
	}
	next.Offs = append(next.Offs, buf.Len())
	b.WriteString(tail)
	return false, b.err
}

// splice writes the file from Last; false when the unchanged pages are
// not in it in the same order.
func (sp *Splicer) splice(buf *bytes.Buffer, pages []*content.Page, head func(*errWriter), tail string) bool {
	prev, next, last := sp.Prev, sp.Next, sp.Last
	if len(prev.Offs) != len(prev.Paths)+1 || prev.Offs[len(prev.Paths)] > len(last) {
		return false
	}
	buf.Reset()
	buf.Grow(len(last) + len(last)/16 + 1024) // at once: a buffer doubled up to megabytes costs its pages twice
	next.Paths, next.Offs = next.Paths[:0], next.Offs[:0]
	b := &errWriter{w: buf}
	same := true // the bytes so far are last's
	check := func(from int) {
		n := buf.Len()
		same = same && n <= len(last) && bytes.Equal(buf.Bytes()[from:n], last[from:n])
	}
	head(b)
	check(0)
	j := 0           // the next item of prev
	run, end := 0, 0 // the bytes of last not copied yet: last[run:end]
	flush := func() {
		same = same && (run == end || run == buf.Len()) // copied in place
		b.Write(last[run:end])
		run, end = 0, 0
	}
	for _, it := range pages {
		next.Paths = append(next.Paths, it.Path)
		next.Offs = append(next.Offs, buf.Len()+end-run)
		if sp.Changed(it) {
			flush()
			from := buf.Len()
			b.WriteString(sp.Item(it))
			check(from)
			continue
		}
		for j < len(prev.Paths) && prev.Paths[j] != it.Path {
			if !sp.Left(prev.Paths[j]) {
				return false // an unchanged page moved: not the same order
			}
			j++
		}
		if j == len(prev.Paths) {
			return false // not in the last file
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
		if !sp.Left(prev.Paths[j]) {
			return false
		}
	}
	next.Offs = append(next.Offs, buf.Len())
	from := buf.Len()
	b.WriteString(tail)
	check(from)
	sp.Same = same && buf.Len() == len(last)
	return b.err == nil
}
