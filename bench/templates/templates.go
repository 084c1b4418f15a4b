// Package templates embeds the benchmark site templates and configuration
// files so that bench/gencorpus is self-contained.
//
// hugo/ holds config.toml and layouts/ for Hugo 0.111; sitegen/ holds
// sitegen.toml and templates/ for sitegen. Both sets render the same things:
// a <title>, a nav with links to the five sections, .Content and, on list
// pages, the list of .Pages with title and date.
package templates

import "embed"

// FS holds hugo/... and sitegen/...; the "all:" prefix is needed so that
// layouts/_default is included.
//
//go:embed all:hugo all:sitegen
var FS embed.FS
