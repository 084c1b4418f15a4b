package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Random edits of a corpus whose documents share common words (so that
// their postings are long and an edit splices one in the middle), at the
// end of a text, at its start, a word swapped for a new one, a text
// emptied, a word swapped for another form of its stem (its record the
// same, its forms not): after each, the files are a clean build's.
func TestUpdateRandomEdits(t *testing.T) {
	words := strings.Fields("the forum media internet china russia 微信支付 广州 форум платёж платежи payments paying hosts hosted hoped tass wechat 天河区 partners")
	r := rand.New(rand.NewPCG(5, 16))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString(" ")
		}
		return b.String()
	}
	docs := make([]Doc, 60)
	for i := range docs {
		docs[i] = Doc{URL: fmt.Sprintf("/p%d/", i), Title: words[i%len(words)], Text: text(5 + r.IntN(40))}
	}
	a := new(Analyzer)
	x, files := build(t, a, docs)
	for e := range 80 {
		i := r.IntN(len(docs))
		d := docs[i]
		switch e % 5 {
		case 0:
			d.Text += fmt.Sprintf(" Edit%d.", e)
		case 1:
			d.Text = text(3) + d.Text
		case 2:
			d.Text = strings.Replace(d.Text, words[r.IntN(len(words))], fmt.Sprintf("new%d", e%5), 1)
		case 3:
			d.Text = ""
		case 4:
			d.Text = strings.Replace(d.Text+" hoped", "hoped", "hoping", 1) // the shard tells the script of "hoping" (stem hope)
		}
		checkUpdate(t, a, x, files, docs, i, d)
	}
}

// A word swapped for another form of its stem leaves the document's
// record of the term as it was, but a shard tells the script of a form its
// rule would not find ("hoping", stem hope): the shard is written again.
func TestUpdateFormOnly(t *testing.T) {
	docs := []Doc{{URL: "/a/", Title: "A", Text: "we hoped for more"}, {URL: "/b/", Title: "B", Text: "more"}}
	a := new(Analyzer)
	x, files := build(t, a, docs)
	checkUpdate(t, a, x, files, docs, 0, Doc{URL: "/a/", Title: "A", Text: "we hoping for more"})
	checkUpdate(t, a, x, files, docs, 0, Doc{URL: "/a/", Title: "A", Text: "we hoped for more"})
}

// onAllCores gives every number to one worker once, stops at the first
// error and returns it, and returns a cancelled context's cause.
func TestOnAllCores(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	err := onAllCores(context.Background(), 1000, func() func(int) error {
		return func(i int) error {
			mu.Lock()
			defer mu.Unlock()
			seen[i]++
			return nil
		}
	})
	if err != nil || len(seen) != 1000 {
		t.Fatalf("err %v, %d numbers seen, want 1000", err, len(seen))
	}
	for i, c := range seen {
		if c != 1 || i < 0 || i >= 1000 {
			t.Fatalf("number %d given %d times", i, c)
		}
	}
	stop := errors.New("disk full")
	var after atomic.Int32
	err = onAllCores(context.Background(), 100000, func() func(int) error {
		return func(i int) error {
			if i == 10 {
				return stop
			}
			if i > 10 {
				after.Add(1)
			}
			return nil
		}
	})
	if err != stop || after.Load() > 1000 {
		t.Errorf("err %v, %d numbers after the error; want %v and few", err, after.Load(), stop)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(stop)
	if err := onAllCores(ctx, 10, func() func(int) error { return func(int) error { return nil } }); err != stop {
		t.Errorf("cancelled: %v, want %v", err, stop)
	}
}
