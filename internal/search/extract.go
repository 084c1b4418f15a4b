package search

import (
	"html"
	"strings"
)

// inline reports whether a tag does not separate words:
// "<em>Guang</em>zhou" is one word. (A switch, not a map: a page has
// hundreds of tags.)
func inline(name string) bool {
	switch name {
	case "a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
		"small", "span", "strong", "sub", "sup", "time", "u", "var":
		return true
	}
	return false
}

// skipped reports whether a tag holds no text to search.
func skipped(name string) bool {
	switch name {
	case "script", "style", "template", "svg":
		return true
	}
	return false
}

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
		case !closing && skipped(name):
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
		case !inline(name):
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
	for i := 0; i < len(s); {
		if isSpace(s[i]) {
			x.space = true
			i++
			continue
		}
		// j: the end of a run of words one plain space apart, as most
		// text is, which goes to text as it is
		j := i + 1
		for j < len(s) && (!isSpace(s[j]) || s[j] == ' ' && j+1 < len(s) && !isSpace(s[j+1])) {
			j++
		}
		if x.space && x.text.Len() > 0 {
			x.text.WriteByte(' ')
		}
		x.space = false
		x.text.WriteString(s[i:j])
		i = j
	}
}

// isSpace reports whether c is HTML white space between words (form feeds
// aside, which rendered pages do not hold).
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// tagName is the lower-cased name of a tag's inside ("a href=x", "/p").
func tagName(tag string) (string, bool) {
	closing := len(tag) > 0 && tag[0] == '/'
	if closing {
		tag = tag[1:]
	}
	end := 0
	for end < len(tag) && !isSpace(tag[end]) && tag[end] != '/' {
		end++
	}
	tag = tag[:end]
	for i := 0; i < len(tag); i++ {
		if 'A' <= tag[i] && tag[i] <= 'Z' {
			return strings.ToLower(tag), closing
		}
	}
	return tag, closing
}
