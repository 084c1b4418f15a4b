// Package diag is how sitegen reports problems in a user's files.
//
// # Positioned errors
//
// Every problem that comes from a user's file is an *Error with the file's
// path (relative to the site folder, slash-separated) and, where it is known,
// the 1-based line. Its message reads "file:line: message", followed by a hint
// when one helps ("did you forget the closing ---?").
//
// # Lists
//
// A build collects every problem it finds into a List so that one run shows
// them all; List sorts them by file and line so the report is stable.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is a problem at a place in a user's file.
type Error struct {
	File string // path relative to the site folder, slash-separated
	Line int    // 1-based; 0 when the whole file is meant
	Msg  string
	Hint string
	Err  error // the underlying cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// At returns an Error at file:line with a formatted message. When the last
// argument is an error it becomes the wrapped cause.
func At(file string, line int, format string, args ...any) *Error {
	e := &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	if n := len(args); n > 0 {
		if err, ok := args[n-1].(error); ok {
			e.Err = err
		}
	}
	return e
}

// WithHint sets the hint and returns e.
func (e *Error) WithHint(h string) *Error { e.Hint = h; return e }

// List collects errors; the zero value is ready to use. It is not safe for
// concurrent use: callers that fan out gather into their own lists and Merge.
type List []error

// Add appends err unless it is nil; a List is flattened.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var sub List
	if errors.As(err, &sub) {
		*l = append(*l, sub...)
		return
	}
	*l = append(*l, err)
}

// Err returns nil for an empty list, else the sorted list itself.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Sort orders positioned errors by file and line, others last, keeping the
// original order between equals.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := pos(l[i]), pos(l[j])
		if (a == nil) != (b == nil) {
			return a != nil
		}
		if a == nil {
			return false
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

func pos(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Positions returns the positioned errors in err (a List or a single error),
// for the terminal and the browser overlay alike.
func Positions(err error) []*Error {
	if err == nil {
		return nil
	}
	var l List
	if !errors.As(err, &l) {
		l = List{err}
	}
	out := make([]*Error, 0, len(l))
	for _, e := range l {
		if p := pos(e); p != nil {
			out = append(out, p)
		} else {
			out = append(out, &Error{Msg: e.Error()})
		}
	}
	return out
}
