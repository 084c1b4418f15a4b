package content

import (
	"math"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
)

// Reading speeds by script, in words a minute (characters for CJK): the
// rates reading-time estimates commonly use for a page read with care,
// a little under adults' silent reading of plain prose (Hugo uses 213
// words a minute for every script). A site sets its own per language with
// readingSpeed.
const (
	SpeedLatin    = 200
	SpeedCyrillic = 180
	SpeedCJK      = 400
)

// Script names the script a language is mostly written in, which its
// readingSpeed sets: "cjk" for Chinese, Japanese and Korean, "cyrillic"
// for Russian and its neighbours, else "latin" (every spaced script).
func Script(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "zh", "ja", "ko":
		return "cjk"
	case "ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg":
		return "cyrillic"
	}
	return "latin"
}

// ReadingTime is the minutes a page of the language takes to read, rounded
// up: each script at its own rate, so that English names on a Chinese page
// count as words and Chinese characters on an English page as characters
// (Hugo counts a mixed page at one rate, gohugoio/hugo#10031). The
// language's readingSpeed replaces the rate of its own script. words is
// every word, of which cyrillic are Cyrillic words and cjk CJK characters.
func ReadingTime(l *config.Language, words, cyrillic, cjk int) int {
	if words == 0 {
		return 0
	}
	rates := [3]int{SpeedLatin, SpeedCyrillic, SpeedCJK}
	if l != nil && l.ReadingSpeed > 0 {
		rates[map[string]int{"latin": 0, "cyrillic": 1, "cjk": 2}[Script(l.Code)]] = l.ReadingSpeed
	}
	counts := [3]int{words - cyrillic - cjk, cyrillic, cjk}
	minutes := 0.0
	for i, n := range counts {
		minutes += float64(n) / float64(rates[i])
	}
	return max(1, int(math.Ceil(minutes-1e-9)))
}
