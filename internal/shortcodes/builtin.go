package shortcodes

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed builtin/*.html
var builtinFS embed.FS

// Builtins are the built-in shortcodes' templates by name ("note"). A
// name starting with "_" is no shortcode but templates the others share.
// A site's templates/shortcodes/NAME.html replaces the built-in one.
func Builtins() map[string]string {
	out := map[string]string{}
	files, _ := fs.Glob(builtinFS, "builtin/*.html")
	for _, f := range files {
		b, _ := builtinFS.ReadFile(f)
		out[strings.TrimSuffix(path.Base(f), ".html")] = string(b)
	}
	return out
}
