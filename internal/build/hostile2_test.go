package build

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// permalinkTitle is the base config with news pages named by their title.
const permalinkTitle = "baseURL = \"https://example.org/\"\ntitle = \"Hostile\"\n[permalinks]\nnews = \"/news/:title/\"\n"

// outputsConfig is the base config with a data-driven output.
func outputsConfig(data string) string {
	return "baseURL = \"https://example.org/\"\ntitle = \"Hostile\"\n[[outputs]]\ntemplate = \"event.ics\"\npath = \"programme/:id.ics\"\ndata = \"" + data + "\"\n"
}

const eventTemplate = "BEGIN:VEVENT\nUID:{{ .Item.id }}\nEND:VEVENT\n"

// TestHostileInputsSecondRound: the second round of careless and hostile
// input. Every error names the file a person must edit, with the line
// where there is one (runHostile checks that each error has a file, that
// a failed build writes nothing and that the site folder is untouched).
func TestHostileInputsSecondRound(t *testing.T) {
	long := strings.Repeat("x", 300)
	cases := []hostileCase{
		// Output paths no file system can hold: the error is at the key
		// that makes the path, never at the staging folder.
		{name: "slug too long", files: map[string]string{"content/a.md": "---\nslug: " + long + "\n---\n"},
			want: []string{"content/a.md:2:", "300 bytes", "up to 255"}},
		{name: "url name too long", files: map[string]string{"content/a.md": "---\ntitle: A\nurl: /ok/" + long + "/\n---\n"},
			want: []string{"content/a.md:3:", "300 bytes"}},
		{name: "url file name too long", files: map[string]string{"content/a.md": "---\nurl: /" + long + ".html\n---\n"},
			want: []string{"content/a.md:2:", "305 bytes"}},
		{name: "title too long through a permalink", files: map[string]string{"sitegen.toml": permalinkTitle,
			"content/news/a.md": "---\ndate: 2020-01-01\ntitle: " + strings.Repeat("Word ", 60) + "\n---\n"},
			want: []string{"content/news/a.md:3:", "299 bytes"}},
		{name: "chinese title too long through a permalink", files: map[string]string{"sitegen.toml": permalinkTitle,
			"content/news/a.md": "---\ntitle: " + strings.Repeat("论坛", 45) + "\n---\n"},
			want: []string{"content/news/a.md:2:", "270 bytes"}},
		{name: "term too long", files: map[string]string{"content/a.md": "---\ntitle: A\ntags:\n  - ok\n  - " + long + "\n---\n",
			"content/b.md": "---\ntitle: B\ntags: [" + long + "]\n---\n", "templates/term.html": "{{ .Title }}"},
			want: []string{"content/a.md:3:", "the term page", "300 bytes"}},
		{name: "alias too long", files: map[string]string{"content/a.md": "---\ntitle: A\naliases: [/old/" + long + "/]\n---\n"},
			want: []string{"content/a.md:3:", "alias", "300 bytes"}},
		{name: "url path too long as a whole", files: map[string]string{"content/a.md": "---\nurl: /" + strings.Repeat(strings.Repeat("y", 200)+"/", 16) + "\n---\n"},
			want: []string{"content/a.md:2:", "bytes long"}},
		{name: "url holds NUL", files: map[string]string{"content/a.md": "---\ntitle: A\nurl: \"/a\\0b/\"\n---\n"},
			want: []string{"content/a.md:3:", "U+0000"}},
		{name: "url holds a line feed, toml", files: map[string]string{"content/a.md": "+++\nurl = \"/a\\nb/\"\n+++\n"},
			want: []string{"content/a.md:2:", "U+000A"}},
		{name: "url holds DEL", files: map[string]string{"content/a.md": "---\nurl: \"/a\\x7fb/\"\n---\n"},
			want: []string{"content/a.md:2:", "U+007F"}},
		{name: "alias holds a control character", files: map[string]string{"content/a.md": "---\naliases: [\"/old\\tpath/\"]\n---\n"},
			want: []string{"content/a.md:2:", "alias", "U+0009"}},
		{name: "slug of 255 bytes builds", files: map[string]string{"content/a.md": "---\nslug: " + strings.Repeat("z", 255) + "\n---\n"},
			check: func(t *testing.T, out map[string][]byte) {
				mustContain(t, out, strings.Repeat("z", 255)+"/index.html", "<h1>")
			}},

		// Sections whose folders differ in letter case only.
		{name: "sections differ in case", files: map[string]string{"content/News/a.md": "---\ntitle: A\n---\n", "content/news/b.md": "---\ntitle: B\n---\n"},
			want: []string{"the section of content/News/ and the section of content/news/ both claim the URL /news/", "content/News/:"}},
		{name: "section index and folder differ in case", files: map[string]string{"content/News/_index.md": "---\ntitle: News\n---\n", "content/news/b.md": "---\ntitle: B\n---\n"},
			want: []string{"content/News/_index.md", "content/news/", "/news/"}},
		{name: "nested sections differ in case", files: map[string]string{"content/a/B/x.md": "---\ntitle: X\n---\n", "content/a/b/y.md": "---\ntitle: Y\n---\n"},
			want: []string{"content/a/B/", "content/a/b/", "/a/b/"}},
		{name: "cyrillic sections differ in case", files: map[string]string{"content/Новости/x.md": "---\ntitle: X\n---\n", "content/новости/y.md": "---\ntitle: Y\n---\n"},
			want: []string{"content/Новости/", "content/новости/"}},

		// Two pages of one language with one translationKey.
		{name: "translationKey twice in one language", files: map[string]string{
			"content/a.md": "---\ntitle: A\ntranslationKey: same\n---\n", "content/b.md": "---\ntitle: B\n\ntranslationKey: same\n---\n"},
			want: []string{"content/b.md:4: content/a.md and content/b.md both have translationKey \"same\" in language en"}},
		{name: "translationKey three times, toml", files: map[string]string{
			"content/a.md": "+++\ntranslationKey = \"k\"\n+++\n", "content/b.md": "+++\ntranslationKey = \"k\"\n+++\n", "content/c.md": "+++\ntitle = \"C\"\ntranslationKey = \"k\"\n+++\n"},
			want: []string{"content/b.md:2: content/a.md and content/b.md", "content/c.md:3: content/a.md and content/c.md"}},
		{name: "translationKey across languages builds", files: map[string]string{
			"sitegen.toml": "baseURL = \"https://example.org/\"\n[languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n",
			"content/a.md": "---\ntitle: A\ntranslationKey: same\n---\n", "content/b.ru.md": "---\ntitle: B\ntranslationKey: same\n---\n",
			"templates/page.html": "{{ range .Translations }}<a hreflang=\"{{ .Lang }}\" href=\"{{ .RelPermalink }}\">{{ end }}"},
			check: func(t *testing.T, out map[string][]byte) {
				mustContain(t, out, "a/index.html", `hreflang="ru" href="/ru/b/"`)
			}},

		// Data-driven outputs: every id a string that names a file, and no
		// two alike; errors at the data file's item.
		{name: "item without id", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: one\n  - title: no id\n    start: x\n"},
			want: []string{"data/program.yaml:3: program.events item 2: has no id"}},
		{name: "item with an empty id", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: \"\"\n"},
			want: []string{"data/program.yaml:2: program.events item 1: id \"\" gives no file name"}},
		{name: "item with a null id", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: ~\n"},
			want: []string{"data/program.yaml:2:", "has no id"}},
		{name: "ids that are not strings", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: 7\n  - id: [a]\n  - id: {a: 1}\n  - id: true\n"},
			want: []string{"data/program.yaml:2: program.events item 1: id is 7, a int", "data/program.yaml:3:", "data/program.yaml:4:", "data/program.yaml:5:", "must be a string"}},
		{name: "dot-only and punctuation ids", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: ..\n  - id: .\n  - id: \"...\"\n  - id: \"!?\"\n  - id: \" \"\n"},
			want: []string{"data/program.yaml:2: program.events item 1: id \"..\" gives no file name", "data/program.yaml:3:", "data/program.yaml:4:", "data/program.yaml:5:", "data/program.yaml:6:"}},
		{name: "ids differing in case", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: Opening\n  - id: x\n  - id: opening\n"},
			want: []string{"data/program.yaml:4: program.events item 3: writes programme/opening.ics, as item 1 (line 2) does"}},
		{name: "ids equal once urlized", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: a b\n  - id: a-b\n"},
			want: []string{"data/program.yaml:3:", "item 2", "as item 1"}},
		{name: "ids in json", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.json": "{\"events\": [\n  {\"id\": \"a\"},\n  {\"id\": 2}\n]}\n"},
			want: []string{"data/program.json:3: program.events item 2: id is 2"}},
		{name: "ids in toml", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.toml": "[[events]]\nid = \"a\"\n[[events]]\ntitle = \"none\"\n"},
			want: []string{"data/program.toml: program.events item 2: has no id"}},
		{name: "ids in a nested data file", files: map[string]string{"sitegen.toml": outputsConfig("forum.program.events"), "templates/event.ics": eventTemplate,
			"data/forum/program.yaml": "events:\n  - id: \"..\"\n"},
			want: []string{"data/forum/program.yaml:2: forum.program.events item 1"}},
		{name: "good ids build", files: map[string]string{"sitegen.toml": outputsConfig("program.events"), "templates/event.ics": eventTemplate,
			"data/program.yaml": "events:\n  - id: Opening Day\n  - id: 快速支付\n  - id: v1.2\n"},
			check: func(t *testing.T, out map[string][]byte) {
				for _, f := range []string{"programme/opening-day.ics", "programme/快速支付.ics", "programme/v1.2.ics"} {
					if _, ok := out[f]; !ok {
						t.Errorf("%s not written; have %v", f, slices.Sorted(maps.Keys(out)))
					}
				}
			}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			runHostile(t, tc)
		})
	}
}

