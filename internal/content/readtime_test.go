package content

import (
	"testing"

	"github.com/sitegen/sitegen/internal/config"
)

func TestReadingTime(t *testing.T) {
	en, ru, zh := &config.Language{Code: "en"}, &config.Language{Code: "ru"}, &config.Language{Code: "zh"}
	fastZH := &config.Language{Code: "zh", ReadingSpeed: 800}
	for _, tc := range []struct {
		name                 string
		lang                 *config.Language
		words, cyrillic, cjk int
		want                 int
	}{
		{"empty", en, 0, 0, 0, 0},
		{"one word", en, 1, 0, 0, 1},
		{"en 200 words", en, 200, 0, 0, 1},
		{"en 201 words", en, 201, 0, 0, 2},
		{"en 1000 words", en, 1000, 0, 0, 5},
		{"ru 180 words", ru, 180, 180, 0, 1},
		{"ru 900 words", ru, 900, 900, 0, 5},
		{"zh 400 characters", zh, 400, 0, 400, 1},
		{"zh 2000 characters", zh, 2000, 0, 2000, 5},
		{"zh 2000 characters at 800", fastZH, 2000, 0, 2000, 3},
		// A Chinese page with 400 English words: 1 minute of Chinese and 2
		// of English, where one rate for all would give 2 or 6.
		{"mixed zh+en", zh, 800, 0, 400, 3},
		// An English page quoting Russian: 200/200 + 360/180 = 3.
		{"mixed en+ru", en, 560, 360, 0, 3},
		// All three scripts: 100/200 + 90/180 + 400/400 = 2.
		{"mixed three", ru, 590, 90, 400, 2},
		// readingSpeed of Russian does not change the English on its page.
		{"ru speed, en words", &config.Language{Code: "ru", ReadingSpeed: 1000}, 400, 0, 0, 2},
	} {
		if got := ReadingTime(tc.lang, tc.words, tc.cyrillic, tc.cjk); got != tc.want {
			t.Errorf("%s: %d minutes, want %d", tc.name, got, tc.want)
		}
	}
}
