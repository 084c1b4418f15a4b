package collections

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
			got, err := Where(c.list, c.key, want)
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
	_, err := Where([]any{item{}}, "Key", "~~", "x")
	if err == nil || !strings.Contains(err.Error(), `unknown operator "~~"`) {
		t.Fatalf("error %v", err)
	}
}

// Sort orders numbers as numbers, times as times and the rest as text,
// stably, by a dotted key, ascending unless told "desc"; In and First
// answer on the same lists.
func TestSortFirstIn(t *testing.T) {
	type ev struct {
		N    any
		Name string
	}
	list := []any{ev{10, "b"}, ev{9, "a"}, ev{10, "a"}, ev{2.5, "c"}}
	names := func(l []any) string {
		var b strings.Builder
		for _, e := range l {
			b.WriteString(e.(ev).Name)
		}
		return b.String()
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"N"}, "caba"},
		{[]string{"N", "desc"}, "baac"},
		{[]string{"Name"}, "aabc"},
		{[]string{".Name", "DESC"}, "cbaa"},
	} {
		if got := names(Sort(list, c.args...)); got != c.want {
			t.Errorf("Sort(%q) = %s, want %s", c.args, got, c.want)
		}
	}
	if got := names(First(2, Sort(list, "N"))); got != "ca" {
		t.Errorf("First 2 = %s", got)
	}
	if got := len(First(9, list)); got != 4 {
		t.Errorf("First 9 of 4 gave %d", got)
	}
	m := map[string]int{"b": 2, "a": 1}
	for _, c := range []struct {
		list, v any
		want    bool
	}{
		{[]any{1, "x"}, 1.0, true},
		{[]string{"en", "zh"}, "ru", false},
		{"Guangzhou", "zhou", true},
		{m, 2, true},
	} {
		if got := In(c.list, c.v); got != c.want {
			t.Errorf("In(%v, %v) = %v", c.list, c.v, got)
		}
	}
	if got := ToList(m); len(got) != 2 || got[0] != 1 {
		t.Errorf("ToList(map) = %v, want values in key order", got)
	}
}
