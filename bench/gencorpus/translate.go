package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// With -translate N, gencorpus also writes a Chinese and a Russian page for
// each of the first N pages (page-NNNNN.zh.md, page-NNNNN.ru.md, prose in
// that language only), turns the site multilingual with [search] enabled
// and a search page per language, and plants known phrases: each query of
// queries.json has 3-5 pages that hold its phrase (its answers) and 12 that
// hold the phrase's words apart and in reverse order (distractors).
// Without the flag nothing of this happens and the output is as before.

// plant is a phrase to plant and the query whose answers are the pages
// that hold it. Words are the phrase's words; a Chinese phrase is written
// without spaces.
type plant struct {
	words []string
	query string
	kind  string
}

var plants = map[string][]plant{
	"zh": {
		{strings.Fields("微信 支付 开通 了 俄罗斯 卢布 结算"), "支付开通了俄", "substring"},
		{strings.Fields("腾讯 总部 位于 广州市 天河区 珠江 新城"), "天河区珠江新", "substring"},
		{strings.Fields("俄罗斯 塔斯社 记者 参观 了 南方 报业 集团"), "斯社记者参观", "substring"},
		{strings.Fields("跨境 电子 商务 平台 推出 了 新的 物流 服务"), "商务平台推出", "substring"},
		{strings.Fields("人民 日报 与 俄罗斯 报纸 签署 了 合作 协议"), "报纸签署了合作", "substring"},
		{strings.Fields("广州 地铁 三号线 连接 白云 国际 机场"), "三号线连接白云", "substring"},
		{strings.Fields("中俄 两国 青年 记者 共同 完成 了 纪录片 拍摄"), "共同完成了纪录", "substring"},
		{strings.Fields("论坛 期间 发布 了 互联网 媒体 合作 白皮书"), "布了互联网媒体", "substring"},
		{strings.Fields("莫斯科 国立 大学 的 学者 介绍 了 数字 出版 经验"), "学者介绍了数字", "substring"},
		{strings.Fields("短视频 应用 在 俄罗斯 年轻人 中 迅速 普及"), "在俄罗斯年轻人", "substring"},
		{strings.Fields("俄罗斯 用户 通过 WeChat 分享 论坛 照片"), "通过WeChat分享", "mixed"},
		{strings.Fields("华为 手机 在 莫斯科 门店 销量 增长"), "手机在莫斯科门店", "substring"},
	},
	"ru": {
		{strings.Fields("платёжная система «Мир» заработала в Китае"), "платежной системы", "inflection"},
		{strings.Fields("цифровые медиа развиваются быстро"), "цифровых медиа", "inflection"},
		{strings.Fields("журналисты посетили штаб-квартиру компании"), "журналист посетил штаб-квартиру", "inflection"},
		{strings.Fields("соглашение о сотрудничестве подписано в Гуанчжоу"), "соглашения о сотрудничестве", "inflection"},
		{strings.Fields("мобильные платежи набирают популярность"), "мобильных платежей", "inflection"},
		{strings.Fields("телеканал RT показал репортаж"), "телеканала RT", "inflection"},
		{strings.Fields("выставка электронной коммерции открылась"), "выставки электронной коммерции", "inflection"},
		{strings.Fields("студенты изучают китайский язык"), "студентов изучающих китайский", "inflection"},
		{strings.Fields("новостное агентство ТАСС сообщило"), "агентства ТАСС", "name"},
		{strings.Fields("беспилотные автомобили испытывают на дорогах"), "беспилотных автомобилей", "inflection"},
		{strings.Fields("ледокол прошёл Северным морским путём"), "ледоколы северного пути", "inflection"},
		{strings.Fields("ёлка на Красной площади"), "елки красная площадь", "inflection"},
	},
	"en": {
		{strings.Fields("payment processors expanded"), "payment processor", "stem"},
		{strings.Fields("Liu Zheng reported from Guangzhou"), "Liu Zheng", "name"},
		{strings.Fields("cross-border logistics networks"), "logistic networking", "stem"},
		{strings.Fields("the delegation visited Tencent headquarters"), "Tencent headquarter", "stem"},
		{strings.Fields("broadcasters negotiated distribution agreements"), "broadcaster agreement", "stem"},
		{strings.Fields("Zhu Xingxin photographed the exhibition"), "Zhu Xingxin", "name"},
		{strings.Fields("satellite imagery startups flourished"), "satellite startup", "stem"},
		{strings.Fields("pharmaceutical regulators approved"), "pharmaceutical regulation", "stem"},
		{strings.Fields("Café Pushkin hosted journalists"), "cafe pushkin", "name"},
		{strings.Fields("volcanic eruptions were monitored"), "volcanic eruption monitoring", "stem"},
		{strings.Fields("renewable energy cooperatives"), "renewable energy cooperative", "stem"},
		{strings.Fields("Rostelecom engineers upgraded"), "Rostelecom engineer", "name"},
	},
}

