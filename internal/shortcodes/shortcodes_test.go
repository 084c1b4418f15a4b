package shortcodes

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/sitegen/sitegen/internal/diag"
)

// fake shortcodes: "in" reads .Inner, "leaf" does not; both write their
// name, arguments and inner text.
type fake struct{}

func (fake) Lookup(name string) (bool, bool) {
	switch name {
	case "in":
		return true, true
	case "leaf":
		return true, false
	}
	return false, false
}

func (fake) Names() []string { return []string{"in", "leaf"} }

func (fake) Execute(w io.Writer, name string, c *Call) error {
	_, err := fmt.Fprintf(w, "<%s %v>%s</%s>", name, c.Params(), c.Inner(), name)
	return err
}

func expand(t *testing.T, src string) *Result {
	t.Helper()
	r, err := Expand([]byte(src), &Env{File: "content/a.md", Line: 4, Templates: fake{}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every byte of the expanded Markdown maps back to its line as written;
// a call's output maps to the call's line.
func TestLines(t *testing.T) {
	src := "one\n{{% in %}}\ntwo\n{{% /in %}}\nthree {{< leaf >}}\nfour\n"
	r := expand(t, src)
	text := string(r.Text)
	for _, c := range []struct {
		find string
		line int
	}{{"one", 1}, {"two", 3}, {"three", 5}, {"four", 6}, {"<in", 2}, {"</in>", 2}} {
		i := strings.Index(text, c.find)
		if i < 0 {
			t.Fatalf("%q not in %q", c.find, text)
		}
		if got := r.Line(i); got != c.line {
			t.Errorf("%q: line %d, want %d (text %q)", c.find, got, c.line, text)
		}
	}
	// The template's own bytes are trusted; the inner text's are not.
	if i := strings.Index(text, "<in"); !r.Trusted(i, i+3) {
		t.Errorf("the template's output is not trusted")
	}
	if i := strings.Index(text, "two"); r.Trusted(i, i+3) {
		t.Errorf("the inner text is trusted")
	}
}

// .InnerDeindent of a {{% %}} call keeps each line's origin.
func TestDeindentKeepsLines(t *testing.T) {
	p := &piece{}
	p.add("  a\n    b\n  c\n", span{0, 0}, false)
	out := &piece{}
	p.deindentInto(out)
	if got := string(out.buf); got != "a\n  b\nc\n" {
		t.Errorf("deindented to %q", got)
	}
	if got := deindent("\n\t\tx\n\t\t  y\n"); got != "\nx\n  y\n" {
		t.Errorf("deindent gave %q", got)
	}
}

func TestPlaceholdersRoundTrip(t *testing.T) {
	r := expand(t, "a {{< leaf x >}} b\n\n{{< leaf y >}}\n")
	html, err := r.HTML("<p>" + Strip("x") + string(r.Text[:len(r.Text)-1]) + "</p>")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(html, phOpen) || !strings.Contains(html, "<leaf [x]></leaf>") || !strings.Contains(html, "<leaf [y]></leaf>") {
		t.Errorf("placeholders left or lost: %q", html)
	}
	if got := Strip("x" + placeholder(12) + "y"); got != "xy" {
		t.Errorf("Strip gave %q", got)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"figure", "note", "youtube", "video"}
	for in, want := range map[string]string{"figur": "figure", "ntoe": "note", "youtub": "youtube", "gallery": "", "x": ""} {
		if got := closest(in, names); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}

// No input makes the parser panic or report an error without a position
// in the file.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{
		"{{< in >}}x{{< /in >}}", "{{% in a b %}}\n# h\n{{% /in %}}", "{{< leaf k=\"v\" >}}", "{{</* in */>}}",
		"{{< in >}}{{< leaf />}}{{< in >}}", "{{< leaf `raw` \"q\\\"\" >}}", "{{% /in %}}", "{{< leaf a=b c >}}",
		"{{<", "{{< leaf", "{{< leaf \"", "{{</* x", "{{< in /> {{< /in >}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Expand([]byte(src), &Env{File: "content/a.md", Line: 4, Templates: fake{}})
		if err != nil {
			var l diag.List
			var e *diag.Error
			if errors.As(err, &l) {
				err = l[0]
			}
			if !errors.As(err, &e) || e.File != "content/a.md" || e.Line < 4 {
				t.Fatalf("error without the file's line: %v", err)
			}
			return
		}
		if r == nil {
			return
		}
		for i := range r.Text {
			if l := r.Line(i); l < 1 || l > strings.Count(src, "\n")+1 {
				t.Fatalf("byte %d maps to line %d of %d", i, l, strings.Count(src, "\n")+1)
			}
		}
	})
}
