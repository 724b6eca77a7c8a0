package engine

import (
	"net/http"
	"slices"

	"github.com/tapedeck/recorder/cassette"
)

// Invalidate takes out of the engine every recording whose request which
// selects (an HTTP cache invalidates the stored responses for a URL after
// an unsafe request to it, RFC 9111 §4.4): they answer no request again
// and are not among the Interactions, so they are not saved. It returns
// how many it took out.
func (e *Engine) Invalidate(which func(*cassette.Request) bool) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for id := range e.entries {
		en := &e.entries[id]
		if en.gone || !which(&en.in.Request) {
			continue
		}
		e.unfile(e.key(en.req), id)
		en.gone = true
		n++
	}
	e.invalidated += n
	return n
}

// live drops from ins and used (parallel to entries) the gone entries.
func live(entries []entry, ins []*cassette.Interaction, used []bool) ([]*cassette.Interaction, []bool) {
	keptIns, keptUsed := ins[:0], used[:0]
	for i, en := range entries {
		if !en.gone {
			keptIns, keptUsed = append(keptIns, ins[i]), append(keptUsed, used[i])
		}
	}
	return keptIns, keptUsed
}

// InvalidateURLs invalidates the GET and HEAD recordings of these URLs (RFC
// 9111 §4.4: what a successful unsafe request to them leaves stale), and
// returns how many it took out.
func (e *Engine) InvalidateURLs(urls []string) int {
	return e.Invalidate(func(rec *cassette.Request) bool {
		if rec.Method != http.MethodGet && rec.Method != http.MethodHead {
			return false
		}
		return slices.Contains(urls, rec.URL)
	})
}
