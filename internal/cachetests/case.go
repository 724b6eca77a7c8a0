// Package cachetests runs HTTP caching conformance cases against a client
// cache: an http.RoundTripper that sits in front of a loopback server. The
// cases are our own Go translation of the HTTP Caching Tests suite
// (github.com/http-tests/cache-tests, the suite behind cache-tests.fyi):
// one table per suite file, each case named by the suite's test id, with
// the requests a client sends, what the server answers, and what the cache
// must do. Nothing of that repository is copied here; read its definitions
// to compare.
//
// Run runs every case against a Subject and returns a Report, whose Table
// prints, per suite file, how many cases apply to a private client cache,
// how many passed and how many were skipped (see Skips for why). A case
// counts as passed only when every case it depends on passed too.
package cachetests

import (
	"fmt"
	"time"
)

// A Kind says how a case is scored, as the suite marks its tests.
type Kind int

const (
	// Required cases test what RFC 9111 says a cache MUST do.
	Required Kind = iota
	// Optimal cases test what a good cache does (reuse what it may reuse).
	Optimal
	// Check cases ask how a cache behaves where the RFC leaves a choice;
	// they are run and reported, but not scored.
	Check
)

// String returns "required", "optimal" or "check", as the suite names kinds.
func (k Kind) String() string {
	return [...]string{"required", "optimal", "check"}[k]
}

// A Case is one test: requests sent one after the other to the same URL
// (unless a request names another file or query), each with what the
// server answers and what the client must see.
type Case struct {
	ID        string
	Kind      Kind
	DependsOn []string
	Requests  []Request
}

// An Expect is how a request must be answered.
type Expect int

const (
	Anything    Expect = iota // no check of where the response came from
	Cached                    // from the cache: the server does not see the request
	NotCached                 // the server answers it
	ETagChecked               // the cache revalidates with If-None-Match, the server answers 304
	DateChecked               // the cache revalidates with If-Modified-Since, the server answers 304
)

// A Header is a response header the server sends, or one the client must
// (or must not) see.
//
// Value is the value; when Offset is set, the value is an HTTP date that
// many seconds from the server's clock at the time of the response (RFC
// 850 form when RFC850 is set). Unchecked headers are sent but not
// compared with what the client received.
type Header struct {
	Name      string
	Value     string
	Offset    *int
	RFC850    bool
	Unchecked bool
	// Op compares a received value with Value: "" for equal, ">" for a
	// number greater than Value, "=" for equal to the header named Value.
	Op string
}

// A Request is one request of a case and the server's answer to it.
type Request struct {
	Method   string
	Headers  []Header // request headers; Offset dates are from the previous response's clock
	Body     string
	Filename string // added to the URL path
	Query    string // the URL's query

	// Pause is how long the client waits after this request (the suite's
	// pause_after is 3s).
	Pause time.Duration
	// ServerPause is how long the server takes to answer.
	ServerPause time.Duration
	// Disconnect makes the server drop the connection instead of
	// answering.
	Disconnect bool
	// Locations makes the server send Location and Content-Location
	// values relative to the request's URL.
	Locations bool

	Status      int // the server's status; 0 is 200
	StatusText  string
	RespHeaders []Header
	RespBody    *string // nil: the case's token; see None

	Setup       bool     // a failing check is a setup failure of the case
	SetupChecks []string // the checks that are setup checks: "type", "headers"

	Expect           Expect
	ExpectStatus     int // 0: Status (or 200); -1: not checked
	ExpectHeaders    []Header
	MissingHeaders   []Header // with a Value: that header must not have that value
	ExpectText       *string
	NoBodyCheck      bool
	ExpectReqHeaders []Header // headers the server must receive
	ExpectMethod     string
}

// None is the suite's null body: the server sends the case's token (or
// nothing, for 204), and the client's body is checked as by default.
var None = new(string)

// text returns a pointer to s, for RespBody and ExpectText.
func text(s string) *string { return &s }

// A Suite is the cases of one file of the suite.
type Suite struct {
	File  string
	Cases []Case
}

// String names the case by the suite's id and its kind.
func (c Case) String() string { return fmt.Sprintf("%s (%v)", c.ID, c.Kind) }
