package cachetests

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Subject is a client cache under test.
type Subject struct {
	Name string
	// New returns the cache: a RoundTripper that sends what it does not
	// answer itself through next, reading the time from now. The close
	// function, if not nil, is called after the case.
	New func(next http.RoundTripper, now func() time.Time) (rt http.RoundTripper, close func() error, err error)
	// RealTime says the subject reads the real clock and cannot be given
	// another one: pauses then sleep, and cases run in parallel.
	RealTime bool
}

// An Outcome is how a case ended.
type Outcome int

const (
	Passed  Outcome = iota // every check held
	Failed                 // a check of the cache's behaviour failed
	Setup                  // a check that sets up the case failed
	Skipped                // the case does not apply (see Skips)
	Blocked                // it passed, but a case it depends on did not
)

// String returns the word the score table uses.
func (o Outcome) String() string {
	return [...]string{"pass", "fail", "setup", "skip", "blocked"}[o]
}

// A Result is what one case gave.
type Result struct {
	File    string
	Case    Case
	Outcome Outcome
	Message string // why it did not pass, or why it was skipped
}

// base is the server clock's start for subjects that take a clock: a
// fixed instant, so that runs are repeatable.
var base = time.Date(2025, time.June, 2, 10, 0, 0, 0, time.UTC)

