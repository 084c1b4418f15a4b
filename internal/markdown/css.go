package markdown

import (
	"bytes"
	"fmt"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// StyleSheet returns the CSS for highlighted code: the light style, and the
// dark style inside a prefers-color-scheme media query.
func StyleSheet(light, dark string) ([]byte, error) {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var b bytes.Buffer
	for i, name := range []string{light, dark} {
		st, ok := styles.Registry[strings.ToLower(name)]
		if !ok {
			return nil, fmt.Errorf("unknown highlight style %q", name)
		}
		if i == 1 {
			b.WriteString("@media (prefers-color-scheme: dark) {\n")
		}
		if err := f.WriteCSS(&b, st); err != nil {
			return nil, err
		}
		if i == 1 {
			b.WriteString("}\n")
		}
	}
	return b.Bytes(), nil
}
