package render

import (
	"html/template"
)

func htmlText(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }
