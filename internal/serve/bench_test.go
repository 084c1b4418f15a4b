package serve

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/pool"
)

// BenchmarkPackPages hands serve 10,000 changed pages of 14 KB from the
// builder's workers, as a template edit at 10,000 bench/gencorpus pages
// does, and puts them in place (TMPDIR decides the file system).
func BenchmarkPackPages(b *testing.B) {
	const pages = 10000
	page := []byte(strings.Repeat("<p>some text</p>\n", 14000/17))
	names := make([]string, pages)
	for i := range names {
		names[i] = fmt.Sprintf("s%d/page-%05d/index.html", i%5, i)
	}
	s, g := newApplyServer(b, osDisk(), map[string]string{"index.html": "home"})
	b.ResetTimer()
	for b.Loop() {
		st, err := s.reuse()
		if err != nil {
			b.Fatal(err)
		}
		_ = pool.Run(context.Background(), pages, func(i int) string { return names[i] }, func(_, i int) error {
			return s.packOne(st, names[i], page)
		})
		if err := s.apply(g, st, &build.Result{}); err != nil {
			b.Fatal(err)
		}
		s.spare = st
	}
	b.StopTimer()
	s.dropSpare()
	s.dropPacks()
}

// BenchmarkStageFeeds puts in place what saves at 10,000 bench/gencorpus
// pages change, in turn: a new page in a section of 2,000 (the home feed
// of 5.7 MB, the section's feed of 2 MB, the sitemap of 0.9 MB, the
// section's list, the tags' lists), deleting it, and a title in another
// section (the home feed, that section's feed and list, the page, two
// tags' lists).
func BenchmarkStageFeeds(b *testing.B) {
	sizes := map[string]int{"index.xml": 5_700_000, "news/index.xml": 2_000_000, "sitemap.xml": 930_000,
		"news/index.html": 306_000, "tags/index.html": 4_400, "tags/forum/index.html": 500, "news/page-new/index.html": 440,
		"people/index.xml": 560_000, "people/index.html": 86_000, "people/page-06690/index.html": 13_000,
		"tags/board-games/index.html": 53_000, "tags/harbor-life/index.html": 53_000}
	saves := [][]string{
		{"index.xml", "news/index.xml", "sitemap.xml", "news/index.html", "tags/index.html", "tags/forum/index.html", "news/page-new/index.html"},
		{"index.xml", "news/index.xml", "sitemap.xml", "news/index.html", "tags/index.html"},
		{"index.xml", "people/index.xml", "people/index.html", "people/page-06690/index.html", "tags/board-games/index.html", "tags/harbor-life/index.html"},
	}
	text := func(f string, v int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf("<item>v%d</item>\n", v)), sizes[f]/16)
	}
	served := map[string]string{}
	for f := range sizes {
		served[f] = string(text(f, 0))
	}
	s, g := newApplyServer(b, osDisk(), served)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		res := &build.Result{Write: map[string][]byte{}}
		for _, f := range saves[i%len(saves)] {
			res.Write[f] = text(f, i%2)
		}
		b.StartTimer()
		st, err := s.reuse()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.apply(g, st, res); err != nil {
			b.Fatal(err)
		}
		s.spare = st
	}
	b.StopTimer()
	s.dropSpare()
}
