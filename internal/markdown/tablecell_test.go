package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// cellAttrs gives the cells whose text starts with "attr" attributes of
// their own, which the fast path leaves to goldmark.
type cellAttrs struct{}

func (cellAttrs) Transform(doc *ast.Document, r text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering && strings.HasPrefix(plainText(c, r.Source()), "attr") {
			c.SetAttributeString("style", []byte("color:red"))
			c.SetAttributeString("class", "x&y")
		}
		return ast.WalkContinue, nil
	})
}

// Table cells come out as goldmark's table extension writes them.
func TestTableCellsAsGoldmark(t *testing.T) {
	src := `| a | b | c | d |
|:--|:-:|--:|---|
| 1 | *2* | 3 | <x> & "y" |
| attr one | attr two | | attr four |

| only |
|------|
| x |

Name | 指标 | Значение
:-- | --: | :-:
a \| b | ` + "`c`" + ` | [l](/x/)
`
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(cellAttrs{}, 100))),
	}
	var want, got bytes.Buffer
	if err := goldmark.New(opts...).Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	ours := append(opts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newTableCells(), 100))))
	if err := goldmark.New(ours...).Convert([]byte(src), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("got\n%s\nwant\n%s", &got, &want)
	}
	for _, s := range []string{`<th style="text-align:center">b</th>`, `<td style="text-align:right">3</td>`, `<td><!-- raw HTML omitted --> &amp; &quot;y&quot;</td>`, `class="x&amp;y"`} {
		if !strings.Contains(got.String(), s) {
			t.Errorf("no %s in\n%s", s, &got)
		}
	}
}
