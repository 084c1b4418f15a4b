package source

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/strblock"
)

// Source is a content file split into front matter and body.
type Source struct {
	Format    byte   // '-' for YAML, '+' for TOML, 0 when the file has none
	Front     []byte // the front matter text, without the fences
	FrontLine int    // line of the file where Front starts
	Body      []byte
	BodyLine  int // line of the file where Body starts
	// Hash is a 64-bit FNV-1a hash of Front: builds compare it to learn
	// whether anything the front matter gives a page changed.
	Hash uint64

	dropped bool
}

// DropBody lets the body go: a build keeps a site's front matter, not all
// of its text, and reads a body again (ReadBody) when it renders it. The
// front matter, a slice of the file's text, is copied into strs (plainly
// when strs is nil), so that the rest can go.
func (s *Source) DropBody(strs *strblock.Blocks) {
	s.Front, s.Body, s.dropped = strs.Bytes(s.Front), nil, true
}

// BodyDropped reports whether DropBody let the body go.
func (s Source) BodyDropped() bool { return s.dropped }

var bom = []byte("\xef\xbb\xbf")

// Split separates front matter from the body. It refuses text that is not
// UTF-8 (a UTF-8 byte order mark is accepted and dropped), NUL bytes and
// Markdown indented too deeply to render (see checkIndent), and names the
// line where the trouble is.
func Split(file string, src []byte) (Source, error) {
	src = bytes.TrimPrefix(src, bom)
	if err := checkText(file, src); err != nil {
		return Source{}, err
	}
	fence := firstLine(src)
	if fence != "---" && fence != "+++" {
		if err := checkIndent(file, src, 1); err != nil {
			return Source{}, err
		}
		return Source{Body: src, BodyLine: 1}, nil
	}
	rest := src[len(lineAt(src)):]
	line := 2
	for off := 0; off < len(rest); line++ {
		l := lineAt(rest[off:])
		if strings.TrimRight(string(l), " \t\r\n") == fence {
			s := Source{
				Format: fence[0], Front: rest[:off], FrontLine: 2,
				Body: rest[off+len(l):], BodyLine: line + 1,
			}
			f := fnv.New64a()
			f.Write(s.Front)
			s.Hash = f.Sum64()
			if err := checkIndent(file, s.Body, s.BodyLine); err != nil {
				return Source{}, err
			}
			return s, nil
		}
		off += len(l)
	}
	return Source{}, diag.At(file, 1, "front matter opened with %s is never closed", fence).
		WithHint("did you forget the closing " + fence + "?")
}

func lineAt(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

func firstLine(b []byte) string {
	return strings.TrimRight(string(lineAt(b)), " \t\r\n")
}

func checkText(file string, src []byte) error {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return diag.At(file, 1, "file is UTF-16; sitegen reads UTF-8").WithHint("save the file as UTF-8")
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return diag.At(file, LineOf(src, i), "file contains a NUL byte").WithHint("is this a binary file?")
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return diag.At(file, LineOf(src, i), "file is not valid UTF-8 (byte 0x%02x)", src[i]).
			WithHint("save the file as UTF-8; Latin-1 and other encodings are not read")
	}
	return nil
}

// LineOf returns the 1-based line of byte offset off in src.
func LineOf(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}

// FrontMatter holds the keys sitegen knows; every key, known or not, is also
// in Params.
type FrontMatter struct {
	Title, Description, Slug, URL, Layout, TranslationKey, Summary string
	Date, Lastmod, PublishDate, ExpiryDate                         time.Time
	Draft                                                          bool
	NoSearch                                                       bool // search: false
	Weight                                                         int
	Aliases                                                        []string
	Terms                                                          Terms
	Params                                                         map[string]any
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// ParseFront decodes the front matter of s. taxonomies are the plural names
// whose keys hold term lists.
func ParseFront(file string, s Source, taxonomies []string) (FrontMatter, error) {
	raw, err := DecodeFront(file, s)
	if err != nil {
		return FrontMatter{Params: map[string]any{}}, err
	}
	if raw == nil {
		raw = map[string]any{}
	}
	fm := FrontMatter{Params: raw}
	return fm, fm.fill(file, s, taxonomies)
}

// DecodeFront decodes the front matter's keys; nil when it has none.
func DecodeFront(file string, s Source) (map[string]any, error) {
	if s.Format == 0 || len(bytes.TrimSpace(s.Front)) == 0 {
		return nil, nil
	}
	var raw map[string]any
	if s.Format == '-' {
		if err := yaml.Unmarshal(s.Front, &raw); err != nil {
			return nil, yamlError(file, s, err, "front matter (YAML)")
		}
		return raw, nil
	}
	if err := toml.Unmarshal(s.Front, &raw); err != nil {
		line := s.FrontLine
		var de *toml.DecodeError
		if ok := asDecodeError(err, &de); ok {
			row, _ := de.Position()
			line += row - 1
		}
		return nil, diag.At(file, line, "front matter (TOML): %v", err)
	}
	return raw, nil
}

func asDecodeError(err error, de **toml.DecodeError) bool {
	e, ok := err.(*toml.DecodeError)
	if ok {
		*de = e
	}
	return ok
}

// yamlError rewrites the decoder's line numbers, which count from the start
// of the front matter, into lines of the file.
func yamlError(file string, s Source, err error, what string) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := s.FrontLine
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = s.FrontLine + n - 1
		msg = yamlLine.ReplaceAllStringFunc(msg, func(x string) string {
			k, _ := strconv.Atoi(yamlLine.FindStringSubmatch(x)[1])
			return fmt.Sprintf("line %d", s.FrontLine+k-1)
		})
	}
	// The decoder's own "line N: " prefix repeats what file:line says.
	msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:"))
	msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
	return diag.At(file, line, "%s: %s", what, msg)
}

