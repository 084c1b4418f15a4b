package resources

import (
	"strings"
	"testing"
)

func TestGetMatch(t *testing.T) {
	s := newStore(t, map[string][]byte{
		"assets/img/b.png":     []byte("b"),
		"assets/img/a.png":     []byte("a"),
		"assets/img/sub/c.png": []byte("c"),
		"assets/css/site.css":  []byte("p{}"),
	})
	for _, tc := range []struct{ pattern, want, err string }{
		{"img/*.png", "img/a.png", ""}, // the first, sorted
		{"/img/b.png", "img/b.png", ""},
		{"img/sub/c.png", "img/sub/c.png", ""},
		{"img", "", ""}, // a folder is no resource
		{"img/*.jpg", "", ""},
		{"nope.css", "", ""},
		{"img/[.png", "", "syntax error in pattern"},
		{"../secret", "", "not a path under assets/"},
	} {
		r, err := s.GetMatch(tc.pattern)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.pattern, err, tc.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.pattern, err)
		case tc.want == "" && r != nil:
			t.Errorf("%q: got %s, want nil", tc.pattern, r.Name())
		case tc.want != "" && (r == nil || r.Name() != tc.want):
			t.Errorf("%q: got %v, want %s", tc.pattern, r, tc.want)
		}
	}
}
