package source

import "github.com/sitegen/sitegen/internal/diag"

// maxIndentWork bounds the work that deeply indented Markdown costs the
// renderer. goldmark looks at a whole line once for every list that is
// open, and a line indented by w columns can sit inside w/2 lists, so a
// list nested thousands deep costs time cubic in its depth (5,000 levels:
// about ten minutes). The sum of indent/2 × line length over the lines is
// that cost's upper bound; ordinary pages stay far below the limit (a
// 50 MB page with every line indented eight columns reaches 2e8).
const maxIndentWork = 500_000_000

// checkIndent refuses a body indented so deeply, over so many lines, that
// rendering it would take minutes; it names the line where the bound is
// passed.
func checkIndent(file string, body []byte, firstLine int) error {
	work := 0
	line := firstLine
	for len(body) > 0 {
		l := lineAt(body)
		indent := 0
	scan:
		for _, c := range l {
			switch c {
			case ' ':
				indent++
			case '\t':
				indent += 4
			default:
				break scan
			}
		}
		work += indent / 2 * len(l)
		if work > maxIndentWork {
			return diag.At(file, line, "Markdown indented too deeply to render in reasonable time (%d columns here)", indent).
				WithHint("lists nested hundreds of levels deep cannot be rendered; flatten them")
		}
		body = body[len(l):]
		line++
	}
	return nil
}
