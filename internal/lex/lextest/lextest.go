// Package lextest gives tests chroma's own sample inputs, from the module
// in use: internal/lex's tests hold lex to chroma on them, and
// internal/highlight's hold its version to lex's output on them.
package lextest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ChromaSamples returns chroma's sample inputs (lexers/testdata/*.actual,
// and NAME/*.actual), by lexer name, each lexer's in file order.
func ChromaSamples(t testing.TB) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("finding chroma's module: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
	samples := map[string][]string{}
	for _, pattern := range []string{"*.actual", "*/*.actual"} {
		files, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(dir, f)
			name := strings.TrimSuffix(rel, ".actual")
			if i := strings.IndexByte(name, filepath.Separator); i >= 0 {
				name = name[:i]
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			samples[name] = append(samples[name], string(b))
		}
	}
	if len(samples) < 100 {
		t.Fatalf("only %d lexers have samples in %s", len(samples), dir)
	}
	return samples
}
