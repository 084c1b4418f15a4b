package highlight

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/version.golden")

// corpusHash is a hash of what h writes for chroma's sample corpus, each
// sample cut at 20,000 bytes as internal/lex's tests cut them: whole, the
// largest takes seconds, and under load regexp2's match timeouts would
// make its output depend on the machine.
func corpusHash(t *testing.T, h Highlighter) string {
	files, langs, texts := chromaCorpus(t)
	sum := sha256.New()
	for _, f := range files {
		text := texts[f]
		if len(text) > 20000 {
			text = strings.ToValidUTF8(text[:20000], "")
		}
		fmt.Fprintf(sum, "%s %d\n%s", f, len(text), highlightString(t, h, langs[f], text))
	}
	return hex.EncodeToString(sum.Sum(nil)[:12])
}

// TestVersionFollowsOutput fails when lex's output on chroma's whole
// sample corpus changes and its output on samples/ (so Version, so the
// cache's keys) does not: a highlight cache would then keep serving the
// old blocks. The fix is a sample that shows the change, not -update. A
// change that the samples show too (a chroma upgrade, a new lex) is
// recorded with go test ./internal/highlight -update.
func TestVersionFollowsOutput(t *testing.T) {
	h := Lex().(*lexEngine)
	names, _ := fs.Glob(samples, "samples/*")
	got := fmt.Sprintf("samples %s\ncorpus %s\n", sampleHash(h, names), corpusHash(t, h))
	golden := filepath.Join("testdata", "version.golden")
	old, err := os.ReadFile(golden)
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && *update) {
		t.Fatal(err)
	}
	if string(old) == got {
		return
	}
	oldLines, gotLines := strings.Split(string(old), "\n"), strings.Split(got, "\n")
	if len(oldLines) == 3 && oldLines[0] == gotLines[0] {
		t.Fatalf("lex's output on chroma's sample corpus changed (%s, was %s) but not on samples/, so Version did not change: add a sample to samples/ that shows the change",
			gotLines[1], oldLines[1])
	}
	if !*update {
		t.Fatalf("%s holds\n%s\nlex now writes\n%s\nif the change is meant, go test ./internal/highlight -update", golden, old, got)
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
