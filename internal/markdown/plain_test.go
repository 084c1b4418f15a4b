package markdown

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestTOCReadsAsTheHeading: a table of contents entry (and a summary)
// reads as the heading (the paragraph) does on the page: escapes and
// character references resolved, code spans kept as written. The heading's
// own rendered text is the reference, so the test holds for any input.
func TestTOCReadsAsTheHeading(t *testing.T) {
	headings := []string{
		`Price \* 2`,
		`snake\_case and \# hash`,
		`Tom &amp; Jerry`,
		`&#42;star&#x2A; &copy; 2016`,
		"Code `a\\*b` stays",
		`Back\\slash`,
		`Not \an escape`,
		`&unknown; entity`,
		`<b>tag</b> as text`,
		`**Bold** and _em_ \[brackets\]`,
		`论坛 \* Итоги`,
		`Ampersand & alone`,
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, h := range headings {
		res, err := New().Render([]byte("## "+h+"\n\n"+h+"\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		body := res.HTML[strings.Index(res.HTML, ">")+1 : strings.Index(res.HTML, "</h2>")]
		want := html.UnescapeString(tag.ReplaceAllString(body, ""))
		toc := string(TOC(res.Headings))
		got := html.UnescapeString(tag.ReplaceAllString(toc, ""))
		if got != want {
			t.Errorf("heading %q: the table of contents reads %q, the heading %q", h, got, want)
		}
		if res.Summary != want {
			t.Errorf("paragraph %q: the summary reads %q, the paragraph %q", h, res.Summary, want)
		}
	}
}
