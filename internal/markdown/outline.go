package markdown

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

const summaryWords = 70

// outline walks a document once for its headings, the summary (the first
// paragraph's text) and the word count.
func outline(doc ast.Node, src []byte) (hs []Heading, summary string, words Counts) {
	var counter wordCounter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			hs = append(hs, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src)})
		case *ast.Paragraph:
			if summary == "" {
				summary = truncateWords(plainText(n, src), summaryWords)
			}
		case *ast.Text:
			counter.add(n.Segment.Value(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return hs, summary, counter.Counts
}

// plainText is the text of a node as it reads on the page: backslash
// escapes and character references resolved as goldmark's HTML writer
// resolves them (see readAs), code spans as they are.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			readAs(&b, t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.CodeSpan:
			for s := t.FirstChild(); s != nil; s = s.NextSibling() {
				if txt, ok := s.(*ast.Text); ok {
					b.Write(txt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// Counts are a text's words by script, for reading times that count each
// script at its own rate: Words is every word, of which Cyrillic are in
// Cyrillic script and CJK are Han, Hiragana, Katakana or Hangul
// characters, each a word of its own.
type Counts struct {
	Words, Cyrillic, CJK int
}

// wordCounter counts words; a Han, Hiragana, Katakana or Hangul character
// counts as a word of its own, since those scripts do not space words. A
// word's script is that of its first letter.
type wordCounter struct {
	Counts
	inWord bool
}

func (w *wordCounter) add(b []byte) {
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		i += size
		w.rune(r)
	}
	// Text nodes end at line breaks, which they do not hold.
	w.inWord = false
}

func (w *wordCounter) rune(r rune) {
	switch {
	case r < utf8.RuneSelf: // most text: no table lookups
		if 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9' {
			w.word()
		} else {
			w.inWord = false
		}
	case isCJK(r):
		w.Words++
		w.CJK++
		w.inWord = false
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		if !w.inWord && unicode.Is(unicode.Cyrillic, r) {
			w.Cyrillic++
		}
		w.word()
	default:
		w.inWord = false
	}
}

func (w *wordCounter) word() {
	if !w.inWord {
		w.Words++
	}
	w.inWord = true
}

func isCJK(r rune) bool {
	// The four scripts start at U+1100 (Hangul Jamo): Latin and Cyrillic
	// text needs no table lookups.
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// truncateWords cuts s after max words: after the last full-width
// sentence end (。！？) within them when there is one, so that a Chinese
// summary is whole sentences, else after the last whole word, with an
// ellipsis. The result is a string of its own: a build keeps every page's
// summary, and s may be a slice of a bigger buffer.
func truncateWords(s string, max int) string {
	var c wordCounter
	sentence := 0 // the end of the last sentence within max words
	for i, r := range s {
		c.rune(r)
		if c.Words > max {
			if sentence > 0 {
				return strings.Clone(s[:sentence])
			}
			return strings.TrimSpace(s[:i]) + "…"
		}
		if r == '。' || r == '！' || r == '？' {
			sentence = i + utf8.RuneLen(r)
		}
	}
	return strings.Clone(s)
}

// TOC renders headings of levels 2 and 3 as nested lists, in Hugo's form.
func TOC(hs []Heading) template.HTML {
	var b strings.Builder
	depth := 0
	open := 0 // levels of <ul> open
	for _, h := range hs {
		if h.Level < 2 || h.Level > 3 {
			continue
		}
		lvl := h.Level - 1
		switch {
		case open == 0:
			b.WriteString("<ul>")
			open, depth = 1, lvl
		case lvl > depth:
			b.WriteString("<ul>")
			open++
			depth++
		case lvl < depth && open > 1:
			b.WriteString("</li></ul></li>")
			open--
			depth--
		default:
			b.WriteString("</li>")
		}
		b.WriteString(`<li><a href="#`)
		b.WriteString(template.HTMLEscapeString(h.ID))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(h.Text))
		b.WriteString("</a>")
	}
	if open == 0 {
		return ""
	}
	for ; open > 0; open-- {
		b.WriteString("</li></ul>")
	}
	return template.HTML(`<nav id="TableOfContents">` + b.String() + "</nav>")
}
