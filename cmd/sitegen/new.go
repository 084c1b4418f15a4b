package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/regular"
	"github.com/sitegen/sitegen/internal/scaffold"
)

const defaultArchetype = `---
title: "{{ .Title }}"
date: {{ .Date }}
draft: true
---
`

// runNew writes a content file from archetypes/default.md (or a built-in
// archetype), filling in the title and today's date; it never overwrites.
func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "site" {
		return runNewSite(ctx, args[1:], stdout, stderr)
	}
	fs := newFlags("new", "content/SECTION/NAME.md", stderr)
	source := fs.String("source", ".", "the site `folder`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() != 1 || !strings.HasSuffix(fs.Arg(0), ".md") {
		fs.Usage()
		return errUsage
	}
	rel := filepath.ToSlash(filepath.Clean(fs.Arg(0)))
	if !strings.HasPrefix(rel, config.ContentDir+"/") {
		rel = config.ContentDir + "/" + rel
	}
	if strings.Contains(rel, "..") {
		fmt.Fprintln(stderr, "sitegen new: the path must stay inside content/")
		return errUsage
	}
	arch := defaultArchetype
	switch b, err := regular.ReadFile(filepath.Join(*source, config.ArchetypesDir, "default.md")); {
	case err == nil:
		arch = string(b)
	case !errors.Is(err, iofs.ErrNotExist):
		return fmt.Errorf("archetypes/default.md: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(rel), ".md")
	if name == "index" || name == "_index" {
		name = filepath.Base(filepath.Dir(rel))
	}
	title := strings.ReplaceAll(strings.ReplaceAll(content.Urlize(name), "-", " "), "_", " ")
	if r, n := utf8.DecodeRuneInString(title); n > 0 {
		title = string(unicode.ToUpper(r)) + title[n:] // not title[:1]: a Cyrillic letter is two bytes
	}
	text := strings.NewReplacer("{{ .Title }}", title, "{{ .Date }}", time.Now().Format("2006-01-02"),
		"{{ .Name }}", name).Replace(arch)
	full := filepath.Join(*source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s already exists; sitegen new never overwrites", rel)
		}
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "created", rel)
	return nil
}

// runNewSite writes a minimal working site into a new or empty folder.
// Flags may come before or after the folder, as in the README's
// "sitegen new site DIR --languages en,zh,ru".
func runNewSite(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new site", "DIR [--languages en,zh,ru]", stderr)
	langs := fs.String("languages", "en", "the site's language `codes`, comma-separated; the first is the default")
	var dirs []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		dirs, args = append(dirs, fs.Arg(0)), fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fs.Usage()
		return errUsage
	}
	var codes []string
	for _, l := range strings.Split(*langs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			codes = append(codes, l)
		}
	}
	if err := scaffold.Write(dirs[0], codes, time.Now().Format("2006-01-02")); err != nil {
		return fmt.Errorf("sitegen new site: %w", err)
	}
	fmt.Fprintf(stdout, "created a site in %s\nnext: cd %s && sitegen serve\n", dirs[0], dirs[0])
	return nil
}
