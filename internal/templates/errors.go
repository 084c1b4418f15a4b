package templates

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
)

// "template: templates/page.html:12:5: executing ..." and
// "template: templates/page.html:12: function ..."
var tmplPos = regexp.MustCompile(`template: ((?:templates/)[^:]+):(\d+)(?::\d+)?: `)

// Error turns a text/template or html/template error into a diag.Error at
// the template file's own line. Errors that carry another position (a
// page's) are passed through.
func Error(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*diag.Error); ok {
		return err
	}
	// A content file's error found while a template ran (a bad pagerSize
	// read by .Paginate) is the file's to fix: its position comes first.
	if d := (*diag.Error)(nil); errors.As(err, &d) && strings.HasPrefix(d.File, "content/") {
		return d
	}
	msg := err.Error()
	// The innermost position names the failing template.
	all := tmplPos.FindAllStringSubmatchIndex(msg, -1)
	if len(all) == 0 {
		return diag.At(Dir, 0, "%s", strings.TrimPrefix(msg, "template: "))
	}
	m := all[len(all)-1]
	file := msg[m[2]:m[3]]
	line, _ := strconv.Atoi(msg[m[4]:m[5]])
	rest := msg[m[1]:]
	if i := strings.Index(rest, "error calling partial: "); i >= 0 {
		rest = rest[i+len("error calling partial: "):]
	}
	e := diag.At(file, line, "%s", rest)
	e.Err = err
	return e
}
