package resources

import "testing"

// TestMinifyHTML: what the HTML minifier drops (all of it optional in the
// HTML standard) and what it keeps.
func TestMinifyHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"optional start and end tags", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>T</title>\n</head>\n<body>\n<p>One</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</body>\n</html>\n",
			"<!doctype html><html lang=en><title>T</title><p>One<ul><li>a<li>b</ul>"},
		{"a body with attributes keeps its tag", "<html><head><title>T</title></head><body class=\"x\"><p>a</p></body></html>",
			"<title>T</title><body class=x><p>a"},
		{"JSON-LD", "<script type=\"application/ld+json\">\n{\n  \"@type\": \"Event\",\n  \"name\": \"A  b\"\n}\n</script>",
			`<script type=application/ld+json>{"@type":"Event","name":"A  b"}</script>`},
		{"JSON-LD keeps its escapes", `<script type="application/ld+json">{"a": "\u003c/script\u003e"}</script>`,
			`<script type=application/ld+json>{"a":"\u003c/script\u003e"}</script>`},
		{"a script cannot be closed early", `<script>var a = "\u003c/script\u003e";</script>`, `<script>var a="<\/script>"</script>`},
		{"inline SVG", "<svg viewBox=\"0 0 10 10\">\n  <rect width=\"10.000\" height=\"10\"/>\n</svg>",
			`<svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`},
		{"inline style and script", "<style>\np { color : #ff0000 ; }\n</style><script>\nvar a = 1 ;\n</script>",
			"<style>p{color:red}</style><script>var a=1</script>"},
		{"entities and quotes", "<a href=\"/a&#43;b/\" title=\"a b\">x</a>", `<a href=/a+b/ title="a b">x</a>`},
		{"pre keeps its whitespace", "<pre>a\n  b</pre>", "<pre>a\n  b</pre>"},
	}
	m := NewMinifier()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := m.Bytes("text/html", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
