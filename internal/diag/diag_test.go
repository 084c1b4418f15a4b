package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{At("content/a.md", 3, "bad %s", "date"), "content/a.md:3: bad date"},
		{At("content/a.md", 0, "too big"), "content/a.md: too big"},
		{At("", 0, "no place"), "no place"},
		{At("sitegen.toml", 2, "unknown key").WithHint("see README.md"), "sitegen.toml:2: unknown key (hint: see README.md)"},
		{&Error{Line: 4, Msg: "a line without a file"}, "a line without a file"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestAtWrapsTheLastError(t *testing.T) {
	e := At("static/x", 0, "%v", fs.ErrNotExist)
	if !errors.Is(e, fs.ErrNotExist) || e.Err != fs.ErrNotExist {
		t.Errorf("%v does not wrap fs.ErrNotExist", e)
	}
	if e := At("x", 1, "%d and %s", 1, "two"); e.Err != nil {
		t.Errorf("wrapped %v without an error argument", e.Err)
	}
	if e := At("x", 1, "%v then %d", fs.ErrExist, 2); e.Err != nil {
		t.Errorf("wrapped %v, which is not the last argument", e.Err)
	}
}

func TestList(t *testing.T) {
	plain := errors.New("plain")
	var l List
	l.Add(nil)
	if l.Err() != nil || len(l) != 0 {
		t.Fatalf("nil added: %v", l)
	}
	inner := List{At("b.md", 2, "b2"), At("a.md", 9, "a9")}
	l.Add(At("b.md", 1, "b1"))
	l.Add(plain)
	l.Add(inner) // flattened
	l.Add(fmt.Errorf("wrapped: %w", List{At("a.md", 1, "a1")}))
	l.Add(At("a.md", 0, "a0"))
	err := l.Err()
	want := "a.md: a0\na.md:1: a1\na.md:9: a9\nb.md:1: b1\nb.md:2: b2\nplain"
	if err == nil || err.Error() != want {
		t.Fatalf("got\n%v\nwant\n%s", err, want)
	}
	if len(l) != 6 {
		t.Errorf("%d errors, want 6 (lists flattened)", len(l))
	}
}

// TestSortIsStable: errors at one place keep the order they were found in,
// and errors without a place keep theirs, last.
func TestSortIsStable(t *testing.T) {
	l := List{errors.New("x"), At("a.md", 1, "first"), errors.New("y"), At("a.md", 1, "second")}
	l.Sort()
	var got []string
	for _, e := range l {
		got = append(got, e.Error())
	}
	if fmt.Sprint(got) != "[a.md:1: first a.md:1: second x y]" {
		t.Errorf("sorted %q", got)
	}
}

func TestPositions(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, "[]"},
		{"one", At("a.md", 2, "m"), "[a.md:2 m]"},
		{"wrapped", fmt.Errorf("ctx: %w", At("a.md", 2, "m")), "[a.md:2 m]"},
		{"plain", errors.New("p"), "[:0 p]"},
		{"list", List{At("b.md", 1, "b"), errors.New("p")}, "[b.md:1 b :0 p]"},
	} {
		var got []string
		for _, p := range Positions(tc.err) {
			got = append(got, fmt.Sprintf("%s:%d", p.File, p.Line), p.Msg)
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("%s: %q, want %s", tc.name, got, tc.want)
		}
	}
}
