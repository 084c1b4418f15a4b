package markdown

import (
	"bytes"
	"strings"
	"testing"
)

var renderSeeds = []string{
	"",
	"# Title\n\nSome *text* with a [link](other.md) and ![img](a.png).\n",
	"## 快速支付\n\n## Итоги встречи\n\n## Итоги встречи\n\n## Hello, World!\n",
	"## a\n## a\n## a-1\n## a\n",
	"## x {#same}\n## y\n",
	"Title\n=====\n\nSub\n---\n",
	"> > > > quote\n",
	"- a\n  - b\n    - c\n",
	"***a***  **b** _c_\n",
	"| a | b |\n|---|---|\n| [x](y.md#frag) | 2 |\n",
	"[ref]\n\n[ref]: /target \"t\"\n",
	"Text[^1]\n\n[^1]: note [n](n.md)\n",
	"Term\n: definition [d](d.md)\n",
	"```go\nfunc main() {}\n```\n",
	"<https://example.org> www.example.com\n",
	"- [ ] task\n- [x] done\n",
	"[a](<b c> \"t\")\n[e]()\n![](x)\n",
	"<div>raw</div>\n\n<script>x</script>\n",
	"#\n\n# \t\n\n## !!!\n",
	"\r\n# a\r\n[l](m)\r\n",
}

// FuzzRender: rendering never panics, every link is handed to the resolver
// with a line inside the document, and generated heading ids are unique.
func FuzzRender(f *testing.F) {
	for _, s := range renderSeeds {
		f.Add([]byte(s))
	}
	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		type link struct {
			dest  string
			line  int
			image bool
		}
		var got []link
		maxLine := bytes.Count(src, []byte{'\n'}) + 1
		res, err := r.Render(src, func(dest string, line int, image bool) string {
			got = append(got, link{dest, line, image})
			return dest
		})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		for _, l := range got {
			if l.line < 1 || l.line > maxLine {
				t.Fatalf("link %q on line %d of %d", l.dest, l.line, maxLine)
			}
		}
		// Explicit ids ({#x} attributes) are the author's choice; generated
		// ones must never collide.
		if bytes.Contains(src, []byte("{")) {
			return
		}
		seen := map[string]bool{}
		for _, h := range res.Headings {
			if h.ID == "" {
				t.Fatalf("heading %q has no id", h.Text)
			}
			if seen[h.ID] {
				t.Fatalf("duplicate heading id %q in %+v", h.ID, res.Headings)
			}
			seen[h.ID] = true
		}
	})
}

// FuzzSlug: a slug is never empty, has no spaces and no upper-case ASCII,
// and slugging a slug gives it back.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"", "Hello, World!", "快速支付", "Итоги встречи", "  a  b  ", "---", "a-1", "İ", "ǅ", "x\u0301", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := Slug(s)
		if id == "" {
			t.Fatalf("Slug(%q) is empty", s)
		}
		if strings.ContainsAny(id, " \t\n\r\"'<>&") {
			t.Fatalf("Slug(%q) = %q", s, id)
		}
		for _, r := range id {
			if r >= 'A' && r <= 'Z' {
				t.Fatalf("Slug(%q) = %q has upper case", s, id)
			}
		}
		if again := Slug(id); again != id {
			t.Fatalf("Slug not idempotent: %q -> %q -> %q", s, id, again)
		}
	})
}