func (fm *FrontMatter) fill(file string, s Source, taxonomies []string) error {
	var errs diag.List
	bad := func(key, want string, v any) {
		errs.Add(diag.At(file, s.KeyLine(key), "front matter key %q: want %s, got %v", key, want, v))
	}
	str := func(key string, dst *string) {
		if v, ok := fm.Params[key]; ok {
			switch x := v.(type) {
			case string:
				*dst = x
			case int, int64, float64, bool:
				*dst = fmt.Sprint(x)
			default:
				bad(key, "a string", v)
			}
		}
	}
	str("title", &fm.Title)
	str("description", &fm.Description)
	str("slug", &fm.Slug)
	str("url", &fm.URL)
	str("layout", &fm.Layout)
	str("translationKey", &fm.TranslationKey)
	str("summary", &fm.Summary)
	for key, dst := range map[string]*time.Time{"date": &fm.Date, "lastmod": &fm.Lastmod, "publishDate": &fm.PublishDate, "expiryDate": &fm.ExpiryDate} {
		if v, ok := fm.Params[key]; ok {
			t, err := toTime(v)
			if err != nil {
				bad(key, "a date such as 2016-10-29 or 2016-10-29T09:50:00+08:00", v)
			}
			*dst = t
		}
	}
	if v, ok := fm.Params["draft"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			bad("draft", "true or false", v)
		}
		fm.Draft = b
	}
	if v, ok := fm.Params["search"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			bad("search", "true or false", v)
		}
		fm.NoSearch = !b
	}
	if v, ok := fm.Params["weight"]; ok {
		n, isInt := ToInt(v)
		if !isInt {
			bad("weight", "a whole number", v)
		}
		fm.Weight = n
	}
	if v, ok := fm.Params["aliases"]; ok {
		l, ok := toStrings(v)
		if !ok {
			bad("aliases", "a list of paths", v)
		}
		fm.Aliases = l
	}
	for _, tax := range taxonomies {
		if v, ok := fm.Params[tax]; ok {
			l, ok := toStrings(v)
			if !ok {
				bad(tax, "a list of terms", v)
			}
			fm.Terms = append(fm.Terms, TaxonomyTerms{tax, l})
		}
	}
	if fm.Lastmod.IsZero() {
		fm.Lastmod = fm.Date
	}
	return errs.Err()
}

// KeyLine finds the line of a top-level key of the front matter, for
// errors about its value; FrontLine when the key is not found.
func (s Source) KeyLine(key string) int {
	line := s.FrontLine
	for _, l := range strings.Split(string(s.Front), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, key) {
			r := strings.TrimSpace(strings.TrimPrefix(t, key))
			if strings.HasPrefix(r, ":") || strings.HasPrefix(r, "=") {
				return line
			}
		}
		line++
	}
	return s.FrontLine
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04", "2006-01-02"}

func toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case toml.LocalDate:
		return x.AsTime(time.UTC), nil
	case toml.LocalDateTime:
		return x.AsTime(time.UTC), nil
	case string:
		x = strings.TrimSpace(x)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %v", v)
}

// ToInt is a decoded front matter value as a whole number; ok is false
// when it is not one.
func ToInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case uint64:
		return int(x), true
	case float64:
		return int(x), x == float64(int(x))
	}
	return 0, false
}

func toStrings(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			switch s := e.(type) {
			case string:
				out = append(out, s)
			case int, int64, float64:
				out = append(out, fmt.Sprint(s))
			default:
				return nil, false
			}
		}
		return out, true
	case nil:
		return nil, true
	}
	return nil, false
}
