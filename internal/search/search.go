// Package search builds a static full-text search index for each language
// of a site, for a small script to query in the browser.
//
// # Text
//
// The build hands the package each page's URL, title and rendered body
// HTML (Extract); the package turns it into plain text with the headings
// marked and imports nothing of the build.
//
// # Tokens
//
// Text is cut into words (letters, digits and marks) and runs of Han
// characters. Words are lower-cased, ё is folded to е, Latin letters lose
// their diacritics (Fold), and then stemmed by script: Cyrillic words with
// Snowball Russian, Latin words with Snowball English, whatever the page's
// language, so "WeChat" inside Chinese text is found as in English. A Han run
// gives a term for every character and for every pair of neighbouring
// characters (bigrams): any run of two or more characters that occurs in a
// page is found as the chain of its bigrams at neighbouring positions, also
// where it crosses a word boundary, and a single character is found by
// itself. Every token has a position; the title's come first, then a gap,
// then the body's.
//
// # Building
//
// Build analyzes a language's documents on every core: each worker keeps
// the words it has met, and a lexicon per language numbers every word and
// term, so that a document's index is a few arrays of small integers and
// the postings of all terms one array. Files go to the caller as they are
// made (document files from the workers that analyze, shards from those
// that encode), so that no index is whole in memory; Update writes again
// the files of an edited document.
//
// # Index files
//
// For a language L the index lives under search/L/ in the output:
//
//	meta.json      {"v":3,"docs":N,"shards":S,"per":P}
//	s/HHH.bin      S shards of postings (HHH: the shard number in hex)
//	d/F.json       documents F*P to F*P+P-1, what their results show:
//	               [{"u":URL,"t":title,"x":text}, ...]
//
// A term goes to shard fnv1a32(key) mod S, where the key is the term itself
// for Han terms and the first three letters of the stem for words, so that
// the script, which has no stemmer, finds a word's shard from the typed
// word. A shard is "SGS2", then its terms in byte order, each as
//
//	term (uvarint length + UTF-8), forms (uvarint count, then each as the
//	term), the byte length of its postings (uvarint), postings (uvarint
//	count of documents, then for each: document id delta, weight,
//	position count, position deltas; all uvarints)
//
// The length lets the script step over the postings of the terms a query
// does not ask for without reading them: a shard holds up to hundreds of
// terms, and a common word's postings are tens of KB.
//
// Forms are the typed words whose stem the script would not find by its
// rule (the longest stem in the shard that the word starts with; see
// Resolve); listing them makes the script agree with the index on every word
// of the site. A posting's weight is the sum of its occurrences' field
// weights (title 10, heading 4, body 1). A query downloads meta.json, one
// shard per term and the d/ files of the results it shows. Documents go P
// (4) to a file so that a site of 10,000 pages writes 2,500 document files
// rather than 10,000 (on this machine, creating a file costs about what
// indexing a page does), for a few more KB per query.
package search

// Field weights of an occurrence: titles and headings weigh more.
// The format's version: meta.json's "v", and the magic that starts every
// shard.
const (
	indexVersion = 3
	shardMagic   = "SGS2"
)

const (
	weightTitle   = 10
	weightHeading = 4
	weightBody    = 1
)

// Doc is one page to index.
type Doc struct {
	URL      string
	Title    string
	Text     string   // the body as plain text
	Headings []string // the text of its headings, which weigh more
}
