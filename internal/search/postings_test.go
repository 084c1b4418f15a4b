package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
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
