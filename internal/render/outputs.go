package render

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/dataitems"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/templates"
)

// OutputData is what an [[outputs]] template sees.
type OutputData struct {
	Site  *templates.SiteView
	Page  *templates.Page // the language's home page
	Item  any             // the data item, for outputs with data
	Items []any           // every data item
	Lang  string
}

// outputs renders the config's [[outputs]]: once per language, or once per
// language and data item.
func (r *Renderer) Outputs() error {
	var errs diag.List
	for _, o := range r.Site.Config.Outputs {
		items := []dataitems.Item{{Path: o.Path}}
		var all []any
		if o.Data != "" && len(r.Site.Sites.Langs) > 0 {
			var err error
			if items, err = dataitems.List(r.Opts.FS, r.Site.Sites.Langs[0].Data, o); err != nil {
				errs.Add(err)
				continue
			}
			for _, it := range items {
				all = append(all, it.Value)
			}
		}
		for _, s := range r.Site.Sites.Langs {
			t := r.Site.Templates.Set(s.Language.Code).Text(o.Template)
			if t == nil {
				errs.Add(diag.At("sitegen.toml", 0, "[[outputs]] template %q: no such file templates/%s", o.Template, o.Template).
					WithHint("output templates must not end in .html"))
				break
			}
			for _, it := range items {
				var b bytes.Buffer
				tr := templates.NewTracker().WithBodies(r.Views)
				d := OutputData{Site: tr.Site(s), Page: tr.Page(s.Home), Item: it.Value, Items: all, Lang: s.Language.Code}
				if err := t.Execute(&b, d); err != nil {
					errs.Add(templates.Error(err))
					continue
				}
				p := strings.TrimPrefix(s.LanguagePrefix+"/"+it.Path, "/")
				data := b.Bytes()
				if path.Ext(p) == ".ics" {
					data = ICalendar(data)
				}
				errs.Add(r.Out.Write(p, data, "templates/"+o.Template))
			}
		}
	}
	return errs.Err()
}

// ICalendar makes template output into RFC 5545 content lines: CRLF line
// ends, no empty lines, and lines folded at 75 octets without splitting a
// UTF-8 character.
func ICalendar(src []byte) []byte {
	var b bytes.Buffer
	for _, line := range strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			continue
		}
		limit := 75
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut])
			b.WriteString("\r\n ")
			line = line[cut:]
			limit = 74 // the leading space counts
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return b.Bytes()
}
