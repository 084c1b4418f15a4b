package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitegen/sitegen/internal/output"
)

// noEOL marks, in a golden archive, a file whose last line has no newline
// (txtar would add one).
const noEOL = " [no final newline]"

// writeSite writes the files of an archive under dir, except the names in
// skip (the fixture's own instructions).
func writeSite(t testing.TB, dir string, ar *txtar.Archive, skip ...string) {
	t.Helper()
	for _, f := range ar.Files {
		if contains(skip, f.Name) {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readTree returns every regular file under dir by slash-separated path,
// without the output marker.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == output.Marker {
			return nil
		}
		if !d.Type().IsRegular() {
			files[rel] = []byte(fmt.Sprintf("(not a regular file: %v)\n", d.Type()))
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// treeArchive makes an output tree into a golden archive, files by path.
func treeArchive(comment string, tree map[string][]byte) *txtar.Archive {
	ar := &txtar.Archive{Comment: []byte(comment)}
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		data := tree[name]
		if len(data) > 0 && data[len(data)-1] != '\n' {
			name += noEOL
			data = append(append([]byte(nil), data...), '\n')
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
	}
	return ar
}

// archiveTree is the inverse of treeArchive.
func archiveTree(ar *txtar.Archive) map[string][]byte {
	tree := map[string][]byte{}
	for _, f := range ar.Files {
		name, data := f.Name, f.Data
		if strings.HasSuffix(name, noEOL) {
			name = strings.TrimSuffix(name, noEOL)
			data = bytes.TrimSuffix(data, []byte("\n"))
		}
		tree[name] = data
	}
	return tree
}

// compareTrees describes how got differs from want: the missing and the
// unexpected files, and a line diff of the first file whose content differs.
// It returns "" when the trees are equal.
func compareTrees(want, got map[string][]byte) string {
	var missing, extra, differ []string
	for name := range want {
		if _, ok := got[name]; !ok {
			missing = append(missing, name)
		}
	}
	for name, data := range got {
		w, ok := want[name]
		if !ok {
			extra = append(extra, name)
		} else if !bytes.Equal(w, data) {
			differ = append(differ, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(differ)
	var b strings.Builder
	if len(missing) > 0 {
		fmt.Fprintf(&b, "missing files: %s\n", strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "unexpected files: %s\n", strings.Join(extra, ", "))
	}
	if len(differ) > 0 {
		fmt.Fprintf(&b, "%d file(s) differ: %s\nfirst difference, in %s (- want, + got):\n%s",
			len(differ), strings.Join(differ, ", "), differ[0], lineDiff(string(want[differ[0]]), string(got[differ[0]])))
	}
	return b.String()
}

// lineDiff is a small LCS line diff with two lines of context; it shows at
// most 60 lines.
func lineDiff(a, b string) string {
	x, y := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	if len(x)*len(y) > 4_000_000 {
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] != y[i] {
				return fmt.Sprintf("line %d:\n- %q\n+ %q\n", i+1, x[i], y[i])
			}
		}
		return fmt.Sprintf("lengths differ: %d and %d lines\n", len(x), len(y))
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		text string
		line int
	}
	var ops []op
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i + 1})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i], i + 1})
			i++
		default:
			ops = append(ops, op{'+', y[j], j + 1})
			j++
		}
	}
	var out strings.Builder
	shown, last := 0, -10
	for k, o := range ops {
		near := false
		for d := -2; d <= 2; d++ {
			if k+d >= 0 && k+d < len(ops) && ops[k+d].kind != ' ' {
				near = true
			}
		}
		if !near {
			continue
		}
		if k != last+1 {
			fmt.Fprintf(&out, "@@ line %d @@\n", o.line)
		}
		last = k
		fmt.Fprintf(&out, "%c %s", o.kind, strings.TrimSuffix(o.text, "\n"))
		out.WriteString("\n")
		if shown++; shown >= 60 {
			out.WriteString("... (diff cut)\n")
			break
		}
	}
	return out.String()
}
