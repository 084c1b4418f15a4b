package search

import (
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"strings"
	"testing"
)

// A document file is JSON that decodes to the documents' URLs, titles and
// texts (cut to maxText bytes at a character), whatever they hold.
func TestDocFileIsJSON(t *testing.T) {
	long := strings.Repeat("ж", maxText) // 2 bytes each: cut at maxText/2 runes
	docs := []Doc{
		{URL: "/a/?q=1&b=<2>", Title: "Quote \" and \\ and \u2028", Text: "tab\there\nnew\x01line \x7f"},
		{URL: "/b/", Title: "bad \xff utf-8 \xe4\xb8", Text: long},
		{URL: "/c/", Title: "中文", Text: "微信支付 </script>"},
	}
	x := &Index{docs: docs}
	var got []struct{ U, T, X string }
	if err := json.Unmarshal(x.docFile(nil, 0), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(docs) {
		t.Fatalf("%d documents, want %d", len(got), len(docs))
	}
	want := []struct{ U, T, X string }{
		{docs[0].URL, docs[0].Title, docs[0].Text},
		{"/b/", "bad \ufffd utf-8 \ufffd\ufffd", strings.Repeat("ж", maxText/2)},
		{docs[2].URL, docs[2].Title, docs[2].Text},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("document %d: %+.60v, want %+.60v", i, got[i], want[i])
		}
	}
}

// Two builds of the same documents give the same files, byte for byte,
// however many workers make them. There are enough documents for the
// postings to be filled by several workers (postAll), and numbers, which
// have no word id.
func TestBuildIsDeterministic(t *testing.T) {
	var docs []Doc
	words := strings.Fields("forum Guangzhou payments платёж форума 微信支付 塔斯社记者 hoping hoped WeChat Café")
	for i := range 800 {
		var b strings.Builder
		for j := range 40 {
			b.WriteString(words[(i*7+j*j)%len(words)])
			b.WriteByte(' ')
			if j%8 == 0 {
				fmt.Fprintf(&b, "%d ", (i*j)%997)
			}
		}
		docs = append(docs, Doc{URL: fmt.Sprintf("/p%d/", i), Title: words[i%len(words)], Text: b.String(), Headings: []string{words[(i+3)%len(words)]}})
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first map[string][]byte
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		_, files := build(t, new(Analyzer), docs)
		if first == nil {
			first = files
			continue
		}
		if !maps.EqualFunc(first, files, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("with %d workers the files differ from those of 1", procs)
		}
	}
	if n := len(first); n != 1+(len(docs)+docsPerFile-1)/docsPerFile+shardCount(len(docs)) {
		t.Errorf("%d files", n)
	}
}
