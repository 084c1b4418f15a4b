package lex

import (
	"fmt"
	"runtime/debug"
)

// format is the version of what this package writes for given tokens. A
// change to Tokenise or WriteHTML that changes any output must increase
// it, or a cache of highlighted code (internal/cache) would keep serving
// the old output.
const format = 1

// Version names the highlighter: this package's format and the versions
// of chroma and regexp2 it runs. It is "" when the build records no module
// versions, and then nothing should be cached.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := fmt.Sprint("lex ", format)
	found := 0
	for _, d := range bi.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		switch d.Path {
		case "github.com/alecthomas/chroma/v2", "github.com/dlclark/regexp2/v2":
			v += ", " + d.Path + " " + d.Version
			found++
		}
	}
	if found != 2 {
		return ""
	}
	return v
}
