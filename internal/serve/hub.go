package serve

import (
	"encoding/json"
	"sync"

	"github.com/sitegen/sitegen/internal/diag"
)

// event is one Server-Sent Event.
type event struct {
	Name string
	Data string
}

// hub fans events out to the open /_sitegen/events streams. Each stream
// keeps only the newest event it has not sent yet: a slow tab skips to the
// latest state instead of replaying history.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]struct{}
	last    event // the newest build's outcome, for tabs that connect later
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan event]struct{}{}} }

func (h *hub) subscribe() (chan event, event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan event, 1)
	if h.closed {
		close(c)
	} else {
		h.clients[c] = struct{}{}
	}
	return c, h.last
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		delete(h.clients, c)
		close(c)
	}
}

func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = e
	for c := range h.clients {
		select {
		case <-c: // drop the stale event
		default:
		}
		c <- e
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		close(c)
	}
	h.clients = map[chan event]struct{}{}
}

type errorItem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Msg  string `json:"message"`
	Hint string `json:"hint,omitempty"`
}

func errorsJSON(err error) string {
	var items []errorItem
	for _, e := range diag.Positions(err) {
		items = append(items, errorItem{File: e.File, Line: e.Line, Msg: e.Msg, Hint: e.Hint})
	}
	b, _ := json.Marshal(map[string]any{"errors": items})
	return string(b)
}

func reloadJSON(build string, changed []string, moved map[string]string) string {
	cssOnly := len(changed) > 0
	for _, c := range changed {
		if len(c) < 4 || c[len(c)-4:] != ".css" {
			cssOnly = false
		}
	}
	b, _ := json.Marshal(map[string]any{"build": build, "cssOnly": cssOnly, "moved": moved})
	return string(b)
}
