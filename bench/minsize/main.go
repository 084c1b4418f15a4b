// Command minsize sums what minifying saves on a built site: the bytes of
// its HTML pages and of the stylesheets they link (each counted once), in
// two builds of the same site, one plain and one minified.
//
//	go run ./bench/minsize PLAIN MINIFIED
//
// bench/minify.sh makes the two builds of the forum site and calls it.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
)

// sizes is one build's byte totals.
type sizes struct {
	pages, css int64
	sheets     []string // the linked stylesheets, by output path, sorted
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: minsize PLAIN MINIFIED")
		os.Exit(2)
	}
	var s [2]sizes
	for i, dir := range os.Args[1:] {
		var err error
		if s[i], err = measure(os.DirFS(dir)); err != nil {
			fmt.Fprintln(os.Stderr, "minsize:", err)
			os.Exit(1)
		}
	}
	fmt.Print(table(s[0], s[1]))
}

// sheetRef finds a stylesheet link in plain or minified HTML: the
// attributes in any order, quoted or not.
var sheetRef = regexp.MustCompile(`<link\b[^>]*\brel=["']?stylesheet\b[^>]*>`)
var hrefAttr = regexp.MustCompile(`\bhref=(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// measure sums the HTML pages of a built site and the local stylesheets
// they link.
func measure(site fs.FS) (sizes, error) {
	var s sizes
	linked := map[string]bool{}
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		s.pages += int64(len(b))
		for _, tag := range sheetRef.FindAll(b, -1) {
			if m := hrefAttr.FindSubmatch(tag); m != nil {
				href := string(m[1]) + string(m[2]) + string(m[3])
				if strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
					linked[strings.TrimPrefix(href, "/")] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	for p := range linked {
		fi, err := fs.Stat(site, p)
		if err != nil {
			return s, fmt.Errorf("a page links %s: %w", p, err)
		}
		s.css += fi.Size()
		s.sheets = append(s.sheets, p)
	}
	sort.Strings(s.sheets)
	return s, nil
}

// table is the comparison of a plain and a minified build.
func table(plain, min sizes) string {
	row := func(what string, a, b int64) string {
		saved := 0.0
		if a > 0 {
			saved = 100 * float64(a-b) / float64(a)
		}
		return fmt.Sprintf("| %s | %d B | %d B | %.1f%% |\n", what, a, b, saved)
	}
	return "| | plain | minified | saved |\n| --- | --- | --- | --- |\n" +
		row("HTML pages", plain.pages, min.pages) +
		row(fmt.Sprintf("CSS they link (%d files)", len(min.sheets)), plain.css, min.css) +
		row("pages and CSS", plain.pages+plain.css, min.pages+min.css)
}
