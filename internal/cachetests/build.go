package cachetests

import "time"

// The helpers below keep the tables short. They are our own shorthand, not
// the suite's templates.

// pause is how long the suite's client waits after a request that says so.
const pause = 3 * time.Second

// h is a header with a fixed value.
func h(name, value string) Header { return Header{Name: name, Value: value} }

// hu is a header the server sends but whose value is not compared with
// what the client received (the suite's third element, false).
func hu(name, value string) Header { return Header{Name: name, Value: value, Unchecked: true} }

// at is an HTTP-date header offset seconds from the server's clock.
func at(name string, offset int) Header { return Header{Name: name, Offset: &offset} }

// gt is an expected header whose value is a number greater than n.
func gt(name, n string) Header { return Header{Name: name, Value: n, Op: ">"} }

// deps lists the cases a case depends on.
func deps(ids ...string) []string { return ids }

// withHeaders returns r with the template's response headers before its
// own, and the template's flags.
func withHeaders(r Request, setup bool, p time.Duration, hs ...Header) Request {
	r.RespHeaders = append(append([]Header(nil), hs...), r.RespHeaders...)
	r.Setup = r.Setup || setup
	if r.Pause == 0 {
		r.Pause = p
	}
	return r
}

// fresh is a response fresh for a day and more: max-age=100000.
func fresh(r Request) Request {
	return withHeaders(r, true, pause, h("Cache-Control", "max-age=100000"), at("Date", 0))
}

// stale is a response that expired long ago, with a Last-Modified.
func stale(r Request) Request {
	return withHeaders(r, true, pause, at("Expires", -5000), at("Last-Modified", -100000), at("Date", 0))
}

// becomesStale is a response fresh for two seconds, stale after the pause.
func becomesStale(r Request) Request {
	return withHeaders(r, true, pause, h("Cache-Control", "max-age=2"), at("Date", 0), h("Template-A", "1"))
}

// setupWith is a setup request (paused after) with the response headers hs.
func setupWith(hs ...Header) Request {
	return Request{RespHeaders: hs, Setup: true, Pause: pause}
}

// setupNoPause is a setup request not followed by a pause.
func setupNoPause(hs ...Header) Request {
	return Request{RespHeaders: hs, Setup: true}
}

// reqh is a list of request headers.
func reqh(hs ...Header) []Header { return hs }
