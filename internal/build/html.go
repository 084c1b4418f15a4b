package build

import (
	"html/template"
	"strings"
)

func bytesHTML(b []byte) template.HTML { return template.HTML(b) }

func htmlText(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }

// xmlEscape escapes text for XML content and attributes.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
