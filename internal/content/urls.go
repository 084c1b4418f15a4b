package content

import (
	"path"
	"strings"
	"unicode"
)

// Urlize makes a URL path segment from text: lower case, runs of spaces and
// punctuation become one hyphen, letters and digits of every script are kept
// ("Итоги встречи" -> "итоги-встречи", "快速 支付" -> "快速-支付").
func Urlize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '.':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	// Trim hyphens too: trimming a leading dot can leave one in front
	// (". 0" -> ".-0"), and Urlize must give its own output back unchanged.
	return strings.Trim(b.String(), ".-")
}

// urlizePath urlizes each segment of a slash-separated path.
func urlizePath(p string) string {
	segs := strings.Split(p, "/")
	out := segs[:0]
	for _, s := range segs {
		if u := Urlize(s); u != "" {
			out = append(out, u)
		}
	}
	return strings.Join(out, "/")
}

// cleanURLPath makes a front matter url or alias into a site path that starts
// with a slash; a path without an extension ends with a slash.
func cleanURLPath(p string) string {
	trailing := strings.HasSuffix(p, "/")
	p = path.Clean("/" + p)
	if p != "/" && (trailing || path.Ext(p) == "") {
		p += "/"
	}
	return p
}

// expandPermalink fills a [permalinks] pattern for a page.
func expandPermalink(pattern string, p *Page, slug string) string {
	d := p.Date
	repl := strings.NewReplacer(
		":year", d.Format("2006"),
		":month", d.Format("01"),
		":day", d.Format("02"),
		":section", p.Section,
		":slug", slug,
		":title", Urlize(p.Title),
	)
	return cleanURLPath(repl.Replace(pattern))
}

// OutputFile is the file under the output folder that serves a site path:
// "/news/x/" -> "news/x/index.html".
func OutputFile(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
