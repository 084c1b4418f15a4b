package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"WeChat", "wechat"},
		{"Ёлка", "елка"},
		{"ПЛАТЁЖ", "платеж"},
		{"Café", "cafe"},
		{"Łódź", "lodz"},
		{"Ørsted", "orsted"},
		{"йод", "йод"}, // Cyrillic keeps its letters
		{"微信", "微信"},
		{"plain", "plain"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	a := new(Analyzer)
	for _, c := range []struct{ in, want string }{
		{"payments", "payment"},
		{"running", "run"},
		{"companies", "compani"},
		{"платёж", "платеж"},
		{"платежи", "платеж"},
		{"форума", "форум"},
		{"форумах", "форум"},
		{"2016", "2016"},
		{"微信", "微信"},
	} {
		if got := a.Stem(Normalize(c.in)); got != c.want {
			t.Errorf("Stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	a := new(Analyzer)
	for _, c := range []struct {
		text string
		want []string // term@pos
		next int
	}{
		{"WeChat payments", []string{"wechat@0", "payment@1"}, 2},
		{"Форум, платежи!", []string{"форум@0", "платеж@1"}, 2},
		{"微信支付", []string{"微@0", "信@1", "微信@0", "支@2", "信支@1", "付@3", "支付@2"}, 4},
		{"在WeChat上", []string{"在@0", "wechat@1", "上@2"}, 3},
		{"Guangzhou 广州 ТАСС", []string{"guangzhou@0", "广@1", "州@2", "广州@1", "тасс@3"}, 4},
		{"", nil, 0},
	} {
		toks, next := a.Tokens(nil, c.text, 0)
		var got []string
		for _, tk := range toks {
			got = append(got, fmt.Sprintf("%s@%d", tk.Term, tk.Pos))
		}
		if !reflect.DeepEqual(got, c.want) || next != c.next {
			t.Errorf("Tokens(%q) = %v, %d; want %v, %d", c.text, got, next, c.want, c.next)
		}
	}
}

func TestExtract(t *testing.T) {
	for _, c := range []struct {
		html, text string
		headings   []string
	}{
		{`<h2 id="a">Quick <em>pay</em></h2><p>Guang<strong>zhou</strong> &amp; TASS</p><script>var no = 1;</script><pre><code>go run</code></pre>`,
			"Quick pay Guangzhou & TASS go run", []string{"Quick pay"}},
		{"<P>One\t<BR/>two\r\n <Em>th</EM>ree</P>\n\n<H3>  Four  </H3><svg><text>no</text></svg> five&nbsp;six",
			"One two three Four five\u00a0six", []string{"Four"}},
		{"  lead   <div>\n</div>  trail  ", "lead trail", nil},
		{"<p>a b  c\td e \n f g </p><p> h i<b> j</b> k</p>", "a b c d e f g h i j k", nil},
	} {
		d := Extract("/x/", "X", c.html)
		if d.Text != c.text || !reflect.DeepEqual(d.Headings, c.headings) {
			t.Errorf("Extract(%q) = %q, %q; want %q, %q", c.html, d.Text, d.Headings, c.text, c.headings)
		}
	}
}

func TestResolve(t *testing.T) {
	stems := map[string]bool{"run": true, "form": true, "forum": true, "compani": true, "платеж": true, "r": true}
	has := func(s string) bool { return stems[s] }
	for _, c := range []struct{ in, want string }{
		{"running", "run"},
		{"forums", "forum"},
		{"forming", "form"},
		{"company", "compani"}, // y made i
		{"платежи", "платеж"},
		{"ru", ""},  // "r" is shorter than half the word
		{"r", "r"},  // a one-letter word as itself
		{"xyz", ""}, // nothing
		{"forum", "forum"},
	} {
		if got := Resolve(c.in, has); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// posting is a decoded document of a term.
type posting struct {
	doc, weight int
	pos         []int
}

// shardTerm is a decoded term of a shard.
type shardTerm struct {
	forms    []string
	postings []posting
}

// decodeShard reads a shard as the script does.
func decodeShard(t *testing.T, b []byte) map[string]shardTerm {
	t.Helper()
	if !strings.HasPrefix(string(b), shardMagic) {
		t.Fatalf("shard starts %q", b[:min(4, len(b))])
	}
	b = b[4:]
	uv := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			t.Fatal("shard ends early")
		}
		b = b[n:]
		return int(v)
	}
	str := func() string { n := uv(); s := string(b[:n]); b = b[n:]; return s }
	out := map[string]shardTerm{}
	for n := uv(); n > 0; n-- {
		k, st := str(), shardTerm{}
		for f := uv(); f > 0; f-- {
			st.forms = append(st.forms, str())
		}
		size := uv()
		if size > len(b) {
			t.Fatalf("%q: postings of %d bytes, %d left", k, size, len(b))
		}
		rest := len(b) - size
		doc := 0
		for d := uv(); d > 0; d-- {
			doc += uv()
			p := posting{doc: doc, weight: uv()}
			x := 0
			for np := uv(); np > 0; np-- {
				x += uv()
				p.pos = append(p.pos, x)
			}
			st.postings = append(st.postings, p)
		}
		if len(b) != rest {
			t.Fatalf("%q: postings said %d bytes and took %d", k, size, size-(len(b)-rest))
		}
		out[k] = st
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes after the last term", len(b))
	}
	return out
}

// build is Build, with the files it writes.
func build(t *testing.T, a *Analyzer, docs []Doc) (*Index, map[string][]byte) {
	t.Helper()
	files := map[string][]byte{}
	var mu sync.Mutex
	x, err := Build(context.Background(), a, docs, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := files[name]; ok {
			t.Errorf("%s written twice", name)
		}
		files[name] = slices.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return x, files
}

func TestIndexFormat(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "Quick pay", Text: "Payments in Guangzhou. 微信支付 works.", Headings: nil},
		{URL: "/b/", Title: "Forum", Text: "Guangzhou hosts the forum; 支付 alone.", Headings: []string{"Guangzhou"}},
	}
	_, files := build(t, new(Analyzer), docs)
	var meta struct{ V, Docs, Shards int }
	if err := json.Unmarshal(files["meta.json"], &meta); err != nil {
		t.Fatal(err)
	}
	var per struct{ Per int }
	if err := json.Unmarshal(files["meta.json"], &per); err != nil {
		t.Fatal(err)
	}
	if meta.V != indexVersion || meta.Docs != 2 || meta.Shards != shardCount(2) || per.Per != docsPerFile {
		t.Fatalf("meta %+v %+v", meta, per)
	}
	if len(files) != 1+1+meta.Shards {
		t.Errorf("%d files, want meta, 1 document file and %d shards", len(files), meta.Shards)
	}
	terms := map[string]shardTerm{}
	for s := 0; s < meta.Shards; s++ {
		for k, v := range decodeShard(t, files[fmt.Sprintf("s/%03x.bin", s)]) {
			if Shard(k, meta.Shards) != s {
				t.Errorf("%q in shard %d, not %d", k, s, Shard(k, meta.Shards))
			}
			terms[k] = v
		}
	}
	for _, c := range []struct {
		term   string
		docs   []int
		weight []int
		pos0   []int // first position in each
	}{
		{"payment", []int{0}, []int{weightBody}, []int{2 + titleGap}},
		{"guangzhou", []int{0, 1}, []int{weightBody, weightHeading}, []int{4 + titleGap, 1 + titleGap}},
		{"pay", []int{0}, []int{weightTitle}, []int{1}},
		{"微信", []int{0}, []int{weightBody}, []int{5 + titleGap}},
		{"支付", []int{0, 1}, []int{weightBody, weightBody}, []int{7 + titleGap, 5 + titleGap}},
		{"forum", []int{1}, []int{weightTitle + weightBody}, []int{0}},
	} {
		st, ok := terms[c.term]
		if !ok {
			t.Errorf("no term %q", c.term)
			continue
		}
		var docs, weights, pos0 []int
		for _, p := range st.postings {
			docs, weights, pos0 = append(docs, p.doc), append(weights, p.weight), append(pos0, p.pos[0])
		}
		if !reflect.DeepEqual(docs, c.docs) || !reflect.DeepEqual(weights, c.weight) || !reflect.DeepEqual(pos0, c.pos0) {
			t.Errorf("%q: docs %v weights %v first positions %v; want %v %v %v", c.term, docs, weights, pos0, c.docs, c.weight, c.pos0)
		}
	}
	var d []struct{ U, T, X string }
	if err := json.Unmarshal(files["d/0.json"], &d); err != nil || len(d) != 2 || d[1].U != "/b/" || d[1].T != "Forum" || !strings.Contains(d[1].X, "hosts") {
		t.Errorf("d/0.json: %+v (%v)", d, err)
	}
}

// Every word of an index resolves, by the script's rule, to its own stem.
func TestFormsMakeTheScriptAgree(t *testing.T) {
	text := "The companies hope; hoping, hoped. Running runs runner. Форумы форума платежи платёж. Generous generation general."
	a := new(Analyzer)
	_, files := build(t, a, []Doc{{URL: "/", Title: "t", Text: text}})
	n := shardCount(1)
	shards := make([]map[string]shardTerm, n)
	for s := range shards {
		shards[s] = decodeShard(t, files[fmt.Sprintf("s/%03x.bin", s)])
	}
	Words(text, func(w string, han bool) {
		f := Normalize(w)
		want := a.Stem(f)
		sh := shards[Shard(f, n)]
		got := ""
		for k, st := range sh {
			for _, form := range st.forms {
				if form == f {
					got = k
				}
			}
		}
		if got == "" {
			got = Resolve(f, func(s string) bool { _, ok := sh[s]; return ok })
		}
		if got != want {
			t.Errorf("%q: the script finds %q, the index has %q", f, got, want)
		}
	})
}

// The script folds letters with the same table as Normalize.
func TestScriptFoldsAsGo(t *testing.T) {
	js, err := os.ReadFile("assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`const FROM = "` + foldFrom + `"`, `const TO = "` + foldTo + `"`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("search.js lacks %s", want)
		}
	}
}

// Update gives the files Build gives for the edited documents, and returns
// only files that changed.
func TestUpdateMatchesBuild(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "Quick pay", Text: "Payments in Guangzhou. 微信支付 works. Hoping for more."},
		{URL: "/b/", Title: "Forum", Text: "Guangzhou hosts the forum; 支付 alone.", Headings: []string{"Guangzhou"}},
		{URL: "/c/", Title: "Форум", Text: "Платежи и платёж. Форума нет."},
	}
	edits := []struct {
		i   int
		doc Doc
	}{
		{0, Doc{URL: "/a/", Title: "Quick pay", Text: "Rostelecom hoped; 天河区的微信."}},
		{2, Doc{URL: "/c/", Title: "Форум", Text: "Форумы."}},
		{1, Doc{URL: "/b/", Title: "Forum", Text: ""}},
	}
	a := new(Analyzer)
	x, files := build(t, a, docs)
	for _, e := range edits {
		checkUpdate(t, a, x, files, docs, e.i, e.doc)
	}
}

