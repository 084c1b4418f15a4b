package templates

import (
	"strings"
	"testing"
)

type item struct{ Section string }

func (item) Kind() string { return "page" }

// where fails on a field or key that no item of a non-empty list has,
// instead of answering with an empty list, and keeps answering for names
// that exist but match nothing, and for data that only some items have.
func TestWhereUnknownField(t *testing.T) {
	pages := []any{item{Section: "news"}, &item{Section: "about"}}
	data := []map[string]any{{"unit": "million"}, {"unit": "count", "moreThan": true}}
	for _, c := range []struct {
		name string
		list any
		key  string
		want int    // matches, when err is ""
		err  string // a substring of the error
	}{
		{"struct field", pages, "Section", 1, ""},
		{"method", pages, "Kind", 2, ""},
		{"dotted key, first name known", pages, ".Section.x", 0, ""},
		{"unknown field", pages, "Key", 0, `no item of the list has a field or key "Key"`},
		{"unknown dotted field", pages, "Params.x", 0, `"Params"`},
		{"map key some items have", data, "moreThan", 1, ""},
		{"map key no item has", data, "units", 0, `"units"`},
		{"empty list", []any{}, "Key", 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := any("news")
			switch c.key {
			case "Kind":
				want = "page"
			case "moreThan":
				want = true
			}
			got, err := where(c.list, c.key, want)
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error %v, want one with %s", err, c.err)
			case c.err == "" && len(got) != c.want:
				t.Fatalf("%d matches, want %d", len(got), c.want)
			}
		})
	}
}

// An unknown operator is named as such even where no item has the field.
func TestWhereUnknownOperator(t *testing.T) {
	_, err := where([]any{item{}}, "Key", "~~", "x")
	if err == nil || !strings.Contains(err.Error(), `unknown operator "~~"`) {
		t.Fatalf("error %v", err)
	}
}
