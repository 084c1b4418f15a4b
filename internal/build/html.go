package build

import (
	"html/template"
	"strings"
)

func htmlText(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }

// xmlEscaper is built once: a Replacer is costly to make and safe to share.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// xmlEscape escapes text for XML content and attributes.
func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
