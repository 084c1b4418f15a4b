package source

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/sitegen/sitegen/internal/diag"
)

// LoadData reads data/**/*.{yaml,yml,toml,json} into nested maps:
// data/program.yaml is .Site.Data.program, data/a/b.json is .Site.Data.a.b.
func LoadData(fsys fs.FS) (map[string]any, error) {
	data := map[string]any{}
	var errs diag.List
	_, files, _, err := Walk(fsys, "data")
	if err != nil {
		return nil, err
	}
	for _, p := range files {
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" && ext != ".toml" && ext != ".json" {
			continue
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.At(p, 0, "%v", err))
			continue
		}
		v, err := DecodeData(p, src)
		if err != nil {
			errs.Add(err)
			continue
		}
		m := data
		parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "data/"), ext), "/")
		for _, dir := range parts[:len(parts)-1] {
			sub, ok := m[dir].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[dir] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	return data, errs.Err()
}

// DecodeData decodes a YAML, TOML or JSON file by its extension; errors
// name the file and line.
func DecodeData(p string, src []byte) (any, error) {
	src = bytes.TrimPrefix(src, bom)
	if err := checkText(p, src); err != nil {
		return nil, err
	}
	var v any
	switch path.Ext(p) {
	case ".toml":
		var m map[string]any
		if err := toml.Unmarshal(src, &m); err != nil {
			line := 0
			if de, ok := err.(*toml.DecodeError); ok {
				line, _ = de.Position()
			}
			return nil, diag.At(p, line, "%v", err)
		}
		v = m
	case ".json":
		if err := json.Unmarshal(src, &v); err != nil {
			line := 0
			if se, ok := err.(*json.SyntaxError); ok {
				line = LineOf(src, int(se.Offset))
			}
			return nil, diag.At(p, line, "%v", err)
		}
	default:
		if err := yaml.Unmarshal(src, &v); err != nil {
			return nil, yamlError(p, Source{FrontLine: 1}, err, "YAML")
		}
	}
	return v, nil
}
