package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"math"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/templates/collections"
)

// newFuncs is the function map of one language's templates.
func newFuncs(c *config.Config, lang string, md *markdown.Renderer, tr *Translations, set *Set) map[string]any {
	base := c.BasePath()
	origin := strings.TrimSuffix(strings.TrimSuffix(c.BaseURL, "/"), base)
	prefix := c.LangPrefix(lang)
	rel := func(p string, withLang bool) string {
		if isAbs(p) {
			return p
		}
		p = "/" + strings.TrimPrefix(p, "/")
		if withLang && prefix != "" {
			p = prefix + p
		}
		return base + p
	}
	funcs := map[string]any{
		"relURL":     func(p string) string { return rel(p, false) },
		"absURL":     func(p string) string { return absolute(origin, rel(p, false)) },
		"relLangURL": func(p string) string { return rel(p, true) },
		"absLangURL": func(p string) string { return absolute(origin, rel(p, true)) },
		"T":          func(key string, args ...any) string { return tr.T(lang, key, args...) },
		"i18n":       func(key string, args ...any) string { return tr.T(lang, key, args...) },
		"dateFormat": func(layout string, v any) (string, error) {
			t, err := toTime(v)
			return formatDate(lang, layout, t), err
		},
		"partial": func(name string, data ...any) (htmltemplate.HTML, error) {
			return set.partial(name, data...)
		},
		"markdownify":  func(s any) htmltemplate.HTML { return md.Inline(fmt.Sprint(s)) },
		"safeHTML":     func(s any) htmltemplate.HTML { return htmltemplate.HTML(fmt.Sprint(s)) },
		"safeHTMLAttr": func(s any) htmltemplate.HTMLAttr { return htmltemplate.HTMLAttr(fmt.Sprint(s)) },
		"safeCSS":      func(s any) htmltemplate.CSS { return htmltemplate.CSS(fmt.Sprint(s)) },
		"safeJS":       func(s any) htmltemplate.JS { return htmltemplate.JS(fmt.Sprint(s)) },
		"safeURL":      func(s any) htmltemplate.URL { return htmltemplate.URL(fmt.Sprint(s)) },
		"jsonify":      jsonify,
		"urlize":       func(s any) string { return content.Urlize(fmt.Sprint(s)) },
		"plainify":     plainify,
		"htmlEscape":   func(s any) string { return htmltemplate.HTMLEscapeString(fmt.Sprint(s)) },
		"icsText":      icsText,
		"where":        collections.Where,
		"sort":         collections.Sort,
		"first":        collections.First,
		"default":      defaultValue,
		"dict":         dict,
		"slice":        func(v ...any) []any { return v },
		"seq":          seq,
		"lower":        strings.ToLower,
		"upper":        strings.ToUpper,
		"replace":      func(s, old, new string) string { return strings.ReplaceAll(s, old, new) },
		"split":        strings.Split,
		"delimit":      delimit,
		"hasPrefix":    strings.HasPrefix,
		"in":           collections.In,
		"add":          arith(func(a, b float64) float64 { return a + b }),
		"sub":          arith(func(a, b float64) float64 { return a - b }),
		"mul":          arith(func(a, b float64) float64 { return a * b }),
		"div":          arith(func(a, b float64) float64 { return a / b }),
		"round":        func(v any) float64 { f, _ := collections.ToFloat(v); return math.Round(f) },
		"time":         toTime,
	}
	for k, f := range resourceFuncs(set.res) {
		funcs[k] = f
	}
	return funcs
}

func isAbs(p string) bool {
	u, err := url.Parse(p)
	return err == nil && (u.Scheme != "" || strings.HasPrefix(p, "//"))
}

func absolute(origin, p string) string {
	if isAbs(p) {
		return p
	}
	return origin + p
}

// partialsPerWorker bounds how deep partials may nest. Load finds partials
// that include themselves by a constant name; one that does so through a
// computed name ({{ partial (print "x" ".html") . }}) would otherwise recurse
// until the stack overflows and the process dies with a Go trace.
const partialsPerWorker = 100

// errPartialDepth is returned, unwrapped, through every level of the runaway
// recursion so that the message stays one line.
type errPartialDepth struct{ name string }

func (e *errPartialDepth) Error() string {
	return fmt.Sprintf("partial %q: partials nested too deep; does it include itself?", e.name)
}

func (s *Set) partial(name string, data ...any) (htmltemplate.HTML, error) {
	t := s.partials.Lookup(Dir + "/partials/" + name)
	if t == nil {
		return "", fmt.Errorf("partial %q not found in templates/partials/", name)
	}
	// The count is of partials running in this set on all goroutines, as
	// pages render in parallel.
	defer s.running.Add(-1)
	if s.running.Add(1) > int64(partialsPerWorker*runtime.GOMAXPROCS(0)) {
		return "", &errPartialDepth{name}
	}
	var ctx any
	if len(data) > 0 {
		ctx = data[0]
	}
	var b bytes.Buffer
	if err := t.Execute(&b, ctx); err != nil {
		if de := (*errPartialDepth)(nil); errors.As(err, &de) {
			return "", de
		}
		return "", err
	}
	return htmltemplate.HTML(b.String()), nil
}

func jsonify(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

var tags = regexp.MustCompile(`<[^>]*>`)

func plainify(s any) string { return tags.ReplaceAllString(fmt.Sprint(s), "") }

func toTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case string:
		for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
			if x, err := time.Parse(l, t); err == nil {
				return x, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %v", v)
}

func defaultValue(def any, v ...any) any {
	if len(v) == 0 || collections.IsZero(v[0]) {
		return def
	}
	return v[0]
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict wants key value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func delimit(list any, sep string) string {
	var parts []string
	for _, v := range collections.ToList(list) {
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, sep)
}

func arith(op func(a, b float64) float64) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		x, ok1 := collections.ToFloat(a)
		y, ok2 := collections.ToFloat(b)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("arithmetic on %v and %v", a, b)
		}
		r := op(x, y)
		_, aInt := a.(int)
		_, bInt := b.(int)
		if aInt && bInt && r == math.Trunc(r) {
			return int(r), nil
		}
		return r, nil
	}
}
