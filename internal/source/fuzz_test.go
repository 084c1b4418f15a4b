package source

import (
	"errors"
	"testing"

	"github.com/sitegen/sitegen/internal/diag"
)

// checkDiag asserts that err is a positioned error (or a list of them) that
// names the file and a line >= 0.
func checkDiag(t *testing.T, file string, err error) {
	t.Helper()
	var list diag.List
	if errors.As(err, &list) {
		if len(list) == 0 {
			t.Fatalf("empty error list")
		}
		for _, e := range list {
			checkDiag(t, file, e)
		}
		return
	}
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %T %q is not a *diag.Error", err, err)
	}
	if de.File != file {
		t.Fatalf("error names file %q, want %q: %v", de.File, file, err)
	}
	if de.Line < 0 {
		t.Fatalf("error has line %d: %v", de.Line, err)
	}
}

var frontSeeds = []string{
	"",
	"no front matter\n",
	"---\ntitle: T\n---\nbody\n",
	"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\n",
	"+++\ntitle = \"T\"\ndate = 2016-10-29\n+++\nbody\n",
	"---\ntitle: T\ndate: 2016-10-29\ndraft: true\nweight: 3\ntags: [a, b]\naliases: /old/\n---\n",
	"---\ntitle: x\n\nbody\n",
	"+++\ntitle = 'x'\n",
	"\xff\xfe-\x00-\x00",
	"---\ntitle: caf\xe9\n---\n",
	"---\ntitle: x\n---\n\nab\x00c\n",
	"---\ntitle: a\ntitle: b\n---\n",
	"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n",
	"---\ndate: [1]\nweight: 1.5\ndraft: maybe\ntags: {a: 1}\n---\n",
	"+++\nweight = 1e400\ndate = 1979-05-27T07:32:00Z\n[params]\nx = [1, 'a']\n+++\n",
	"+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n",
	"---\n- a\n- b\n---\n",
	"---\n!!binary aGk=\n---\n",
	"---   \n---\n",
	"---\n",
}

// FuzzSplit: splitting and parsing a whole content file never panics, and
// every error is positioned in the file.
func FuzzSplit(f *testing.F) {
	for _, s := range frontSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "content/a.md"
		s, err := Split(file, src)
		if err != nil {
			checkDiag(t, file, err)
			return
		}
		if s.Format != 0 && s.Format != '-' && s.Format != '+' {
			t.Fatalf("format %q", s.Format)
		}
		if s.BodyLine < 1 || (s.Format != 0 && s.FrontLine != 2) {
			t.Fatalf("lines: front %d body %d", s.FrontLine, s.BodyLine)
		}
		if _, err := ParseFront(file, s, []string{"tags", "categories"}); err != nil {
			checkDiag(t, file, err)
		}
	})
}

// FuzzParseFront feeds front matter text straight to the YAML and TOML
// decoders, past Split's checks.
func FuzzParseFront(f *testing.F) {
	for _, s := range frontSeeds {
		if sp, err := Split("a.md", []byte(s)); err == nil && sp.Format != 0 {
			f.Add(sp.Format == '+', sp.Front)
		}
	}
	f.Add(false, []byte("a: [\n"))
	f.Add(true, []byte("a = [\n"))
	f.Add(false, []byte("a: !!timestamp x\nb: !!int y\n"))
	f.Add(true, []byte("[[a]]\n[a.b]\nc = 1\n"))
	f.Fuzz(func(t *testing.T, isTOML bool, front []byte) {
		const file = "content/b.md"
		s := Source{Format: '-', Front: front, FrontLine: 2, BodyLine: 3}
		if isTOML {
			s.Format = '+'
		}
		fm, err := ParseFront(file, s, []string{"tags"})
		if err != nil {
			checkDiag(t, file, err)
			return
		}
		if fm.Params == nil {
			t.Fatal("nil Params")
		}
	})
}
