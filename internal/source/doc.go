// Package source reads a site's files as they are on disk: the Markdown
// files of content/ split into front matter and body, the front matter
// decoded, and the data files of data/ (and i18n/). It knows nothing of
// pages, URLs or languages' sites: package content builds the model from
// what this package reads, and imports it, never the reverse.
//
// # Files
//
// [Walk] lists the Markdown files (*.md) and the other files (assets) under
// a folder of an fs.FS. It skips editors' temporary, swap, backup and lock
// files and hidden files ([Ignored]), and never follows a symbolic link: it
// returns the links, so that the caller can warn. [ReadFiles] reads and
// parses files in parallel; [ReadFronts] does the same but lets each body
// go once its front matter is parsed ([Source.DropBody]), and [ReadBody]
// reads a body again when it is rendered, so a big site's text is never
// all in memory. A Markdown file is UTF-8 (a byte order mark is dropped),
// holds no NUL byte, is at most [MaxFileSize], and is not indented so
// deeply, over so many lines, that rendering it would take minutes.
//
// A file's name gives its language and place ([SplitName]):
// "news/x.zh.md" is "news/x" in Chinese when zh is a configured language,
// and in the default language otherwise; its [File] keeps the path, the
// language, the base and the name ("x", "_index" or "index").
//
// # Front matter
//
// [Split] separates the front matter (YAML between --- lines, TOML between
// +++ lines) from the body, and records the line each starts at and a hash
// of the front matter, by which builds learn whether it changed.
// [ParseFront] decodes it into the keys sitegen knows ([FrontMatter]:
// title, description, dates, draft, search, slug, url, aliases, weight,
// layout, translationKey, summary, and the [Terms] of each taxonomy named by
// [TaxonomyNames]); [DecodeFront] decodes every key, known or not, again
// when a template first asks for a page's .Params. A date is a TOML date
// or a string in RFC 3339 or one of its shorter forms (2016-10-29,
// "2016-10-29 09:50"); a value of the wrong type is an error at its key's
// line ([Source.KeyLine]).
//
// # Data
//
// [LoadData] reads data/ (YAML, TOML and JSON, nested by folder and file
// name) into what templates see as .Site.Data; [DecodeData] decodes one
// such file by its extension.
//
// # Errors
//
// Every problem is an error of package diag, naming the file and, where it
// is known, the line: the decoders' line numbers, which count from the
// start of the front matter, are turned into lines of the file, and every
// key of the wrong type is reported, not only the first.
package source
