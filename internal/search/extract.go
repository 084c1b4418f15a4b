package search

import (
	"html"
	"strings"
)

// inline tags do not separate words: "<em>Guang</em>zhou" is one word.
var inline = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "cite": true, "code": true,
	"del": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true, "s": true,
	"small": true, "span": true, "strong": true, "sub": true, "sup": true, "time": true, "u": true, "var": true}

// skipped tags hold no text to search.
var skipped = map[string]bool{"script": true, "style": true, "template": true, "svg": true}

// Extract makes a Doc of a page's rendered body HTML: its text, with the
// text of its headings (h1-h6) also listed apart.
func Extract(url, title, body string) Doc {
	d := Doc{URL: url, Title: title}
	var text strings.Builder
	heading := -1 // offset in text where the open heading began
	s := body
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			lt = len(s)
		}
		text.WriteString(html.UnescapeString(s[:lt]))
		s = s[lt:]
		if s == "" {
			break
		}
		gt := strings.IndexByte(s, '>')
		if gt < 0 {
			break
		}
		name, closing := tagName(s[1:gt])
		s = s[gt+1:]
		switch {
		case skipped[name] && !closing:
			if end := strings.Index(s, "</"+name); end >= 0 {
				s = s[end:]
			} else {
				s = ""
			}
		case len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6':
			text.WriteByte(' ')
			if !closing {
				heading = text.Len()
			} else if heading >= 0 {
				d.Headings = append(d.Headings, strings.TrimSpace(text.String()[heading:]))
				heading = -1
			}
		case !inline[name]:
			text.WriteByte(' ')
		}
	}
	d.Text = strings.Join(strings.Fields(text.String()), " ")
	return d
}

// tagName is the lower-cased name of a tag's inside ("a href=x", "/p").
func tagName(tag string) (string, bool) {
	closing := strings.HasPrefix(tag, "/")
	tag = strings.TrimPrefix(tag, "/")
	end := strings.IndexAny(tag, " \t\n\r/")
	if end >= 0 {
		tag = tag[:end]
	}
	return strings.ToLower(tag), closing
}
