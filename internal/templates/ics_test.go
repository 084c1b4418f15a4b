package templates

import (
	"strings"
	"testing"
	"unicode"
)

func TestICSText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b;c,d`, `a\\b\;c\,d`},
		{"one\ntwo", `one\ntwo`},
		{"one\r\ntwo", `one\ntwo`},
		{"one\rtwo", `one\ntwo`},
		{"one\r\rtwo", `one\n\ntwo`},
		{"end\r", `end\n`},
		{"x\rATTENDEE:mailto:evil@example.org", `x\nATTENDEE:mailto:evil@example.org`},
		{"tab\there", "tab\there"},
		{"nul\x00bell\x07esc\x1bdel\x7fus\x1f", "nulbellescdelus"},
		{"c1\u0085next\u009bcsi", "c1nextcsi"},
		{"форум 论坛 😀", "форум 论坛 😀"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"", ""},
	}
	for _, c := range cases {
		if got := icsText(c.in); got != c.want {
			t.Errorf("icsText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := icsText(42); got != "42" {
		t.Errorf("icsText(42) = %q", got)
	}
}

// TestICSTextNoControlCharacters: whatever the input, the value holds no
// control character but the tab, and every special character escaped.
func TestICSTextNoControlCharacters(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x250; r++ {
		all.WriteRune(r)
		all.WriteString("x")
	}
	out := icsText(all.String())
	for _, r := range out {
		if unicode.IsControl(r) && r != '\t' {
			t.Errorf("control character %U in the output", r)
		}
	}
	for _, s := range []string{";", ","} {
		if strings.Count(out, s) != strings.Count(out, `\`+s) {
			t.Errorf("an unescaped %s", s)
		}
	}
}
