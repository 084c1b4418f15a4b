package search

import (
	"strconv"
	"unicode/utf8"
)

// docFileName is the name of the f-th document file.
func docFileName(f int) string { return "d/" + strconv.Itoa(f) + ".json" }

// docFile appends the f-th document file to b: a JSON array of what the
// results of documents f*docsPerFile... show, each {"u":URL,"t":title,
// "x":text}, the text cut to maxText bytes.
func (x *Index) docFile(b []byte, f int) []byte {
	b = append(b, '[')
	for i := f * docsPerFile; i < min(len(x.docs), (f+1)*docsPerFile); i++ {
		d := &x.docs[i]
		text := d.Text
		if len(text) > maxText {
			cut := maxText
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
			text = text[:cut]
		}
		if i > f*docsPerFile {
			b = append(b, ',')
		}
		b = append(b, `{"u":`...)
		b = appendJSON(b, d.URL)
		b = append(b, `,"t":`...)
		b = appendJSON(b, d.Title)
		b = append(b, `,"x":`...)
		b = appendJSON(b, text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSON appends s to b as a JSON string. It escapes only what JSON
// requires (quotes, backslashes, control characters) and makes invalid
// UTF-8 U+FFFD, as encoding/json does, without its reflection or its
// HTML escapes, which the script does not need: it sets text, never HTML.
func appendJSON(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	valid := utf8.ValidString(s) // then every byte of a character passes as it is
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && (c < utf8.RuneSelf || valid) {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || n != 1 {
				i += n
				continue
			}
			b = append(append(b, s[start:i]...), `\ufffd`...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		i++
		start = i
	}
	return append(append(b, s[start:]...), '"')
}
