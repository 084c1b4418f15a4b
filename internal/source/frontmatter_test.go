package source

import (
	"strings"
	"testing"
	"time"
)

func TestSplitErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unclosed", "---\ntitle: x\n\nbody\n", "a.md:1: front matter opened with --- is never closed (hint: did you forget the closing ---?)"},
		{"unclosed toml", "+++\ntitle = 'x'\n", "a.md:1: front matter opened with +++ is never closed"},
		{"utf16", "\xff\xfe-\x00-\x00", "a.md:1: file is UTF-16"},
		{"latin1", "---\ntitle: caf\xe9\n---\n", "a.md:2: file is not valid UTF-8 (byte 0xe9)"},
		{"nul", "---\ntitle: x\n---\n\nab\x00c\n", "a.md:5: file contains a NUL byte"},
	} {
		_, err := Split("a.md", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestSplitBOMAndLines(t *testing.T) {
	s, err := Split("a.md", []byte("\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != '-' || s.BodyLine != 4 || string(s.Body) != "body\n" {
		t.Errorf("%+v", s)
	}
	s, _ = Split("a.md", []byte("no front matter\n"))
	if s.Format != 0 || s.BodyLine != 1 {
		t.Errorf("%+v", s)
	}
}

func TestParseFront(t *testing.T) {
	src := "---\ntitle: T\ndate: 2016-10-29\ndraft: true\nweight: 3\ntags: [a, b]\naliases: /old/\ncity: Guangzhou\n---\n"
	s, _ := Split("a.md", []byte(src))
	fm, err := ParseFront("a.md", s, []string{"tags"})
	if err != nil {
		t.Fatal(err)
	}
	if fm.Title != "T" || !fm.Date.Equal(time.Date(2016, 10, 29, 0, 0, 0, 0, time.UTC)) || !fm.Draft || fm.Weight != 3 ||
		strings.Join(fm.Terms.Get("tags"), ",") != "a,b" || fm.Aliases[0] != "/old/" || fm.Params["city"] != "Guangzhou" {
		t.Errorf("%+v", fm)
	}
	if fm.NoSearch {
		t.Errorf("no search key, and NoSearch is set")
	}
	toml, _ := Split("b.md", []byte("+++\ntitle = \"T\"\ndate = 2016-10-29\nsearch = false\n+++\n"))
	fm, err = ParseFront("b.md", toml, nil)
	if err != nil || fm.Title != "T" || fm.Date.Year() != 2016 || !fm.NoSearch {
		t.Errorf("toml: %+v %v", fm, err)
	}
}

func TestParseFrontErrorLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"---\ntitle: T\nbad: [\n---\n", "a.md:3: front matter (YAML)"},
		{"---\ntitle: a\ntitle: b\n---\n", "a.md:3: front matter (YAML): mapping key \"title\" already defined at line 2"},
		{"---\ntitle: T\ndate: someday\n---\n", "a.md:3: front matter key \"date\""},
		{"---\nweight: heavy\n---\n", "a.md:2: front matter key \"weight\""},
		{"---\ntitle: T\nsearch: no\n---\n", "a.md:3: front matter key \"search\": want true or false"},
		{"+++\ntitle = \n+++\n", "a.md:2: front matter (TOML)"},
		{"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\n", "a.md:"},
	} {
		s, err := Split("a.md", []byte(tc.src))
		if err == nil {
			_, err = ParseFront("a.md", s, nil)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}
