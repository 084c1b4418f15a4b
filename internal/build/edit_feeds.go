package build

import (
	"bytes"
	"io"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/feeds"
	"github.com/sitegen/sitegen/internal/render"
)

// feedMemo is a feed or the sitemap as the model path last wrote it, so
// that the next edit splices its kept items instead of copying a home
// feed's or the sitemap's 10,000 (feeds.Splice, feeds.SpliceSitemap). Its two buffers take turns: the new feed is made from
// the last, and the last stays good for serve until the next build.
type feedMemo struct {
	bufs [2]bytes.Buffer
	lays [2]feeds.Layout
	cur  int // the buffer holding the last feed
	// hash is the last feed's hash as the output recorded it, and ok that
	// it is known: the memo holds only while the file has that hash, as
	// another path (a body edit's, a full build's) may write the feed.
	hash uint64
	ok   bool
}

// feedMemo is the memo of file, made if need be.
func (b *Builder) feedMemo(file string) *feedMemo {
	b.big.mu.Lock()
	defer b.big.mu.Unlock()
	if b.big.feeds == nil {
		b.big.feeds = map[string]*feedMemo{}
	}
	fm := b.big.feeds[file]
	if fm == nil {
		fm = new(feedMemo)
		b.big.feeds[file] = fm
	}
	return fm
}

// feed writes the feed of the home or section page f to file, splicing
// the last one's items when the memo holds.
func (m *modelBuild) feed(f *content.Page, file string) error {
	q := m.quickBuild
	if q.r.Minifies(file) { // the minifier's bytes have no layout
		return m.b.stream(q.out, file, render.Describe(f), q.r.MinFill(file, func(w io.Writer) error { return feeds.RSS(w, f, m.item) }))
	}
	return m.spliced(file, render.Describe(f), &feeds.Splicer{Item: m.item, Changed: m.itemChanged, Left: m.left}, func(buf *bytes.Buffer, sp *feeds.Splicer) (bool, error) {
		return feeds.Splice(buf, f, sp)
	})
}

// spliced writes file as write makes it with sp, from the memo's last
// bytes when it holds, and keeps the new ones in the memo.
func (m *modelBuild) spliced(file, by string, sp *feeds.Splicer, write func(*bytes.Buffer, *feeds.Splicer) (bool, error)) error {
	q := m.quickBuild
	fm := m.b.feedMemo(file)
	if h, ok := m.b.state.Files[file]; ok && fm.ok && h == fm.hash {
		sp.Last, sp.Prev = fm.bufs[fm.cur].Bytes(), &fm.lays[fm.cur]
	}
	next := 1 - fm.cur
	buf := &fm.bufs[next]
	sp.Next = &fm.lays[next]
	spliced, err := write(buf, sp)
	fm.cur, fm.ok = next, false // its hash is known once written (keepFeeds)
	if err != nil {
		return err
	}
	q.mu.Lock()
	m.feeds[file] = fm
	if spliced {
		m.splices++
	}
	q.mu.Unlock()
	switch {
	case spliced && sp.Same: // an edited item as it was: the feed is the last one
		return q.out.WriteSame(file, by)
	case spliced: // an item changed: no need to hash megabytes to know it
		return q.out.WriteChanged(file, buf.Bytes(), by)
	}
	return q.out.Write(file, buf.Bytes(), by)
}

// itemChanged reports whether page p's feed item may differ from the
// last build's: its metadata or its body may have changed.
func (m *modelBuild) itemChanged(p *content.Page) bool { return m.touchedPage[p] || m.bodies[p] }

// left reports whether the page at path may have left a feed, moved in
// it or have another item there: it went, or it changed (itemChanged).
func (m *modelBuild) left(path string) bool {
	return m.gone[path] != nil || m.touched[path] != nil || m.bodies[m.site.Sites.ByPath[path]]
}

// keepFeeds notes the hashes of the feeds written, once the output has
// them, so that the next edit may splice them.
func (m *modelBuild) keepFeeds() {
	for file, fm := range m.feeds {
		fm.hash, fm.ok = m.out.Files[file]
	}
	m.b.big.spliced += m.splices
}
