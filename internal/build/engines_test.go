package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitegen/sitegen/internal/config"
)

// withEngine is a site folder whose sitegen.toml names a highlighting
// engine; every other file is the folder's own.
type withEngine struct {
	fs.FS
	config []byte
}

func (w withEngine) Open(name string) (fs.File, error) {
	if name == config.FileName {
		return fstest.MapFS{name: {Data: w.config}}.Open(name)
	}
	return w.FS.Open(name)
}

// siteWithEngine is the site folder src with [markup.highlight] engine set.
func siteWithEngine(t *testing.T, src, engine string) fs.FS {
	t.Helper()
	toml, err := os.ReadFile(filepath.Join(src, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("engine = \"" + engine + "\"\n")
	table := []byte("[markup.highlight]\n")
	if i := bytes.Index(toml, table); i >= 0 {
		toml = append(toml[:i+len(table):i+len(table)], append(line, toml[i+len(table):]...)...)
	} else {
		toml = append(append(append(toml, '\n'), table...), line...)
	}
	return withEngine{FS: os.DirFS(src), config: toml}
}

// TestEnginesAgree builds the forum site and a 200-page bench/gencorpus
// corpus with each highlighting engine and requires the same output.
func TestEnginesAgree(t *testing.T) {
	root, _ := filepath.Abs("../..")
	corpus := t.TempDir()
	gen := exec.Command("go", "run", "./bench/gencorpus", "-pages", "200", "-out", corpus)
	gen.Dir = root
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gencorpus: %v\n%s", err, out)
	}
	// The engine is read from the overlay: a bad one fails the build.
	if _, err := Build(context.Background(), Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"),
		FS: siteWithEngine(t, root, "pygments"), Now: fixtureNow}); err == nil || !strings.Contains(err.Error(), `engine "pygments"`) {
		t.Fatalf("engine pygments: got %v", err)
	}
	for _, site := range []struct{ name, src string }{{"forum", root}, {"corpus", corpus}} {
		trees := map[string]map[string][]byte{}
		for _, engine := range []string{config.EngineLex, config.EngineChroma} {
			dest := filepath.Join(t.TempDir(), "public")
			_, err := Build(context.Background(), Options{Source: site.src, Destination: dest, FS: siteWithEngine(t, site.src, engine), Now: fixtureNow})
			if err != nil {
				t.Fatalf("%s with %s: %v", site.name, engine, err)
			}
			trees[engine] = readTree(t, dest)
		}
		lex, chroma := trees[config.EngineLex], trees[config.EngineChroma]
		if d := compareTrees(lex, chroma); d != "" {
			t.Errorf("%s: chroma's output differs from lex's:\n%s", site.name, d)
		}
		blocks := 0
		for name, data := range lex {
			if strings.HasSuffix(name, ".html") {
				blocks += bytes.Count(data, []byte(`<pre class="chroma"><code>`))
			}
		}
		t.Logf("%s: %d files, %d highlighted blocks", site.name, len(lex), blocks)
		if site.name == "corpus" && blocks < 200 {
			t.Errorf("corpus: %d highlighted blocks in the HTML, want one a page at least", blocks)
		}
	}
}
