package engine

import (
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// A Hit is the recording that answers a live request.
type Hit struct {
	// ID is the interaction's position.
	ID int
	// Interaction is the recording, and Template its response ready to
	// build.
	Interaction *cassette.Interaction
	Template    *Template
	// Source is the tag the interaction was loaded or stored with.
	Source int
	// Repeated reports whether it had been used already (Reuse Last or
	// Always).
	Repeated bool
}

// Claim finds the recording that answers live and marks it used: first for
// live as it was sent, then, when nothing matches and redaction would change
// live, for live redacted like the recordings. Its Interaction is nil when
// nothing answers, with the request as it was last compared (redacted when that was
// tried), for a miss report; and ErrClosed after Close.
//
// Trying the request as sent first keeps redaction free on the replay path:
// most requests carry no secret, or carry it where the matcher does not look
// (an Authorization header, under the default matcher), and they match at
// once without being inspected or copied. It finds the recording that
// redacting first would find: recordings hold only redacted values (see
// Load), and redaction turns equal values into equal placeholders, so a
// recording that matches the request as sent also matches it redacted, and
// one that holds a placeholder where the request has a secret matches only
// the second try.
func (e *Engine) Claim(live *cassette.Request) (Hit, *cassette.Request, error) {
	hit, err := e.claim(live, e.key(live))
	if err != nil || hit.Interaction != nil || e.red == nil || !e.red.Touches(*live) {
		return hit, live, err
	}
	red := e.red.Request(*live)
	hit, err = e.claim(&red, e.key(&red))
	return hit, &red, err
}

// claim applies the reuse rule to the bucket of key k.
func (e *Engine) claim(live *cassette.Request, k uint64) (Hit, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return Hit{}, ErrClosed
	}
	s, ok := e.index[k]
	switch {
	case !ok:
		return Hit{}, nil
	case s.b == nil:
		// One recording has this key: it answers unless it was used and
		// recordings answer once.
		if e.entries[s.id].used && e.reuse == Once || !e.matches(live, s.id) {
			return Hit{}, nil
		}
		return e.hit(s.id), nil
	}
	b := s.b
	if e.reuse == Always {
		for _, id := range b.ids {
			if e.matches(live, id) {
				return e.hit(id), nil
			}
		}
		return Hit{}, nil
	}
	for b.next < len(b.ids) && e.entries[b.ids[b.next]].used {
		b.next++
	}
	for _, id := range b.ids[b.next:] {
		if !e.entries[id].used && e.matches(live, id) {
			return e.hit(id), nil
		}
	}
	if e.reuse == Last {
		for i := len(b.ids) - 1; i >= 0; i-- {
			if id := b.ids[i]; e.matches(live, id) {
				return e.hit(id), nil
			}
		}
	}
	return Hit{}, nil
}

// matches reports whether entry id of bucket b answers live. When the key
// decides (match.ExactKeyer), every recording in live's bucket matches it:
// the key has matched already.
func (e *Engine) matches(live *cassette.Request, id int) bool {
	if v := e.entries[id].vary; v != nil && match.Varies(v, live.Headers, e.entries[id].req.Headers) != nil {
		return false
	}
	if e.exact {
		return true
	}
	return e.matcher.Match(live, e.entries[id].req) == nil
}

// hit marks entry id used and returns it. e.mu must be held.
func (e *Engine) hit(id int) Hit {
	en := &e.entries[id]
	if en.tmpl == nil {
		en.tmpl = NewTemplate(&en.in.Response)
	}
	h := Hit{ID: id, Interaction: en.in, Template: en.tmpl, Source: en.src, Repeated: en.used}
	en.used = true
	return h
}
