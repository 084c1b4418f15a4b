package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading ids that keep letters of every script and are unique
// within a document. Suffixes count per base so that thousands of equal
// headings cost linear time.
type ids struct {
	used map[string]bool
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

// Slug is the id that a heading's text gives before it is made unique.
func Slug(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-' || unicode.IsSpace(r):
			dash = true
		}
	}
	if b.Len() == 0 {
		return "heading"
	}
	return b.String()
}

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(string(value))
	id := base
	for n := s.next[base]; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n+1)
		s.next[base] = n + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