// Run runs every case of suites against s.
func Run(s Subject, suites []Suite) Report {
	var results []Result
	for _, su := range suites {
		for _, c := range su.Cases {
			results = append(results, Result{File: su.File, Case: c})
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range results {
		r := &results[i]
		if why, ok := Skips[r.Case.ID]; ok {
			r.Outcome, r.Message = Skipped, why
			continue
		}
		if !s.RealTime {
			r.Outcome, r.Message = runCase(s, r.Case)
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r.Outcome, r.Message = runCase(s, r.Case)
		}()
	}
	wg.Wait()
	block(results)
	return Report{Subject: s.Name, Results: results}
}

// block marks Blocked the passed cases that depend on one that did not
// pass, transitively.
func block(results []Result) {
	byID := make(map[string]*Result, len(results))
	for i := range results {
		byID[results[i].Case.ID] = &results[i]
	}
	var passes func(id string, seen map[string]bool) (bool, string)
	passes = func(id string, seen map[string]bool) (bool, string) {
		r, ok := byID[id]
		if !ok {
			return false, id + " is not translated"
		}
		if seen[id] {
			return r.Outcome == Passed, ""
		}
		seen[id] = true
		if r.Outcome != Passed && r.Outcome != Blocked {
			return false, id + " " + r.Outcome.String()
		}
		for _, d := range r.Case.DependsOn {
			if ok, why := passes(d, seen); !ok {
				return false, why
			}
		}
		return true, ""
	}
	for i := range results {
		r := &results[i]
		if r.Outcome != Passed {
			continue
		}
		for _, d := range r.Case.DependsOn {
			if ok, why := passes(d, map[string]bool{}); !ok {
				r.Outcome, r.Message = Blocked, "depends on "+why
				break
			}
		}
	}
}

// clock is a case's time: fake (advanced by pauses) or real.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	real bool
}

func (c *clock) now() time.Time {
	if c.real {
		return time.Now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) sleep(d time.Duration) {
	if c.real {
		time.Sleep(d)
		return
	}
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// checkError is a failed check; setup says it was a setup check.
type checkError struct {
	setup bool
	msg   string
}

func (e *checkError) Error() string { return e.msg }

func assert(setup, ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return &checkError{setup: setup, msg: fmt.Sprintf(format, args...)}
}

// isSetup reports whether check of r is a setup check.
func (r *Request) isSetup(check string) bool {
	return r.Setup || slices.Contains(r.SetupChecks, check)
}

// runCase runs one case against a new cache and a new server.
func runCase(s Subject, c Case) (Outcome, string) {
	clk := &clock{t: base, real: s.RealTime}
	sv := &server{c: c, token: token(c.ID), clock: clk}
	ts := httptest.NewServer(sv)
	defer ts.Close()
	rt, closeFn, err := s.New(ts.Client().Transport, clk.now)
	if err != nil {
		return Setup, fmt.Sprintf("%s: %v", s.Name, err)
	}
	if closeFn != nil {
		defer closeFn()
	}
	client := &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	err = run(client, ts.URL, sv, c)
	var ce *checkError
	switch {
	case err == nil:
		return Passed, ""
	case errors.As(err, &ce) && ce.setup:
		return Setup, ce.msg
	}
	return Failed, err.Error()
}

// response is what the client got for one request.
type response struct {
	status int
	header http.Header
	body   string
	err    error
}

func run(client *http.Client, base string, sv *server, c Case) error {
	resps := make([]*response, len(c.Requests))
	for i := range c.Requests {
		rc := &c.Requests[i]
		num := i + 1
		u := base + "/test/" + sv.token
		if rc.Filename != "" {
			u += "/" + rc.Filename
		}
		if rc.Query != "" {
			u += "?" + rc.Query
		}
		method := rc.Method
		if method == "" {
			method = http.MethodGet
		}
		var body io.Reader
		if rc.Body != "" {
			body = strings.NewReader(rc.Body)
		}
		req, err := http.NewRequest(method, u, body)
		if err != nil {
			return err
		}
		for _, hd := range rc.Headers {
			v := hd.Value
			if hd.Offset != nil && i > 0 && resps[i-1] != nil {
				v = httpDate(serverNow(resps[i-1].header), *hd.Offset, hd.RFC850)
			}
			req.Header.Add(hd.Name, v)
		}
		req.Header.Set("Test-ID", c.ID)
		req.Header.Set("Req-Num", strconv.Itoa(num))
		resp, err := client.Do(req)
		r := &response{err: err}
		if err == nil {
			b, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			r.status, r.header, r.body = resp.StatusCode, resp.Header, string(b)
			if rerr != nil {
				r.err = rerr
			}
		}
		resps[i] = r
		if err := checkResponse(sv, c, rc, num, r); err != nil {
			return err
		}
		if rc.Pause > 0 {
			sv.clock.sleep(rc.Pause)
		}
	}
	return checkServer(sv, c, resps)
}

// checkResponse checks what the client got for request num.
func checkResponse(sv *server, c Case, rc *Request, num int, r *response) error {
	if r.err != nil {
		// A proxy answers 502 or 504 when it cannot reach the server; a
		// client cache returns the error. That is the answer a request
		// wants when it checks neither status nor body.
		if rc.ExpectStatus == -1 && rc.NoBodyCheck && rc.Expect == Anything {
			return nil
		}
		return assert(false, false, "request %d: %v", num, r.err)
	}
	resNum, resErr := strconv.Atoi(r.header.Get("Server-Request-Count"))
	switch rc.Expect {
	case Cached:
		if !(r.status == http.StatusNotModified && resErr != nil) {
			if err := assert(rc.isSetup("type"), resErr == nil && resNum < num, "response %d does not come from cache", num); err != nil {
				return err
			}
		}
	case NotCached:
		if err := assert(rc.isSetup("type"), resErr == nil && resNum == num, "response %d comes from cache", num); err != nil {
			return err
		}
	}
	switch {
	case rc.ExpectStatus > 0:
		if err := assert(rc.isSetup("status"), r.status == rc.ExpectStatus, "response %d status is %d, not %d", num, r.status, rc.ExpectStatus); err != nil {
			return err
		}
	case rc.ExpectStatus < 0:
	case rc.Status != 0:
		if err := assert(true, r.status == rc.Status, "response %d status is %d, not %d", num, r.status, rc.Status); err != nil {
			return err
		}
	case r.status == 999:
		return assert(rc.isSetup("type"), false, "request %d should have been conditional, but it was not", num)
	default:
		if err := assert(true, r.status == http.StatusOK, "response %d status is %d, not 200", num, r.status); err != nil {
			return err
		}
	}
	for _, eh := range rc.ExpectHeaders {
		setup := rc.isSetup("headers")
		vs := r.header.Values(eh.Name)
		if err := assert(setup, len(vs) > 0, "response %d %s header not present", num, eh.Name); err != nil {
			return err
		}
		got := strings.Join(vs, ", ")
		switch {
		case eh.Op == ">":
			n, _ := strconv.Atoi(got)
			want, _ := strconv.Atoi(eh.Value)
			if err := assert(setup, n > want, "response %d header %s is %s, should be bigger than %s", num, eh.Name, got, eh.Value); err != nil {
				return err
			}
		case eh.Value == "" && eh.Offset == nil:
		default:
			want := eh.Value
			if eh.Offset != nil {
				want = httpDate(serverNow(r.header), *eh.Offset, eh.RFC850)
			}
			if err := assert(setup, got == want, "response %d header %s is %q, not %q", num, eh.Name, got, want); err != nil {
				return err
			}
		}
	}
	for _, mh := range rc.MissingHeaders {
		setup := rc.isSetup("missing")
		vs := r.header.Values(mh.Name)
		if mh.Value == "" {
			if err := assert(setup, len(vs) == 0, "response %d includes unexpected header %s: %q", num, mh.Name, strings.Join(vs, ", ")); err != nil {
				return err
			}
			continue
		}
		if err := assert(setup, !strings.Contains(strings.Join(vs, ", "), mh.Value), "response %d header %s still has value %q", num, mh.Name, mh.Value); err != nil {
			return err
		}
	}
	switch {
	case rc.NoBodyCheck:
	case rc.ExpectText != nil:
		return assert(rc.isSetup("text"), r.body == *rc.ExpectText, "response %d body is %q, not %q", num, r.body, *rc.ExpectText)
	case rc.RespBody != nil && rc.RespBody != None:
		return assert(true, r.body == *rc.RespBody, "response %d body is %q, not %q", num, r.body, *rc.RespBody)
	case r.status != http.StatusNoContent && r.status != http.StatusNotModified && rc.Method != http.MethodHead:
		return assert(true, r.body == sv.token, "response %d body is %q, not %q", num, r.body, sv.token)
	}
	return nil
}

// checkServer checks what the server saw, in order: the requests that
// were not to be answered from the cache.
func checkServer(sv *server, c Case, resps []*response) error {
	sv.mu.Lock()
	seen := slices.Clone(sv.seen)
	sv.mu.Unlock()
	at := 0
	for i := range c.Requests {
		rc := &c.Requests[i]
		num := i + 1
		if rc.Expect == Cached {
			continue
		}
		var sr *seenRequest
		if at < len(seen) {
			sr = &seen[at]
		}
		at++
		setup := rc.isSetup("type")
		if rc.Expect == NotCached {
			if err := assert(setup, sr != nil && sr.num == num, "response %d comes from cache", num); err != nil {
				return err
			}
		}
		var validator string
		switch rc.Expect {
		case ETagChecked:
			validator = "If-None-Match"
		case DateChecked:
			validator = "If-Modified-Since"
		}
		if validator != "" {
			if err := assert(setup, sr != nil, "request %d was not sent to the server", num); err != nil {
				return err
			}
			if err := assert(setup, len(sr.header.Values(validator)) > 0, "request %d has no %s header", num, validator); err != nil {
				return err
			}
		}
		if sr == nil {
			if len(rc.ExpectReqHeaders) > 0 || rc.ExpectMethod != "" {
				return assert(false, false, "request %d was not sent to the server", num)
			}
			continue
		}
		for _, eh := range rc.ExpectReqHeaders {
			got, ok := sr.header[http.CanonicalHeaderKey(eh.Name)]
			if err := assert(rc.isSetup("reqheaders"), ok && (eh.Value == "" || strings.Join(got, ", ") == eh.Value),
				"request %d header %s is %q, not %q", num, eh.Name, strings.Join(got, ", "), eh.Value); err != nil {
				return err
			}
		}
		if rc.ExpectMethod != "" {
			if err := assert(rc.isSetup("method"), sr.method == rc.ExpectMethod, "request %d had method %s, not %s", num, sr.method, rc.ExpectMethod); err != nil {
				return err
			}
		}
		if r := resps[i]; r != nil && r.err == nil {
			for _, saved := range sr.saved {
				if strings.EqualFold(saved.name, "Date") {
					continue
				}
				got := strings.Join(r.header.Values(saved.name), ", ")
				want := strings.Join(saved.values, ", ")
				if err := assert(true, got == want, "response %d header %s is %q, not %q", num, saved.name, got, want); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// serverNow is the server's clock when it made the response with header h
// (its Server-Now header, in milliseconds).
func serverNow(h http.Header) time.Time {
	ms, _ := strconv.ParseInt(h.Get("Server-Now"), 10, 64)
	return time.UnixMilli(ms).UTC()
}

// httpDate formats now plus offset seconds as an HTTP date.
func httpDate(now time.Time, offset int, rfc850 bool) string {
	t := now.Add(time.Duration(offset) * time.Second).UTC()
	if rfc850 {
		return t.Format("Monday, 02-Jan-06 15:04:05 GMT")
	}
	return t.Format(http.TimeFormat)
}

// token is a case's unique body and URL segment.
func token(id string) string {
	sum := sha1.Sum([]byte(id))
	x := hex.EncodeToString(sum[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
