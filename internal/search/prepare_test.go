package search

import (
	"context"
	"sync"
	"testing"
)

// Documents Prepared ahead, concurrently, by a lexicon that served an
// earlier build give the files of a Build that analyzes them itself; a
// document prepared by another lexicon is analyzed again.
func TestPrepareGivesTheSameIndex(t *testing.T) {
	docs := benchDocs(40)
	docs[3] = Doc{URL: "/x/", Title: "Форумы и WeChat", Text: "платёж 微信支付 hoping", Headings: []string{"WeChat"}}
	a := new(Analyzer)
	_, want := build(t, a, docs)

	lex := NewLexicon(a)
	if _, err := Build(context.Background(), lex, benchDocs(7), func(string, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	prepared := make([]Doc, len(docs))
	copy(prepared, docs)
	var wg sync.WaitGroup
	for i := range prepared {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 5 {
				NewLexicon(a).Prepare(&prepared[i]) // another lexicon's: not used
			} else {
				lex.Prepare(&prepared[i])
			}
		}()
	}
	wg.Wait()
	lex.Release()
	got := map[string][]byte{}
	var mu sync.Mutex
	_, err := Build(context.Background(), lex, prepared, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[name] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, b := range want {
		if string(got[name]) != string(b) {
			t.Errorf("%s differs", name)
		}
	}
	if prepared[0].prep == nil || prepared[0].prep.lex != lex {
		t.Error("Prepare left no analysis")
	}
}