// Query is a line of queries.json.
type Query struct {
	Lang    string   `json:"lang"`
	Query   string   `json:"query"`
	Kind    string   `json:"kind"`
	Answers []string `json:"answers"` // site paths of the pages holding the phrase
}

// planting says which phrases go into which page of each language.
type planting struct {
	seed    uint64
	pages   map[string]int              // lang -> how many pages it has
	phrases map[string]map[int][]string // lang -> page -> paragraphs to add
	queries []Query
}

func newPlanting(seed uint64, pages, translated int) *planting {
	pl := &planting{seed: seed, pages: map[string]int{"en": pages, "zh": translated, "ru": translated},
		phrases: map[string]map[int][]string{}}
	for _, lang := range []string{"en", "zh", "ru"} {
		pl.phrases[lang] = map[int][]string{}
		for k, p := range plants[lang] {
			sep := " "
			if lang == "zh" {
				sep = ""
			}
			phrase, apart := strings.Join(p.words, sep), reversed(p.words, lang)
			q := Query{Lang: lang, Query: p.query, Kind: p.kind}
			seen := map[int]bool{}
			for j := 0; j < 3+k%3+12; j++ {
				i := pl.pick(lang, k, j, seen)
				if j < 3+k%3 {
					pl.phrases[lang][i] = append(pl.phrases[lang][i], phrase)
					q.Answers = append(q.Answers, langPrefix(lang)+pageURL(i, seed))
				} else {
					pl.phrases[lang][i] = append(pl.phrases[lang][i], apart)
				}
			}
			pl.queries = append(pl.queries, q)
		}
	}
	return pl
}

// pick is a page of lang not yet seen for this phrase.
func (pl *planting) pick(lang string, k, j int, seen map[int]bool) int {
	n := pl.pages[lang]
	for salt := uint64(0); ; salt++ {
		h := splitmix(pl.seed ^ uint64(len(lang))<<56 ^ uint64(lang[0])<<48 ^ uint64(k)<<32 ^ uint64(j)<<8 ^ salt<<20)
		i := 1 + int(h%uint64(n))
		if !seen[i] || len(seen) >= n {
			seen[i] = true
			return i
		}
	}
}

// reversed is a phrase's words apart, last first: every word, no run.
func reversed(words []string, lang string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[len(words)-1-i] = w
	}
	if lang == "zh" {
		return strings.Join(out, "，另外，")
	}
	return strings.Join(out, ", and also ")
}

func langPrefix(lang string) string {
	if lang == "en" {
		return ""
	}
	return "/" + lang
}

// addPhrases appends page i's planted paragraphs in lang to b.
func (pl *planting) addPhrases(b *bytes.Buffer, lang string, i int) {
	if pl == nil {
		return
	}
	for _, p := range pl.phrases[lang][i] {
		if lang == "zh" {
			fmt.Fprintf(b, "%s。\n\n", p)
		} else {
			r, n := utf8.DecodeRuneInString(p)
			fmt.Fprintf(b, "%c%s.\n\n", unicode.ToUpper(r), p[n:])
		}
	}
}

