package main

// Word pools for the generated prose. They are fixed so that the corpus is
// reproducible; changing them changes every generated file.

var sections = []struct {
	name, title string
	weight      int // relative share of the regular pages
}{
	{"news", "News", 35},
	{"guides", "Guides", 20},
	{"reports", "Reports", 20},
	{"events", "Events", 15},
	{"people", "People", 10},
}

var tagPool = []string{
	"alpine-lakes", "annual-report", "api-design", "art-history", "astronomy",
	"bird-watching", "board-games", "budget-travel", "city-planning", "climate-data",
	"coastal-towns", "coffee-culture", "community-events", "data-privacy", "deep-learning",
	"desert-hiking", "early-music", "energy-policy", "field-notes", "film-review",
	"food-markets", "garden-design", "go-language", "graphic-novels", "harbor-life",
	"home-repair", "interviews", "jazz-history", "language-learning", "local-news",
	"long-reads", "machine-tools", "maps", "mountain-rail", "night-sky",
	"open-source", "photo-essays", "public-health", "quiet-places", "river-towns",
	"science-policy", "small-business", "static-sites", "street-food", "tea-culture",
	"trail-running", "urban-cycling", "weather", "web-performance", "winter-sports",
}

var enWords = []string{
	"amber", "harbor", "signal", "river", "quiet", "mountain", "lantern", "market",
	"winter", "archive", "garden", "engine", "letter", "bridge", "circle", "valley",
	"north", "evening", "station", "paper", "silver", "island", "window", "orchard",
	"report", "season", "village", "thunder", "compass", "meadow", "copper", "festival",
	"the", "a", "of", "and", "with", "under", "across", "between", "after", "before",
	"quickly", "slowly", "carefully", "rarely", "often", "gently", "openly", "almost",
	"builds", "writes", "carries", "measures", "follows", "returns", "collects", "shapes",
	"opens", "gathers", "explains", "describes", "records", "watches", "keeps", "finds",
	"bright", "narrow", "ancient", "modern", "patient", "curious", "steady", "distant",
	"local", "careful", "simple", "common", "early", "late", "public", "hidden",
}

var ruWords = []string{
	"город", "река", "время", "дорога", "письмо", "зима", "окно", "вечер",
	"станция", "рынок", "сад", "мост", "архив", "поле", "море", "гора",
	"свет", "голос", "работа", "история", "новость", "отчёт", "книга", "дом",
	"и", "в", "на", "под", "через", "после", "перед", "между",
	"тихо", "быстро", "медленно", "часто", "редко", "снова", "почти", "всегда",
	"пишет", "строит", "несёт", "ищет", "собирает", "видит", "открывает", "хранит",
	"старый", "новый", "тёплый", "далёкий", "простой", "ясный", "тихий", "долгий",
}

var zhWords = []string{
	"城市", "河流", "时间", "道路", "信件", "冬天", "窗户", "晚上",
	"车站", "市场", "花园", "桥梁", "档案", "田野", "大海", "高山",
	"灯光", "声音", "工作", "历史", "新闻", "报告", "书籍", "房子",
	"我们", "他们", "今天", "明天", "已经", "正在", "慢慢", "一直",
	"建设", "记录", "收集", "发现", "打开", "保存", "观察", "讨论",
	"安静", "古老", "现代", "简单", "清楚", "重要", "美丽", "遥远",
	"社区", "学校", "朋友", "老师", "数据", "网络", "天气", "季节",
}

var titleWords = []string{
	"Amber", "Harbor", "Signals", "River", "Notes", "Lantern", "Market", "Winter",
	"Archive", "Garden", "Engines", "Letters", "Bridges", "Valley", "Northern", "Evening",
	"Station", "Silver", "Island", "Orchard", "Season", "Village", "Compass", "Copper",
	"Festival", "Field", "Quiet", "Distant", "Patient", "Open", "Hidden", "Early",
}