// checkUpdate makes edit i of docs (to d) with x.Update, files being x's
// files, and checks them against a clean build's.
func checkUpdate(t *testing.T, a *Analyzer, x *Index, files map[string][]byte, docs []Doc, i int, d Doc) {
	t.Helper()
	before := maps.Clone(files)
	changed, err := x.Update(context.Background(), i, &d)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, changed)
	docs[i] = d
	_, clean := build(t, a, docs)
	if len(clean) != len(files) {
		t.Fatalf("edit of %d: %d files, a clean build %d", i, len(files), len(clean))
	}
	for f, b := range clean {
		if string(files[f]) != string(b) {
			t.Fatalf("edit of %d: %s differs from a clean build's", i, f)
		}
		if _, ok := changed[f]; !ok && string(before[f]) != string(b) {
			t.Fatalf("edit of %d: %s changed and Update did not say so", i, f)
		}
	}
}

// classify and decodeRune, the fast paths of the tokenizer, agree with the
// tables and the standard decoder on every rune and on broken UTF-8.
func TestClassifyAndDecode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		h, w := classify(r)
		if wh := r >= utf8.RuneSelf && isHan(r); h != wh || w != (!wh && isWordRune(r)) {
			t.Fatalf("classify(%U) = %v, %v", r, h, w)
		}
		s := string(r) + "x"
		if got, n := decodeRune(s, 0); !utf8.ValidRune(r) && got != utf8.RuneError || utf8.ValidRune(r) && (got != r || n != utf8.RuneLen(r)) {
			t.Fatalf("decodeRune(%U) = %U, %d", r, got, n)
		}
	}
	for _, s := range []string{"\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xd0", "\xe4\xb8", "\xe4\xb8x", "\xd0x", "\xff", "\xf0\x9f\x98\x80"} {
		for i := range s {
			r, n := decodeRune(s, i)
			if wr, wn := utf8.DecodeRuneInString(s[i:]); r != wr || n != wn {
				t.Errorf("decodeRune(%q, %d) = %U, %d; want %U, %d", s, i, r, n, wr, wn)
			}
		}
	}
}

// Words cuts random text of ASCII, Cyrillic, Han, marks and punctuation
// where a rune-by-rune reading with the Unicode tables does: a word is a
// run of isWordRune, a Han run one of isHan.
func TestWordsAgreeWithTables(t *testing.T) {
	alphabet := []rune("aZ09 .,-_@[`{~\t\nёЖ҂\u0301中文，。éß")
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		text := b.String()
		var want []string
		kind, start := 0, 0 // kind of the open run: 0 none, 1 word, 2 Han
		for i, c := range text + " " {
			k := 0
			if isHan(c) {
				k = 2
			} else if isWordRune(c) {
				k = 1
			}
			if k != kind {
				if kind != 0 {
					want = append(want, text[start:i])
				}
				kind, start = k, i
			}
		}
		var got []string
		Words(text, func(w string, han bool) { got = append(got, w) })
		if !slices.Equal(got, want) {
			t.Fatalf("Words(%q) = %q, want %q", text, got, want)
		}
	}
}
