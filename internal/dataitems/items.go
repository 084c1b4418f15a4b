// Package dataitems lists the items of an [[outputs]] data list (a
// dotted key into site data, such as "program.events") and the output path
// each item's keys give it: a path pattern's :key is filled with the
// item's key, urlized. An item without the key, or with one that is not a
// string or gives no file name, and two items whose paths differ in letter
// case only, are errors that name the data file and the item's line
// (where the file has lines: YAML and JSON, not TOML), all at once.
package dataitems

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
)

// Item is one item of an [[outputs]] data list, with the output path its
// keys give it (before the language prefix).
type Item struct {
	Value any
	Path  string
}

// List lists the items of a data-driven output and their paths.
// Each :key of the path must be, in every item, a string whose urlized
// form is a name (not empty, not dots only), and no two items may give
// paths that differ in letter case only: one would overwrite the other on
// a case-insensitive file system, or on any, if equal. Errors name the
// data file and the item, with the item's line where the file has lines.
func List(fsys fs.FS, data map[string]any, o config.Output) ([]Item, error) {
	file, rest := dataFile(fsys, o.Data)
	all, err := dataList(data, o.Data)
	if err != nil {
		return nil, diag.At("sitegen.toml", 0, "[[outputs]] data %q: %v", o.Data, err)
	}
	lines := itemLines(fsys, file, rest, len(all))
	var errs diag.List
	items := make([]Item, len(all))
	seen := map[string]int{} // lower-case path -> item index
	for i, it := range all {
		at := func(format string, args ...any) {
			errs.Add(diag.At(file, lines[i], "%s item %d: %s", o.Data, i+1, fmt.Sprintf(format, args...)).
				WithHint(fmt.Sprintf("[[outputs]] path %q takes its file name from each item", o.Path)))
		}
		p, why := itemPath(o.Path, it)
		if why != "" {
			at("%s", why)
			continue
		}
		if j, ok := seen[strings.ToLower(p)]; ok {
			at("writes %s, as item %d (line %d) does%s", p, j+1, lines[j], caseOnly(items[j].Path, p))
			continue
		}
		seen[strings.ToLower(p)] = i
		items[i] = Item{it, p}
	}
	return items, errs.Err()
}

func caseOnly(a, b string) string {
	if a != b {
		return " (" + a + ": the names differ in letter case only)"
	}
	return ""
}

var pathKey = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// itemPath fills the :keys of pattern from the item, or says why it cannot.
func itemPath(pattern string, item any) (string, string) {
	why := ""
	p := pathKey.ReplaceAllStringFunc(pattern, func(k string) string {
		v, ok := item.(map[string]any)[k[1:]]
		s, isString := v.(string)
		u := content.Urlize(s)
		switch {
		case why != "":
		case !ok || v == nil:
			why = fmt.Sprintf("has no %s", k[1:])
		case !isString:
			why = fmt.Sprintf("%s is %v, a %T; it must be a string", k[1:], v, v)
		case strings.Trim(u, ".") == "":
			why = fmt.Sprintf("%s %q gives no file name", k[1:], s)
		}
		return u
	})
	return p, why
}

// dataFile finds the file under data/ that holds the dotted key, and the
// rest of the key inside it: "program.events" is in data/program.yaml,
// "events" inside. "sitegen.toml" when there is none.
func dataFile(fsys fs.FS, key string) (string, []string) {
	parts := strings.Split(key, ".")
	for n := len(parts); n > 0; n-- {
		base := path.Join(append([]string{"data"}, parts[:n]...)...)
		for _, ext := range []string{".yaml", ".yml", ".toml", ".json"} {
			if fi, err := fs.Stat(fsys, base+ext); err == nil && fi.Mode().IsRegular() {
				return base + ext, parts[n:]
			}
		}
	}
	return "sitegen.toml", nil
}

// itemLines are the lines of the n items of the list at keys in a YAML or
// JSON file (JSON is YAML too); 0 where it cannot tell (TOML).
func itemLines(fsys fs.FS, file string, keys []string, n int) []int {
	lines := make([]int, n)
	if ext := path.Ext(file); ext != ".yaml" && ext != ".yml" && ext != ".json" {
		return lines
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return lines
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return lines
	}
	node := doc.Content[0]
	for _, k := range keys {
		node = mapValue(node, k)
		if node == nil {
			return lines
		}
	}
	for i := 0; i < n && i < len(node.Content); i++ {
		lines[i] = node.Content[i].Line
	}
	return lines
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// dataList follows a dotted path ("program.events") into site data.
func dataList(data map[string]any, key string) ([]any, error) {
	var v any = data
	for _, part := range strings.Split(key, ".") {
		v = lookup(v, part)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("not a list in data/ (got %T)", v)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

func lookup(v any, key string) any {
	if m, ok := v.(map[string]any); ok {
		return m[key]
	}
	return nil
}
