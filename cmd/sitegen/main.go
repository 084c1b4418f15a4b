// Command sitegen builds and previews event microsites.
//
//	sitegen build    write the site to public/
//	sitegen serve    preview the site with live reload
//	sitegen new      create a content file from an archetype, or a new site
//	sitegen version  print the version
//
// This file is flags and wiring only; the work is in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/sitegen/sitegen/internal/build"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/memlimit"
	"github.com/sitegen/sitegen/internal/regular"
	"github.com/sitegen/sitegen/internal/serve"
)

// Exit codes.
const (
	exitOK    = 0
	exitBuild = 1
	exitUsage = 2
)

var errUsage = errors.New("usage")

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"build", "[flags]", "build the site into public/ (or --destination)", runBuild},
		{"serve", "[flags]", "preview the site at http://127.0.0.1:1313/ with live reload", runServe},
		{"new", "content/SECTION/NAME.md | site DIR", "create a content file from archetypes/default.md, or a new site", runNew},
		{"version", "", "print sitegen's version", runVersion},
	}
}

// stopGrace is how long a command may take to stop cleanly after SIGINT
// or SIGTERM: a build stops between two pages and removes its staging
// folder well within two seconds; serve gives open connections two
// seconds to close, then removes its temporary folder.
func stopGrace(args []string) time.Duration {
	if len(args) > 0 && args[0] == "build" {
		return 2 * time.Second
	}
	return 5 * time.Second
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	done := make(chan int, 1)
	go func() { done <- run(ctx, os.Args[1:], os.Stdout, os.Stderr) }()
	var code int
	select {
	case code = <-done:
	case <-ctx.Done():
		// Whatever a command is doing, it ends soon after the signal.
		// The previous output is never at stake: a build writes it only
		// in its last step, an atomic swap, and a staging folder left
		// behind is removed by the next build.
		select {
		case code = <-done:
		case <-time.After(stopGrace(os.Args[1:])):
			fmt.Fprintln(os.Stderr, "sitegen: stopped")
			code = exitBuild
		}
	}
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug in sitegen must still not greet the user with a Go trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sitegen: internal error: %v\nPlease report it with the command you ran.\n", r)
			code = exitBuild
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			if c := find(args[1]); c != nil {
				_ = c.run(ctx, []string{"-h"}, stdout, stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "sitegen: unknown command %q\n", args[1])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(stderr, "sitegen: unknown command %q\n", name)
		usage(stderr)
		return exitUsage
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	}
	report(stderr, err)
	return exitBuild
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "sitegen builds and previews event microsites.\n\nUsage:\n\n\tsitegen <command> [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sitegen help <command>' or 'sitegen <command> -h' for a command's flags.")
}

// report prints every error of a build, one per line, and a count.
func report(w io.Writer, err error) {
	errs := diag.Positions(err)
	for _, e := range errs {
		fmt.Fprintln(w, "error:", e.Error())
	}
	if len(errs) > 1 {
		fmt.Fprintf(w, "%d errors\n", len(errs))
	}
}

func newFlags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sitegen %s %s\n\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a bad flag is a usage error, -h is not an error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "sitegen %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// siteFlags are the flags build and serve share.
type siteFlags struct {
	source, baseURL, links  string
	drafts, future, expired bool
	minify                  bool
	cache                   cacheFlags
}

func (f *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "the site `folder`")
	fs.StringVar(&f.baseURL, "base-url", "", "the site's `URL`, overriding baseURL (https://host/forum/ for a subpath)")
	fs.BoolVar(&f.drafts, "drafts", false, "include draft pages")
	fs.BoolVar(&f.future, "future", false, "include pages dated in the future")
	fs.BoolVar(&f.expired, "expired", false, "include expired pages")
	fs.StringVar(&f.links, "links", "error", "broken internal links are an `error` or a warn(ing)")
	fs.BoolVar(&f.minify, "minify", false, "minify HTML pages, feeds and the sitemap (as [minify] html = true)")
	f.cache.register(fs)
}

func (f *siteFlags) options(stderr io.Writer) (build.Options, error) {
	if f.links != "error" && f.links != "warn" {
		fmt.Fprintf(stderr, "--links must be error or warn, not %q\n", f.links)
		return build.Options{}, errUsage
	}
	return build.Options{Source: f.source, BaseURL: f.baseURL, Drafts: f.drafts, Future: f.future,
		Expired: f.expired, LinksWarn: f.links == "warn", Minify: f.minify, Log: stderr}, nil
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "[flags]", stderr)
	var sf siteFlags
	sf.register(fs)
	dest := fs.String("destination", "public", "the output `folder`, relative to the source folder")
	force := fs.Bool("force", false, "replace a non-empty destination that sitegen did not create")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	verbose := fs.Bool("verbose", false, "print each stage's time")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the build to `file` (for go tool pprof)")
	if err := parse(fs, args); err != nil {
		return err
	}
	o, err := sf.options(stderr)
	if err != nil {
		return err
	}
	o.Destination, o.Force, o.Verbose = *dest, *force, *verbose
	if *quiet {
		o.Log = io.Discard
	}
	defer memlimit.Start()()
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var writeMem func() error
	if *memProfile != "" {
		if writeMem, err = createMemProfile(*memProfile); err != nil {
			return err
		}
	}
	codes := sf.cache.open(sf.source, o.Log) // o.Log: --quiet silences its warning
	if codes != nil {
		o.CodeCache = codes
	}
	imgs := openImages(codes)
	if imgs != nil {
		o.ImageCache = imgs
	}
	st, err := build.Build(ctx, o)
	if writeMem != nil {
		if werr := writeMem(); err == nil {
			err = werr
		}
	}
	if codes != nil {
		closeCache(codes, err == nil, *verbose, o.Log)
	}
	if imgs != nil {
		closeImages(imgs, err == nil, *verbose, o.Log)
	}
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintln(stdout, st.Summary())
	}
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "[flags]", stderr)
	var sf siteFlags
	sf.register(fs)
	var so serve.Options
	fs.IntVar(&so.Port, "port", 1313, "the `port` to listen on")
	fs.StringVar(&so.Bind, "bind", "127.0.0.1", "the `address` to listen on; anything but loopback is reachable by others")
	fs.BoolVar(&so.Poll, "poll", false, "poll for changes instead of using file system events")
	var hosts multiFlag
	fs.Var(&hosts, "allowed-host", "another Host `name` to answer (repeatable)")
	if err := parse(fs, args); err != nil {
		return err
	}
	o, err := sf.options(stderr)
	if err != nil {
		return err
	}
	if codes := sf.cache.open(sf.source, stderr); codes != nil {
		o.CodeCache = codes
		defer closeCache(codes, true, false, stderr)
		if imgs := openImages(codes); imgs != nil {
			o.ImageCache = imgs
			defer closeImages(imgs, true, false, stderr)
		}
	}
	so.Build, so.AllowedHosts, so.Log, so.Out = o, hosts, stderr, stdout
	defer memlimit.StartWith(memlimit.ServeFactor)()
	return serve.Run(ctx, so)
}

type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintln(stdout, "sitegen", v)
	return nil
}

// createMemProfile creates path, so that a bad path fails before the
// build, and returns the function that writes the allocations made until
// it is called: with -sample_index=alloc_space, pprof shows where the
// garbage comes from; inuse_space shows what the last collection kept.
func createMemProfile(path string) (write func() error, err error) {
	f, err := regular.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--memprofile: %w", err)
	}
	return func() error {
		err := pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("--memprofile: %w", err)
		}
		return nil
	}, nil
}

// startCPUProfile profiles the process into path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := regular.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
