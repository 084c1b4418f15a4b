// Command floor is the "Markdown floor" of the sitegen benchmark: the least
// work any static site generator has to do for a corpus.
//
//	go run ./bench/floor -in DIR/content -out OUTDIR
//
// It converts every .md file under -in to HTML, after stripping its YAML front
// matter, with goldmark and the GFM extension, highlighting fenced code blocks
// with chroma (CSS classes, no inline styles). Each page is written to
// OUTDIR/<same relative path>.html. There are no templates, no site model, no
// lists, feeds or taxonomies and no caching: just read, parse, render and
// write, on a pool of runtime.GOMAXPROCS(0) workers, each with its own
// goldmark instance.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

func main() {
	in := flag.String("in", "", "content directory to read .md files from (required)")
	out := flag.String("out", "", "directory to write .html files to (required)")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: floor -in DIR/content -out OUTDIR")
		os.Exit(2)
	}
	n, err := convertTree(*in, *out, runtime.GOMAXPROCS(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	if n == 0 {
		fmt.Fprintln(os.Stderr, "floor: no .md files under", *in)
		os.Exit(1)
	}
}

// convertTree converts every .md file under in into out using workers
// goroutines and returns the number of files converted.
func convertTree(in, out string, workers int) (int, error) {
	var files []string
	dirs := map[string]bool{}
	err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, err := filepath.Rel(in, p)
		if err != nil {
			return err
		}
		files = append(files, rel)
		dirs[filepath.Dir(rel)] = true
		return nil
	})
	if err != nil {
		return 0, err
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			return 0, err
		}
	}

	jobs := make(chan string, 256)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := newMarkdown()
			var buf bytes.Buffer
			var failed error
			for rel := range jobs {
				if failed == nil {
					failed = convertFile(md, &buf, filepath.Join(in, rel),
						filepath.Join(out, strings.TrimSuffix(rel, ".md")+".html"))
				}
			}
			errs <- failed
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

func convertFile(md goldmark.Markdown, buf *bytes.Buffer, src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	buf.Reset()
	if err := md.Convert(stripFrontMatter(data), buf); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}

// stripFrontMatter returns data without a leading "---" delimited YAML block.
func stripFrontMatter(data []byte) []byte {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		if rest, ok = bytes.CutPrefix(data, []byte("---\r\n")); !ok {
			return data
		}
	}
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(line, "\r")) == "---" {
			return next
		}
		rest = next
	}
	return data // unterminated: treat it all as Markdown
}

// newMarkdown returns a goldmark converter with GFM and chroma highlighting.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			// Lower value = higher priority: overrides the default renderer (1000).
			util.Prioritized(newCodeRenderer(), 100),
		)),
	)
}

// codeRenderer renders fenced code blocks with chroma.
type codeRenderer struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	code      strings.Builder
}

func newCodeRenderer() *codeRenderer {
	return &codeRenderer{
		formatter: chromahtml.New(chromahtml.WithClasses(true)),
		style:     styles.Get("github"),
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCode)
}

func (r *codeRenderer) renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	r.code.Reset()
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		r.code.Write(seg.Value(src))
	}
	var lexer chroma.Lexer
	if lang := n.Language(src); len(lang) > 0 {
		lexer = lexers.Get(string(lang))
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, r.code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	if err := r.formatter.Format(w, r.style, it); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}
