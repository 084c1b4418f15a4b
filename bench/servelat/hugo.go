package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// totalIn is the line Hugo prints when a rebuild is done.
var totalIn = regexp.MustCompile(`Total in (\d+) ms`)

// runHugo times the saves of each kind under hugo server
// --disableFastRender on the same corpus, each by Hugo's own "Total in"
// figure, and returns them with Hugo's peak resident memory.
func runHugo(c *corpus, ks []kind, n int) (map[string][]time.Duration, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command("hugo", "server", "--disableFastRender", "--source", c.dir, "--bind", "127.0.0.1",
		"--port", strconv.Itoa(port), "--noHTTPCache")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("servelat: hugo: %w", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
	}()
	start := time.Now()
	for ready := false; !ready; {
		line, err := next(lines, 10*time.Minute)
		if err != nil {
			return nil, "", err
		}
		ready = strings.Contains(line, "Web Server is available")
	}
	fmt.Printf("hugo: first build and start %v\n", time.Since(start).Round(time.Millisecond))
	res := map[string][]time.Duration{}
	for _, k := range ks {
		c.r = newRand()
		m := n
		if k.double {
			m *= 2
		}
		for i := 0; i < m+m%2; i++ {
			series, err := k.step(c, i, true)
			if err != nil {
				return nil, "", err
			}
			if series == "" {
				series = k.name
			}
			d, err := waitTotal(lines)
			if err != nil {
				return nil, "", fmt.Errorf("hugo, %s save %d: %w", k.name, i, err)
			}
			res[series] = append(res[series], d)
			time.Sleep(300 * time.Millisecond) // Hugo's watcher batches events for a while
		}
	}
	return res, procHWM(cmd.Process.Pid), nil
}

// waitTotal reads Hugo's output up to the next "Total in" line.
func waitTotal(lines <-chan string) (time.Duration, error) {
	for {
		line, err := next(lines, 5*time.Minute)
		if err != nil {
			return 0, err
		}
		if m := totalIn.FindStringSubmatch(line); m != nil {
			return msOf(m[1]), nil
		}
	}
}

func next(lines <-chan string, timeout time.Duration) (string, error) {
	select {
	case line, ok := <-lines:
		if !ok {
			return "", fmt.Errorf("hugo ended")
		}
		return line, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no word from hugo in %v", timeout)
	}
}

func msOf(s string) time.Duration {
	n, _ := strconv.Atoi(s)
	return time.Duration(n) * time.Millisecond
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// procHWM is a process's peak resident memory.
func procHWM(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}
