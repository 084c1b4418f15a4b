package highlight

import (
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// samples are code blocks whose HTML stands for an engine's output: files
// named as a fence names the language (what follows a dot only tells two
// samples of a language apart), each short but reaching what lexers and
// the formatter do differently (nested lexers, states pushed and popped,
// multi-line tokens, escaping, CRLF, text in other scripts). A language
// chroma does not know (no-such-language) has the formatter's samples:
// they are part of every version.
//
//go:embed samples
var samples embed.FS

// engine is what versions need of an engine.
type engine interface {
	highlight(w Writer, l chroma.Lexer, code string) error
	lexer(lang string) chroma.Lexer
}

// versions work out an engine's Version for each lexer, on first use.
type versions struct {
	name   string
	engine engine
	index  sync.Once
	byLex  map[chroma.Lexer][]string // sample files by their lexer
	done   sync.Map                  // chroma.Lexer -> version string
}

// get is the version for lang: the engine's name, a hash of its output on
// the formatter's samples and on lang's lexer's samples, and the module
// versions. Its cost is highlighting those samples once, with the lexer
// that lang's blocks need anyway.
func (v *versions) get(lang string) string {
	l := v.engine.lexer(lang)
	if s, ok := v.done.Load(l); ok {
		return s.(string)
	}
	v.index.Do(func() {
		v.byLex = map[chroma.Lexer][]string{}
		names, _ := fs.Glob(samples, "samples/*")
		for _, name := range names {
			sl := sampleLexer(v.engine, name)
			v.byLex[sl] = append(v.byLex[sl], name)
		}
	})
	files := v.byLex[lexers.Fallback]
	if l != lexers.Fallback {
		files = append(files[:len(files):len(files)], v.byLex[l]...)
	}
	s := fmt.Sprintf("%s %s, %s", v.name, sampleHash(v.engine, files), Modules())
	v.done.Store(l, s) // two goroutines at once store the same string
	return s
}

// fallbackSample names the formatter's samples, in no language: they are
// given chroma's fallback lexer without looking the name up, which would
// try every lexer's file patterns.
const fallbackSample = "no-such-language"

// sampleLang is the language a sample file is in.
func sampleLang(name string) string {
	lang, _, _ := strings.Cut(strings.TrimPrefix(name, "samples/"), ".")
	return lang
}

// sampleLexer is the lexer of a sample file.
func sampleLexer(e engine, name string) chroma.Lexer {
	if lang := sampleLang(name); lang != fallbackSample {
		return e.lexer(lang)
	}
	return lexers.Fallback
}

// sampleHash is a hash of what e writes for the sample files.
func sampleHash(e engine, files []string) string {
	sum := sha256.New()
	var out strings.Builder
	for _, name := range files {
		code, _ := fs.ReadFile(samples, name)
		out.Reset()
		if err := e.highlight(&out, sampleLexer(e, name), string(code)); err != nil {
			out.WriteString("error: " + err.Error())
		}
		for _, s := range []string{name, out.String()} {
			var n [8]byte
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			sum.Write(n[:])
			sum.Write([]byte(s))
		}
	}
	return hex.EncodeToString(sum.Sum(nil)[:12])
}

// Modules names the versions of chroma and regexp2 in this binary, or ""
// when it records none (a test binary, or one built outside module mode):
// a command should then keep nothing between builds, as a chroma upgrade
// could change the output of a lexer the samples do not reach.
func Modules() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var found []string
	for _, d := range bi.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		switch d.Path {
		case "github.com/alecthomas/chroma/v2", "github.com/dlclark/regexp2/v2":
			found = append(found, d.Path+" "+d.Version)
		}
	}
	if len(found) != 2 {
		return ""
	}
	return strings.Join(found, ", ")
}
