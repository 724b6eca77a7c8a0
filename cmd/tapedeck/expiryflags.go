package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/shell"
)

// expiryFlags are the flags that say when an interaction is stale, shared
// by ls, check and prune. They build an expiry.Policy.
type expiryFlags struct {
	after string
	urls  stringList
	honor bool
	now   string
}

func (f *expiryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.after, "expire-after", "",
		"the default `expiration`: a duration such as 720h or 30d, immediately, or never")
	fs.Var(&f.urls, "expire-url",
		"a per-URL `rule` PATTERN=EXPIRATION, e.g. 'api.example.com/users/*=24h'; repeatable, first match wins.\n"+
			"PATTERN is a glob over host/path (no scheme): * stays within one path segment, ** crosses them")
	fs.BoolVar(&f.honor, "honor-cache-headers", false,
		"let recorded Cache-Control and Expires response headers decide freshness, as an HTTP cache would")
	fs.StringVar(&f.now, "now", "",
		"judge ages as of this `time` (RFC 3339, e.g. 2027-01-01T00:00:00Z) instead of the current time")
}

// set reports whether any flag asks for an expiry judgement.
func (f *expiryFlags) set() bool {
	return f.after != "" || len(f.urls) > 0 || f.honor
}

// policy returns the policy the flags describe, checked.
func (f *expiryFlags) policy() (expiry.Policy, error) {
	var p expiry.Policy
	if f.after != "" {
		e, err := expiry.ParseExpiration(f.after)
		if err != nil {
			return p, fmt.Errorf("--expire-after: %w", err)
		}
		p.Default = e
	}
	for _, s := range f.urls {
		rule, err := expiry.ParseRule(s)
		if err != nil {
			return p, fmt.Errorf("--expire-url: %w", err)
		}
		p.Rules = append(p.Rules, rule)
	}
	p.HonorResponseHeaders = f.honor
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("--expire-url: %w", err)
	}
	return p, nil
}

// clock returns the time ages are judged at.
func (f *expiryFlags) clock() (time.Time, error) {
	if f.now == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, f.now)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now %q: not an RFC 3339 time such as 2027-01-01T00:00:00Z", f.now)
	}
	return t, nil
}

// judge is a policy at a moment: it gives the verdict on each interaction.
type judge struct {
	policy expiry.Policy
	now    time.Time
	active bool // expiry flags were given
}

func (f *expiryFlags) judge() (judge, error) {
	p, err := f.policy()
	if err != nil {
		return judge{}, err
	}
	now, err := f.clock()
	if err != nil {
		return judge{}, err
	}
	return judge{policy: p, now: now, active: f.set()}, nil
}

// verdict judges in without a live request, as a listing tool does.
func (j judge) verdict(in *cassette.Interaction) expiry.Verdict {
	return j.policy.Check(nil, in, j.now)
}

// state names a verdict in one word for ls: fresh, stale, or
// do-not-record.
func state(v expiry.Verdict) string {
	switch {
	case v.Expire == expiry.DoNotRecord:
		return "do-not-record"
	case v.Stale:
		return "stale"
	}
	return "fresh"
}

// why says why an interaction is stale, for check and prune: its verdict
// ("stale: age 40d, session default=30d, expired 10d ago"), or that its age
// is unknown, or that it should not have been recorded.
func why(in *cassette.Interaction, v expiry.Verdict) string {
	if v.Expire == expiry.DoNotRecord {
		return fmt.Sprintf("do-not-record: the expiry rules (%s) say it should not be in a cassette", v.Source)
	}
	if in.RecordedAt.IsZero() {
		return fmt.Sprintf("stale: it has no recorded_at, so its age is unknown (%s=%v)", v.Source, v.Expire)
	}
	return v.String()
}

// commandLine returns the flags as they would be typed again, each after a
// space, for a command a message suggests.
func (f *expiryFlags) commandLine() string {
	var b strings.Builder
	if f.after != "" {
		b.WriteString(" --expire-after " + shell.Quote(f.after))
	}
	for _, u := range f.urls {
		b.WriteString(" --expire-url " + shell.Quote(u))
	}
	if f.honor {
		b.WriteString(" --honor-cache-headers")
	}
	if f.now != "" {
		b.WriteString(" --now " + shell.Quote(f.now))
	}
	return b.String()
}
