package content

import (
	"strings"
	"testing"
	"unicode"
)

func TestUrlize(t *testing.T) {
	for in, want := range map[string]string{
		"Итоги встречи": "итоги-встречи", "快速 支付": "快速-支付", "Hello, World!": "hello-world",
		"my file": "my-file", "a--b": "a-b", "..x..": "x",
	} {
		if got := Urlize(in); got != want {
			t.Errorf("Urlize(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzUrlize: Urlize is idempotent and its output has no spaces, slashes
// or upper-case ASCII letters.
func FuzzUrlize(f *testing.F) {
	for _, s := range []string{"", "Hello World", "Итоги встречи", "快速 支付", "a/b\\c", "..a..", "A.B", "  --  ", "ǅ", "İstanbul", "ß", "x\u0301", "a\x00b", "\xff", "Ǆ", "ΣΑΣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := Urlize(s)
		if strings.ContainsAny(u, "/\\") {
			t.Fatalf("Urlize(%q) = %q has a slash", s, u)
		}
		for _, r := range u {
			if unicode.IsSpace(r) || (r >= 'A' && r <= 'Z') {
				t.Fatalf("Urlize(%q) = %q has %q", s, u, r)
			}
		}
		if u2 := Urlize(u); u2 != u {
			t.Fatalf("Urlize not idempotent: %q -> %q -> %q", s, u, u2)
		}
	})
}
