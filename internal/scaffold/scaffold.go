// Package scaffold writes a new site: the smallest site that builds, serves
// and shows how sitegen is used, for whoever sets up the next event's site.
//
// # What it writes
//
//	sitegen.toml            the languages given, the first the default, a main menu
//	templates/base.html     the page skeleton: lang, skip link, menu, language switcher
//	templates/list.html     every list page (home, sections, taxonomies, terms)
//	templates/single.html   every regular page
//	i18n/LANG.yaml          the templates' UI strings per language
//	content/_index.md       a home page per language (_index.zh.md, ...)
//	content/posts/          a section with an example page per language
//	archetypes/default.md   the front matter of sitegen new
//	static/css/style.css    a readable start
//
// # Rules
//
// Write refuses a folder that exists and is not empty, so nothing of the
// user's is overwritten; it makes the folder when it does not exist.
// Language codes are lower-case letters, digits and hyphens, each once.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

//go:embed skeleton
var skeleton embed.FS

// words are a language's texts in the new site; languages without their
// own get English.
type words struct {
	name, title, home, posts, postsIntro, hello, helloBody string
	ui                                                     map[string]string
}

var known = map[string]words{
	"en": {name: "English", title: "My event", home: "Welcome to the event's site.",
		posts: "Posts", postsIntro: "News from the event.",
		hello: "Hello", helloBody: "This is an example page. Edit `content/posts/hello.md`, or add a page with `sitegen new content/posts/NAME.md`.",
		ui: map[string]string{"skipToContent": "Skip to content", "mainMenu": "Main menu", "languages": "Languages", "readingTime": "{0} min read",
			"pages": "Pages", "previousPage": "Previous page", "nextPage": "Next page", "pageOf": "Page {0} of {1}"}},
	"zh": {name: "中文", title: "我的活动", home: "欢迎访问活动网站。",
		posts: "文章", postsIntro: "活动新闻。",
		hello: "你好", helloBody: "这是一个示例页面。编辑 `content/posts/hello.zh.md`，或用 `sitegen new content/posts/NAME.zh.md` 添加页面。",
		ui: map[string]string{"skipToContent": "跳到正文", "mainMenu": "主菜单", "languages": "语言", "readingTime": "阅读时间 {0} 分钟",
			"pages": "分页", "previousPage": "上一页", "nextPage": "下一页", "pageOf": "第 {0} 页，共 {1} 页"}},
	"ru": {name: "Русский", title: "Моё мероприятие", home: "Добро пожаловать на сайт мероприятия.",
		posts: "Публикации", postsIntro: "Новости мероприятия.",
		hello: "Привет", helloBody: "Это пример страницы. Измените `content/posts/hello.ru.md` или добавьте страницу командой `sitegen new content/posts/NAME.ru.md`.",
		ui: map[string]string{"skipToContent": "Перейти к содержанию", "mainMenu": "Главное меню", "languages": "Языки", "readingTime": "{0} мин. чтения",
			"pages": "Страницы", "previousPage": "Предыдущая страница", "nextPage": "Следующая страница", "pageOf": "Страница {0} из {1}"}},
}

var codeRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// Write makes a new site in dir with the languages (the first is the
// default); date is the example pages' date, as YYYY-MM-DD.
func Write(dir string, langs []string, date string) error {
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	seen := map[string]bool{}
	for _, l := range langs {
		if !codeRE.MatchString(l) {
			return fmt.Errorf("language %q: want a code such as en, zh or pt-br", l)
		}
		if seen[l] {
			return fmt.Errorf("language %q is given twice", l)
		}
		seen[l] = true
	}
	if err := checkEmpty(dir); err != nil {
		return err
	}
	files, err := Files(langs, date)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(files[name]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkEmpty refuses a folder with anything in it.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty; sitegen new site writes only into a new or empty folder", dir)
	}
	return nil
}

// Files are the new site's files by slash path.
func Files(langs []string, date string) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := skeleton.ReadFile(p)
		out[strings.TrimPrefix(p, "skeleton/")] = string(b)
		return err
	})
	if err != nil {
		return nil, err
	}
	out["sitegen.toml"] = configFile(langs)
	for i, l := range langs {
		w := wordsOf(l)
		suffix := ""
		if i > 0 {
			suffix = "." + l
		}
		out["content/_index"+suffix+".md"] = fmt.Sprintf("---\ntitle: %q\n---\n%s\n", w.title, w.home)
		out["content/posts/_index"+suffix+".md"] = fmt.Sprintf("---\ntitle: %q\n---\n%s\n", w.posts, w.postsIntro)
		out["content/posts/hello"+suffix+".md"] = fmt.Sprintf("---\ntitle: %q\ndate: %s\n---\n%s\n", w.hello, date, w.helloBody)
		out["i18n/"+l+".yaml"] = uiFile(w.ui)
	}
	return out, nil
}

func wordsOf(lang string) words {
	if w, ok := known[lang]; ok {
		return w
	}
	w := known["en"]
	w.name = lang
	return w
}

func configFile(langs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# sitegen's configuration: see README.md for every key.\n")
	fmt.Fprintf(&b, "title = %q\nbaseURL = \"https://example.org/\"   # the site's real address; sitegen build --base-url overrides it\n", wordsOf(langs[0]).title)
	fmt.Fprintf(&b, "defaultLanguage = %q\n", langs[0])
	fmt.Fprintf(&b, "\n[pagination]\npagerSize = 10   # pages per list page; pagerSize in a section's _index.md overrides it\n")
	for i, l := range langs {
		w := wordsOf(l)
		fmt.Fprintf(&b, "\n[languages.%s]\nlanguageName = %q\ntitle = %q\nweight = %d\n", l, w.name, w.title, i+1)
		if i > 0 {
			fmt.Fprintf(&b, "untranslated = \"fallback\"   # show the %s page where a translation is missing; \"omit\" leaves it out\n", langs[0])
		}
		fmt.Fprintf(&b, "[[languages.%s.menus.main]]\nname = %q\npageRef = \"/posts\"\nweight = 1\n", l, w.posts)
	}
	return b.String()
}

func uiFile(ui map[string]string) string {
	keys := make([]string, 0, len(ui))
	for k := range ui {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %q\n", k, ui[k])
	}
	return b.String()
}
