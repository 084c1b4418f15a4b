package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Image is a Markdown image as an ImageHook sees it.
type Image struct {
	Dest, Alt, Title string
	Line             int  // 1-based, in the rendered source
	Standalone       bool // alone in its paragraph: the hook's HTML replaces the paragraph
}

// ImageHook renders a Markdown image as HTML; ok false leaves it to the
// default <img>. The build uses it for responsive bundle images.
type ImageHook func(img Image) (html string, ok bool, err error)

var imageHookKey = parser.NewContextKey()
var hookErrsKey = parser.NewContextKey()

// rawHTML is HTML an ImageHook made for an image inside a paragraph.
type rawHTML struct {
	ast.BaseInline
	html []byte
}

var kindRawHTML = ast.NewNodeKind("HookHTML")

func (n *rawHTML) Kind() ast.NodeKind { return kindRawHTML }
func (n *rawHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"HTML": string(n.html)}, nil)
}

// rawBlock holds a standalone image's HTML in place of its paragraph.
type rawBlock struct {
	ast.BaseBlock
	html []byte
}

var kindRawBlock = ast.NewNodeKind("HookHTMLBlock")

func (n *rawBlock) Kind() ast.NodeKind { return kindRawBlock }
func (n *rawBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"HTML": string(n.html)}, nil)
}

type hookRenderer struct{}

func (hookRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRawHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*rawHTML).html)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindRawBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*rawBlock).html)
			w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

// altText is the plain text of an image's description.
func altText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// hookImage hands an image to the hook; it reports whether the hook took
// it (then the node is replaced).
func hookImage(hook ImageHook, img *ast.Image, src []byte, line int, pc parser.Context) bool {
	par := img.Parent()
	standalone := par != nil && par.Kind() == ast.KindParagraph && par.ChildCount() == 1
	html, ok, err := hook(Image{Dest: string(img.Destination), Alt: altText(img, src), Title: string(img.Title), Line: line, Standalone: standalone})
	if err != nil {
		errs, _ := pc.Get(hookErrsKey).(*[]error)
		*errs = append(*errs, err)
	}
	if !ok {
		return false
	}
	if standalone {
		par.Parent().ReplaceChild(par.Parent(), par, &rawBlock{html: []byte(html)})
	} else {
		par.ReplaceChild(par, img, &rawHTML{html: []byte(html)})
	}
	return true
}

// RenderImages is RenderMapped with an ImageHook; the hook's errors come
// back in hookErrs, after the whole document was seen. m may be nil.
func (r *Renderer) RenderImages(src []byte, resolve Resolver, m Mapping, hook ImageHook) (res *Result, hookErrs []error, err error) {
	res, err = r.render(src, resolve, m, hook, &hookErrs)
	return res, hookErrs, err
}
