package search

import _ "embed"

// Script is the search script; the build writes it to ScriptFile.
//
//go:embed assets/search.js
var Script []byte

// Partial is the built-in templates/partials/search.html, which a site's
// own file of that name replaces.
//
//go:embed assets/search.html
var Partial string

// ScriptFile is where the build writes Script, relative to the output.
const ScriptFile = "search/search.js"

// Dir is the folder of a language's index, relative to the output.
func Dir(lang string) string { return "search/" + lang + "/" }
