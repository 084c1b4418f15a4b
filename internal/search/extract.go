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

// Extract makes a Doc of a page's rendered body HTML: its text, with runs
// of white space made one space, and the text of its headings (h1-h6) also
// listed apart.
func Extract(url, title, body string) Doc {
	d := Doc{URL: url, Title: title}
	var x extractor
	x.text.Grow(len(body) / 2)
	heading := -1 // offset in text where the open heading began
	s := body
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			lt = len(s)
		}
		x.add(s[:lt])
		s = s[lt:]
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
			x.space = true
			if !closing {
				heading = x.text.Len()
			} else if heading >= 0 {
				d.Headings = append(d.Headings, strings.TrimSpace(x.text.String()[heading:]))
				heading = -1
			}
		case !inline[name]:
			x.space = true
		}
	}
	d.Text = x.text.String()
	return d
}

// extractor gathers text, one space between words.
type extractor struct {
	text  strings.Builder
	space bool // a space is due before the next text
}

func (x *extractor) add(s string) {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	for len(s) > 0 {
		i := strings.IndexAny(s, " \t\n\r")
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			if x.space && x.text.Len() > 0 {
				x.text.WriteByte(' ')
			}
			x.space = false
			x.text.WriteString(s[:i])
		}
		if i < len(s) {
			x.space = true
			i++
		}
		s = s[i:]
	}
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
