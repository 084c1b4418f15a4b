package search

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchDocs are n documents of about 500 words of English, Russian and
// Chinese prose, as bench/gencorpus writes.
func benchDocs(n int) []Doc {
	en := strings.Fields("amber harbor signal river quiet mountain lantern market winter archive the a of and with under builds writes carries measures follows returns collects shapes")
	ru := strings.Fields("город река время дорога письмо зима окно вечер станция рынок и в на под пишет строит несёт ищет собирает видит")
	zh := strings.Fields("城市 河流 时间 道路 信件 冬天 窗户 晚上 车站 市场 花园 桥梁 档案 田野 大海 高山 我们 他们 今天 明天")
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]Doc, n)
	for i := range docs {
		var b strings.Builder
		for s := 0; s < 60; s++ {
			words, sep := [][]string{en, ru, zh}[s%3], []string{" ", " ", ""}[s%3]
			for w := 0; w < 9; w++ {
				b.WriteString(words[r.IntN(len(words))])
				b.WriteString(sep)
			}
			b.WriteString(". ")
		}
		docs[i] = Doc{URL: "/p/", Title: "Amber harbor", Text: b.String(), Headings: []string{"Winter market"}}
	}
	return docs
}

// BenchmarkBuild indexes 1,000 documents: go test ./internal/search -bench Build -benchmem
func BenchmarkBuild(b *testing.B) {
	docs := benchDocs(1000)
	a := new(Analyzer)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), a, docs, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
