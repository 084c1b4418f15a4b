package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseDefaults(t *testing.T) {
	c, err := Parse([]byte(`title = "T"` + "\n" + `baseURL = "https://host/forum"`))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://host/forum/" || c.BasePath() != "/forum" {
		t.Errorf("base URL %q path %q", c.BaseURL, c.BasePath())
	}
	if c.DefaultLanguage != "en" || len(c.LanguageList) != 1 || c.LanguageList[0].Title != "T" {
		t.Errorf("languages: %+v", c.LanguageList)
	}
	if c.Taxonomies["tag"] != "tags" {
		t.Errorf("taxonomies %v", c.Taxonomies)
	}
}

func TestLanguagesOrder(t *testing.T) {
	c, err := Parse([]byte(`
defaultLanguage = "ru"
[languages.en]
weight = 1
[languages.zh]
weight = 2
languageName = "中文"
[languages.ru]
weight = 3
[[languages.ru.menus.main]]
name = "О форуме"
pageRef = "/about"
weight = 1
`))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range c.LanguageList {
		codes = append(codes, l.Code)
	}
	if got := strings.Join(codes, ","); got != "ru,en,zh" {
		t.Errorf("order %s", got)
	}
	if c.LangPrefix("ru") != "" || c.LangPrefix("zh") != "/zh" {
		t.Error("prefixes")
	}
	if m := c.Languages["ru"].Menus["main"]; len(m) != 1 || m[0].PageRef != "/about" {
		t.Errorf("menu %+v", m)
	}
}

func TestUnknownKeysNamed(t *testing.T) {
	_, err := Parse([]byte("title = \"x\"\n\n[markup]\nunsafee = true\n[languages.en]\ntitel = \"y\"\n"))
	if err == nil {
		t.Fatal("want error")
	}
	msg := err.Error()
	for _, want := range []string{`sitegen.toml:4: unknown key "markup.unsafee"`, `sitegen.toml:6: unknown key "languages.en.titel"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestSyntaxErrorLine(t *testing.T) {
	_, err := Parse([]byte("title = \"x\"\nbaseURL = \n"))
	if err == nil || !strings.HasPrefix(err.Error(), "sitegen.toml:2:") {
		t.Errorf("got %v", err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if err == nil || !strings.Contains(err.Error(), "sitegen.toml: not found") {
		t.Errorf("got %v", err)
	}
}

func TestDefaultLanguageWithoutTable(t *testing.T) {
	_, err := Parse([]byte("defaultLanguage = \"de\"\n[languages.en]\n"))
	if err == nil || !strings.Contains(err.Error(), `"de"`) {
		t.Errorf("got %v", err)
	}
}

func TestHighlightEngine(t *testing.T) {
	for _, tc := range []struct {
		src, want, err string
	}{
		{src: "title = \"x\"\n", want: EngineLex},
		{src: "[markup.highlight]\nengine = \"lex\"\n", want: EngineLex},
		{src: "[markup.highlight]\nstyle = \"github\"\nengine = \"chroma\"\n", want: EngineChroma},
		{src: "title = \"x\"\n[markup.highlight]\nstyle = \"github\"\n\nengine = \"pygments\"\n",
			err: `sitegen.toml:5: [markup.highlight] engine "pygments" is not one of "lex", "chroma"`},
		{src: "[markup.highlight]\nengine = 1\n", err: `sitegen.toml: [markup.highlight] engine "1"`},
	} {
		c, err := Parse([]byte(tc.src))
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("%q: got error %v, want %s", tc.src, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
		} else if got := c.Markup.Highlight.Engine.String(); got != tc.want {
			t.Errorf("%q: engine %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestLanguageSettings(t *testing.T) {
	c, err := Parse([]byte("[languages.en]\n[languages.zh]\nuntranslated = \"fallback\"\nreadingSpeed = 300\n"))
	if err != nil {
		t.Fatal(err)
	}
	if en, zh := c.Languages["en"], c.Languages["zh"]; en.Untranslated != UntranslatedOmit || zh.Untranslated != UntranslatedFallback || zh.ReadingSpeed != 300 {
		t.Errorf("en %+v zh %+v", en, zh)
	}
	for _, tc := range []struct{ src, want string }{
		{"[languages.en]\n[languages.zh]\nweight = 2\nuntranslated = \"english\"\n",
			`sitegen.toml:4: [languages.zh] untranslated = "english": want "omit" or "fallback"`},
		{"[languages.en]\nreadingSpeed = -5\n", `sitegen.toml:2: [languages.en] readingSpeed = -5: want a positive number`},
	} {
		if _, err := Parse([]byte(tc.src)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
}

func TestSearchKey(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
		err  string
	}{
		{"", false, ""},
		{"[search]\nenabled = true\n", true, ""},
		{"[search]\nenabled = true\nshards = 4\n", false, `sitegen.toml:3: unknown key "search.shards"`},
	} {
		conf, err := Parse([]byte(c.src))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %s", c.src, err, c.err)
			}
			continue
		}
		if err != nil || conf.Search.Enabled != c.want {
			t.Errorf("%q: enabled %v (%v), want %v", c.src, conf != nil && conf.Search.Enabled, err, c.want)
		}
	}
}
