package source

import (
	"reflect"
	"testing"
)

func TestTerms(t *testing.T) {
	s, _ := Split("content/a.md", []byte("---\ntags: [a, b]\ncategories: x\nseries: []\n---\n"))
	fm, err := ParseFront("content/a.md", s, []string{"categories", "series", "tags"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fm.Terms.Get("tags"); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("tags: %q", got)
	}
	if got := fm.Terms.Get("categories"); !reflect.DeepEqual(got, []string{"x"}) {
		t.Errorf("categories: %q", got)
	}
	if got := fm.Terms.Get("authors"); got != nil {
		t.Errorf("authors: %q", got)
	}
	want := map[string][]string{"categories": {"x"}, "series": {}, "tags": {"a", "b"}}
	if got := fm.Terms.Map(); !reflect.DeepEqual(got, want) {
		t.Errorf("Map() = %q, want %q", got, want)
	}
}
