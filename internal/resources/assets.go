package resources

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies CSS, JS, SVG, JSON, XML and HTML (tdewolff/minify).
type Minifier struct{ m *minify.M }

// NewMinifier returns a Minifier. HTML loses what the HTML standard lets
// it omit: optional start and end tags (<head>, <body>, </p>, </li>...),
// quotes around attribute values that need none, default attribute values
// and whitespace between blocks; the Nu HTML Checker accepts the result.
// Inline CSS, JS, SVG and JSON (JSON-LD included) go through their own
// minifiers.
func NewMinifier() *Minifier {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.Add("text/html", &html.Minifier{KeepSpecialComments: true})
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/javascript", js.Minify) // the HTML minifier's name for a <script> without a type
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/ld+json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	m.AddFunc("application/rss+xml", xml.Minify)
	m.AddFunc("application/atom+xml", xml.Minify)
	return &Minifier{m}
}

// Bytes minifies data of a media type.
func (m *Minifier) Bytes(mediaType string, data []byte) ([]byte, error) {
	return m.m.Bytes(mediaType, data)
}

// Stream minifies what fill writes into w.
func (m *Minifier) Stream(mediaType string, w io.Writer, data []byte) error {
	return m.m.Minify(mediaType, w, bytes.NewReader(data))
}

// derived makes a text resource from a function of its inputs' bytes;
// the bytes are made once.
func (s *Store) derived(name, url, key string, make func() ([]byte, error)) *Resource {
	var once sync.Once
	var data []byte
	var err error
	return &Resource{s: s, name: name, url: url, mtype: mediaType(name), textKey: key,
		text: func() ([]byte, error) {
			once.Do(func() { data, err = make() })
			return data, err
		}}
}

// Minify is r minified, at the same URL (resources.Minify, minify).
func (s *Store) Minify(r *Resource) (*Resource, error) {
	switch r.mtype.Type {
	case "text/css", "text/javascript", "image/svg+xml", "application/json", "application/xml":
	default:
		return nil, fmt.Errorf("minify %s: cannot minify %s (CSS, JS, SVG, JSON and XML can be)", r.describe(), r.mtype)
	}
	m := s.minifier()
	return s.derived(r.name, r.url, "minify:"+r.key(), func() ([]byte, error) {
		b, err := r.bytes()
		if err != nil {
			return nil, err
		}
		out, err := m.Bytes(r.mtype.Type, b)
		if err != nil {
			return nil, fmt.Errorf("minify %s: %v", r.describe(), err)
		}
		return out, nil
	}), nil
}

func (s *Store) minifier() *Minifier {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.min == nil {
		s.min = NewMinifier()
	}
	return s.min
}

// Fingerprint is r at a URL holding the SHA-256 of its bytes
// ("css/site.3f2a….css"), with .Data.Integrity, its SHA-384 for the
// integrity attribute (resources.Fingerprint, fingerprint).
func (s *Store) Fingerprint(r *Resource) (*Resource, error) {
	b, err := r.bytes()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	ext := path.Ext(r.name)
	name := strings.TrimSuffix(r.name, ext) + "." + h + ext
	n := s.derived(name, strings.TrimSuffix(r.url, r.name)+name, "fingerprint:"+h, func() ([]byte, error) { return b, nil })
	sri := sha512.Sum384(b)
	n.integrity = "sha384-" + base64.StdEncoding.EncodeToString(sri[:])
	return n, nil
}

// Concat joins resources of one media type into one at name, a path
// under the site root (resources.Concat). Text files are joined with a
// newline between them where one is missing.
func (s *Store) Concat(name string, rs []*Resource) (*Resource, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("resources.Concat %q: no resources to join", name)
	}
	var keys []string
	for _, r := range rs {
		if r.mtype.Type != rs[0].mtype.Type {
			return nil, fmt.Errorf("resources.Concat %q: %s is %s, %s is %s; join files of one type", name, rs[0].describe(), rs[0].mtype, r.describe(), r.mtype)
		}
		keys = append(keys, r.key())
	}
	clean := path.Clean("/" + name)
	return s.derived(clean[1:], clean, "concat:"+clean+":"+strings.Join(keys, ","), func() ([]byte, error) {
		var out []byte
		for _, r := range rs {
			b, err := r.bytes()
			if err != nil {
				return nil, err
			}
			if len(out) > 0 && out[len(out)-1] != '\n' {
				out = append(out, '\n')
			}
			out = append(out, b...)
		}
		return out, nil
	}), nil
}
