package build

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/output"
)

var update = flag.Bool("update", false, "rewrite testdata/sites/*.golden from what the build writes")

// fixtureNow is the present of every fixture build, so that future and
// expired pages do not depend on the day the tests run.
var fixtureNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A fixture's txtar holds a whole site folder, plus two optional entries
// that are not written:
//
//	want-errors  substrings the build error must contain, one per line; the
//	             build must then fail and write nothing
//	options      build options, one per line: drafts, future, expired,
//	             links=warn, base-url=URL
//
// A fixture without want-errors has its output tree in NAME.golden.
const (
	wantErrorsFile = "want-errors"
	optionsFile    = "options"
)

type fixture struct {
	name   string
	ar     *txtar.Archive
	opts   Options
	errors []string
}

func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	files, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata/sites (%v)", err)
	}
	var out []fixture
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fx := fixture{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), ar: ar}
		for _, f := range ar.Files {
			switch f.Name {
			case wantErrorsFile:
				for _, l := range strings.Split(string(f.Data), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						fx.errors = append(fx.errors, l)
					}
				}
			case optionsFile:
				fx.opts = parseOptions(t, file, string(f.Data))
			}
		}
		out = append(out, fx)
	}
	return out
}

func parseOptions(t *testing.T, file, text string) Options {
	var o Options
	for _, l := range strings.Fields(text) {
		key, val, _ := strings.Cut(l, "=")
		switch key {
		case "drafts":
			o.Drafts = true
		case "future":
			o.Future = true
		case "expired":
			o.Expired = true
		case "links":
			o.LinksWarn = val == "warn"
		case "base-url":
			o.BaseURL = val
		default:
			t.Fatalf("%s: unknown option %q", file, l)
		}
	}
	return o
}

// build writes the fixture's site to a fresh folder and builds it with o
// (Source, Destination and Now are filled in). It returns the output folder.
func (fx fixture) build(t *testing.T, o Options) (string, *Stats, error) {
	t.Helper()
	src := t.TempDir()
	writeSite(t, src, fx.ar, wantErrorsFile, optionsFile)
	dest := filepath.Join(t.TempDir(), "public")
	o.Source, o.Destination, o.Now = src, dest, fixtureNow
	var log bytes.Buffer
	o.Log = &log
	st, err := Build(context.Background(), o)
	if log.Len() > 0 {
		t.Logf("build log:\n%s", log.String())
	}
	return dest, st, err
}

func TestSites(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			dest, _, err := fx.build(t, fx.opts)
			if fx.errors != nil {
				checkErrors(t, err, fx.errors)
				if _, statErr := os.Lstat(dest); !errors.Is(statErr, os.ErrNotExist) {
					t.Errorf("a failed build created its destination (%v)", statErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("build failed:\n%v", err)
			}
			got := readTree(t, dest)
			golden := filepath.Join("testdata", "sites", fx.name+".golden")
			if *update {
				ar := treeArchive("Output of "+fx.name+".txtar; go test ./internal/build -update rewrites it.\n", got)
				if err := os.WriteFile(golden, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			ar, err := txtar.ParseFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/build -update to write it)", err)
			}
			if d := compareTrees(archiveTree(ar), got); d != "" {
				t.Errorf("output differs from %s (go test ./internal/build -update accepts it):\n%s", golden, d)
			}
			if _, err := os.Stat(filepath.Join(dest, output.Marker)); err != nil {
				t.Errorf("no %s in the output: %v", output.Marker, err)
			}
		})
	}
}

// checkErrors wants err to contain every substring.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("build succeeded; want errors containing:\n%s", strings.Join(want, "\n"))
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error does not mention %q; the error was:\n%s", w, msg)
		}
	}
	if strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic") {
		t.Errorf("error looks like a crash:\n%s", msg)
	}
}

// TestSitesDeterministic builds every fixture twice: the two outputs must
// be byte-identical (pages are rendered in parallel, maps are unordered).
func TestSitesDeterministic(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		if fx.errors != nil {
			continue
		}
		t.Run(fx.name, func(t *testing.T) {
			a, _, err := fx.build(t, fx.opts)
			if err != nil {
				t.Fatal(err)
			}
			b, _, err := fx.build(t, fx.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := compareTrees(readTree(t, a), readTree(t, b)); d != "" {
				t.Errorf("two builds of one site differ:\n%s", d)
			}
		})
	}
}

// TestSitesErrorsAreStable runs every failing fixture twice: errors are
// collected in parallel, and the report must not depend on the schedule.
func TestSitesErrorsAreStable(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		if fx.errors == nil {
			continue
		}
		t.Run(fx.name, func(t *testing.T) {
			_, _, err1 := fx.build(t, fx.opts)
			_, _, err2 := fx.build(t, fx.opts)
			if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
				t.Errorf("two builds report differently:\n%v\n---\n%v", err1, err2)
			}
		})
	}
}

func findFixture(t *testing.T, name string) fixture {
	t.Helper()
	for _, fx := range loadFixtures(t) {
		if fx.name == name {
			return fx
		}
	}
	t.Fatalf("no fixture %s", name)
	return fixture{}
}