// TestSiteFilesWinOverGenerated: a site's own robots.txt, sitemap, 404
// pages, syntax stylesheet and favicon, from static/ or copied from
// content/, are what the output holds; generated ones give way. robots.txt
// can be switched off. Pages and static files that clash stay an error
// (err-static-conflict).
func TestSiteFilesWinOverGenerated(t *testing.T) {
	multi := "baseURL = \"https://example.org/\"\n[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n"
	page404 := "templates/404.html"
	has := func(file, text string) func(t *testing.T, out map[string][]byte) {
		return func(t *testing.T, out map[string][]byte) { mustContain(t, out, file, text) }
	}
	lacks := func(file string) func(t *testing.T, out map[string][]byte) {
		return func(t *testing.T, out map[string][]byte) {
			if _, ok := out[file]; ok {
				t.Errorf("%s was written:\n%s", file, out[file])
			}
		}
	}
	cases := []hostileCase{
		{name: "own robots.txt", files: map[string]string{"static/robots.txt": "User-agent: *\nDisallow: /private/\n"},
			check: has("robots.txt", "Disallow: /private/")},
		{name: "own robots.txt from content", files: map[string]string{"content/robots.txt": "User-agent: *\nDisallow: /c/\n"},
			check: has("robots.txt", "Disallow: /c/")},
		{name: "own sitemap", files: map[string]string{"static/sitemap.xml": "<urlset>mine</urlset>\n"},
			check: has("sitemap.xml", "mine")},
		{name: "own 404 page", files: map[string]string{"static/404.html": "<p>my own 404</p>", page404: "generated 404"},
			check: has("404.html", "my own 404")},
		{name: "own 404 page in one language", files: map[string]string{"sitegen.toml": multi, "content/_index.zh.md": "---\ntitle: 首页\n---\n",
			"static/zh/404.html": "<p>我的 404</p>", page404: "generated {{ .Lang }} 404"},
			check: func(t *testing.T, out map[string][]byte) {
				mustContain(t, out, "zh/404.html", "我的 404")
				mustContain(t, out, "404.html", "generated en 404")
			}},
		{name: "own syntax stylesheet", files: map[string]string{"static/css/syntax.css": "/* mine */"},
			check: has("css/syntax.css", "/* mine */")},
		{name: "own favicon", files: map[string]string{"static/favicon.ico": "ICO", "static/favicon.svg": "<svg/>"},
			check: has("favicon.ico", "ICO")},
		{name: "robots switched off", files: map[string]string{"sitegen.toml": "baseURL = \"https://example.org/\"\n[generate]\nrobots = false\n"},
			check: lacks("robots.txt")},
		{name: "robots switched on", files: map[string]string{"sitegen.toml": "baseURL = \"https://example.org/\"\n[generate]\nrobots = true\n"},
			check: has("robots.txt", "Sitemap: https://example.org/sitemap.xml")},
		{name: "generate has no such key", files: map[string]string{"sitegen.toml": "baseURL = \"https://example.org/\"\n[generate]\nrobot = false\n"},
			want: []string{"sitegen.toml:3:", "robot"}},
		{name: "page and static file still clash", files: map[string]string{"content/about.md": "---\ntitle: About\n---\n", "static/about/index.html": "x"},
			want: []string{"content/about.md and static/about/index.html both write about/index.html"}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			runHostile(t, tc)
		})
	}
}
