package templates

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// icsText makes a value an iCalendar TEXT property value (RFC 5545
// 3.3.11): backslash, semicolon and comma are escaped, and a line break
// (CRLF, LF or a lone CR, which some readers also take for a line end)
// becomes the two characters \n. TEXT allows no other control character
// but the tab, so the others (C0, DEL, C1) are dropped, and bytes that
// are not UTF-8 become U+FFFD: no value can end a line, or start a
// property, of its own.
func icsText(v any) string {
	s := fmt.Sprint(v)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte('\t')
		case unicode.IsControl(r):
		default:
			b.WriteRune(r) // utf8.RuneError for a bad byte writes U+FFFD
		}
	}
	return b.String()
}
