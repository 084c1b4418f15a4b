package render

import (
	"bytes"
	"fmt"
	"io"
	"path"

	"github.com/sitegen/sitegen/internal/resources"
)

// minifier is the HTML and XML minifier when [minify] html or --minify is
// on, else nil. Pages, alias pages, feeds, the sitemap and the generated
// syntax.css go through it; copied files, resources and [[outputs]] do not.
func (r *Renderer) minifier() *resources.Minifier {
	if !r.Site.Config.Minify.HTML && !r.Opts.Minify {
		return nil
	}
	r.minOnce.Do(func() { r.min = resources.NewMinifier() })
	return r.min
}

func minifyType(file string) string {
	switch path.Ext(file) {
	case ".html":
		return "text/html"
	case ".xml":
		return "application/xml"
	case ".css": // only the generated syntax.css passes here
		return "text/css"
	}
	return ""
}

// minified is data minified when minifying is on; the output is new bytes,
// so the caller's buffer may be reused.
func (r *Renderer) minified(file string, data []byte) ([]byte, error) {
	m, t := r.minifier(), minifyType(file)
	if m == nil || t == "" {
		return data, nil
	}
	out, err := m.Bytes(t, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", file, err)
	}
	return out, nil
}

// Minifies reports whether the build minifies file: then MinFill's bytes
// are not fill's.
func (r *Renderer) Minifies(file string) bool { return r.minifier() != nil && minifyType(file) != "" }

// minFill is fill, minified when minifying is on.
func (r *Renderer) MinFill(file string, fill func(io.Writer) error) func(io.Writer) error {
	m, t := r.minifier(), minifyType(file)
	if m == nil || t == "" {
		return fill
	}
	return func(w io.Writer) error {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			return err
		}
		return m.Stream(t, w, b.Bytes())
	}
}