// translated writes page i in lang (zh or ru): prose, headings and a list
// in that language only, and its planted phrases.
func (pl *planting) translated(dir string, i int, lang string, b *bytes.Buffer) error {
	b.Reset()
	g := gen{r: rand.New(rand.NewPCG(pl.seed^uint64(lang[0])<<40, uint64(i))), n: pl.pages[lang], seed: pl.seed, b: b}
	words := map[string][]string{"zh": zhWords, "ru": ruWords}[lang]
	sep := map[string]string{"zh": "", "ru": " "}[lang]
	date := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.IntN(4*365*24*4)) * 15 * time.Minute)
	fmt.Fprintf(b, "---\ntitle: \"%s%s%s %05d\"\ndate: %s\n---\n\n", g.pick(words), sep, g.pick(words), i, date.Format(time.RFC3339))
	target := g.between(350, 600)
	for g.words < target {
		if g.r.IntN(3) == 0 {
			fmt.Fprintf(b, "## %s%s%s\n\n", g.pick(words), sep, g.pick(words))
		}
		g.para(lang, false)
	}
	pl.addPhrases(b, lang, i)
	return os.WriteFile(filepath.Join(dir, "content", strings.TrimSuffix(pagePath(i, pl.seed), ".md")+"."+lang+".md"), b.Bytes(), 0o644)
}

// writeMultilingual writes the translations, the search pages, the
// configuration and queries.json.
func (pl *planting) writeMultilingual(dir string) error {
	var b bytes.Buffer
	for _, lang := range []string{"zh", "ru"} {
		for i := 1; i <= pl.pages[lang]; i++ {
			if err := pl.translated(dir, i, lang, &b); err != nil {
				return err
			}
		}
	}
	for _, s := range sections {
		for lang, title := range map[string]string{"zh": "栏目 " + s.title, "ru": "Раздел " + s.title} {
			idx := fmt.Sprintf("---\ntitle: %q\n---\n", title)
			if err := writeFile(filepath.Join(dir, "content", s.name, "_index."+lang+".md"), []byte(idx)); err != nil {
				return err
			}
		}
	}
	files := map[string]string{
		"content/_index.zh.md":          "---\ntitle: \"基准\"\n---\n",
		"content/_index.ru.md":          "---\ntitle: \"Тест\"\n---\n",
		"content/search.md":             "---\ntitle: \"Search\"\nlayout: search\n---\n",
		"content/search.zh.md":          "---\ntitle: \"搜索\"\nlayout: search\n---\n",
		"content/search.ru.md":          "---\ntitle: \"Поиск\"\nlayout: search\n---\n",
		"templates/search.html":         "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ partial \"search.html\" . }}{{ end }}\n",
		"static/pagefind-bench/en.html": pagefindPage("en"),
		"static/pagefind-bench/zh.html": pagefindPage("zh"),
		"static/pagefind-bench/ru.html": pagefindPage("ru"),
	}
	for name, text := range files {
		if err := writeFile(filepath.Join(dir, name), []byte(text)); err != nil {
			return err
		}
	}
	// Pages say their language, for Pagefind to index them apart.
	base := filepath.Join(dir, "templates", "base.html")
	src, err := os.ReadFile(base)
	if err != nil {
		return err
	}
	if err := os.WriteFile(base, bytes.Replace(src, []byte(`<html lang="en">`), []byte(`<html lang="{{ .Lang }}">`), 1), 0o644); err != nil {
		return err
	}
	conf := filepath.Join(dir, "sitegen.toml")
	src, err = os.ReadFile(conf)
	if err != nil {
		return err
	}
	src = append(src, "\n[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n[languages.ru]\nweight = 3\n\n[search]\nenabled = true\n"...)
	if err := os.WriteFile(conf, src, 0o644); err != nil {
		return err
	}
	q, _ := json.MarshalIndent(pl.queries, "", "  ")
	return os.WriteFile(filepath.Join(dir, "queries.json"), append(q, '\n'), 0o644)
}

// pagefindPage is the page the bench loads to query Pagefind through its
// JavaScript API in a language (static/ is copied as is).
func pagefindPage(lang string) string {
	return `<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">window.pagefind = await import("/pagefind/pagefind.js"); window.pagefindReady = true;</script>
</body></html>
`
}
