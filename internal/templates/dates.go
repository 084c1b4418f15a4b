package templates

import (
	"fmt"
	"time"
)

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	// Russian dates take the genitive: 29 октября.
	"ru": {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
}

var weekdays = map[string][7]string{
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"zh": {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"},
	"ru": {"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"},
}

// formatDate formats t in a language. ":date_long" gives 29 October 2016 /
// 2016年10月29日 / 29 октября 2016 г.; ":date_full" adds the weekday; any
// other layout is Go's.
func formatDate(lang, layout string, t time.Time) string {
	if layout != ":date_long" && layout != ":date_full" {
		return t.Format(layout)
	}
	d, m, y := t.Day(), t.Month(), t.Year()
	var s string
	switch lang {
	case "zh":
		s = fmt.Sprintf("%d年%d月%d日", y, m, d)
		if layout == ":date_full" {
			s += weekdays["zh"][t.Weekday()]
		}
		return s
	case "ru":
		s = fmt.Sprintf("%d %s %d г.", d, months["ru"][m-1], y)
	default:
		lang = "en"
		s = fmt.Sprintf("%d %s %d", d, months["en"][m-1], y)
	}
	if layout == ":date_full" {
		s = weekdays[lang][t.Weekday()] + ", " + s
	}
	return s
}
