package markdown

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	rhtml "github.com/yuin/goldmark/renderer/html"
)

// readAs writes Markdown text as a reader sees it: "\*" as "*", "&amp;"
// as "&". Goldmark's own HTML writer resolves the escapes and references,
// so the table of contents and the summary read exactly as the heading
// and the paragraph do; its HTML is then made plain again. Text without
// a backslash or an ampersand, nearly all, is written as it is.
func readAs(b *strings.Builder, text []byte) {
	if bytes.IndexByte(text, '\\') < 0 && bytes.IndexByte(text, '&') < 0 {
		b.Write(text)
		return
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	rhtml.DefaultWriter.Write(w, text)
	w.Flush()
	b.WriteString(html.UnescapeString(out.String()))
}
