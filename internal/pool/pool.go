// Package pool runs the independent jobs of a build on every core: the
// files a load reads, the pages a build renders, the files it copies.
//
// # Workers
//
// [Run] starts one worker per core ([Workers], GOMAXPROCS), or one per job
// when there are fewer; each takes the next job until none is left. A
// worker has a number, so that a caller can keep state that one worker
// reuses from job to job (a read buffer) without locks.
//
// # Errors
//
// Every job's error is kept, and Run returns them all at once as a
// diag.List, sorted by file and line. A cancelled context stops handing
// out jobs; Run returns the context's error once the running ones end.
//
// # Panics
//
// A panic in a job is a bug in sitegen. A command's own recover cannot
// see a worker goroutine's panic, and a user must never get a Go trace, so
// it becomes that job's error, at the file the job was about, asking for
// a report with that file.
package pool

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/sitegen/sitegen/internal/diag"
)

// Workers is how many jobs run at once.
func Workers() int { return runtime.GOMAXPROCS(0) }

// Run calls job(w, i) for every i in [0, n) on up to Workers() goroutines;
// w, below Workers(), is the number of the worker that runs it. file(i)
// names the file job i is about, for the error a panic becomes; file may
// be nil.
func Run(ctx context.Context, n int, file func(i int) string, job func(w, i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(Workers(), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = safely(w, i, file, job)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	var l diag.List
	for _, e := range errs {
		l.Add(e)
	}
	return l.Err()
}

// safely runs job i, turning a panic into its error.
func safely(w, i int, file func(int) string, job func(w, i int) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			name := ""
			if file != nil {
				name = file(i)
			}
			if name == "" {
				err = fmt.Errorf("internal error: %v; please report it with the file that caused it", r)
				return
			}
			err = diag.At(name, 0, "internal error: %v", r).WithHint("please report it with this file")
		}
	}()
	return job(w, i)
}
