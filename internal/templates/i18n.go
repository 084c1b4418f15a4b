package templates

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
	sitefiles "github.com/sitegen/sitegen/internal/source" // templates has a type source
)

// Translations are the UI strings of i18n/LANG.{yaml,toml,json}: flat
// key: text maps, or Hugo's key: {other: text} form.
type Translations struct {
	def  string
	strs map[string]map[string]string
}

// LoadTranslations reads i18n/ from fsys; def is the fallback language.
func LoadTranslations(fsys fs.FS, def string) (*Translations, error) {
	t := &Translations{def: def, strs: map[string]map[string]string{}}
	var errs diag.List
	_, files, _, err := sitefiles.Walk(fsys, "i18n")
	if err != nil {
		return nil, err
	}
	for _, p := range files {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.At(p, 0, "%v", err))
			continue
		}
		v, err := sitefiles.DecodeData(p, src)
		if err != nil {
			errs.Add(err)
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			errs.Add(diag.At(p, 1, "want a map of key: text"))
			continue
		}
		lang := strings.TrimSuffix(path.Base(p), path.Ext(p))
		strs := map[string]string{}
		for k, v := range m {
			switch x := v.(type) {
			case string:
				strs[k] = x
			case map[string]any:
				strs[k] = fmt.Sprint(x["other"])
			default:
				strs[k] = fmt.Sprint(x)
			}
		}
		t.strs[lang] = strs
	}
	return t, errs.Err()
}

// T returns the text of key in lang, falling back to sitegen's own text
// in lang (see builtinStrings), the default language's, sitegen's in the
// default language and then to the key itself. "{0}", "{1}"... take the
// arguments.
func (t *Translations) T(lang, key string, args ...any) string {
	s, ok := "", false
	for _, m := range []map[string]string{t.strs[lang], builtinStrings[lang], t.strs[t.def], builtinStrings[t.def], builtinStrings["en"]} {
		if s, ok = m[key]; ok {
			break
		}
	}
	if !ok {
		return key
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	return s
}

// builtinStrings are the UI strings sitegen's own features need, in the
// languages it knows; a site's i18n files override them.
var builtinStrings = map[string]map[string]string{
	"en": {
		"untranslated": "This page has not been translated yet.",
		// The built-in search box (internal/search/assets/search.html).
		"searchLabel": "Search this site", "searchButton": "Search",
		"searchNoJS": "Search needs JavaScript. Without it, browse the sections:",
		"searchNone": "No results", "searchCount": "{0} results", "searchError": "Search failed",
	},
	"zh": {
		"untranslated": "本页尚未翻译。",
		"searchLabel":  "搜索本站", "searchButton": "搜索",
		"searchNoJS": "搜索需要 JavaScript。也可以浏览各栏目：",
		"searchNone": "没有找到结果", "searchCount": "共 {0} 个结果", "searchError": "搜索出错",
	},
	"ru": {
		"untranslated": "Эта страница ещё не переведена.",
		"searchLabel":  "Поиск по сайту", "searchButton": "Найти",
		"searchNoJS": "Для поиска нужен JavaScript. Без него смотрите разделы:",
		"searchNone": "Ничего не найдено", "searchCount": "Найдено: {0}", "searchError": "Ошибка поиска",
	},
}
