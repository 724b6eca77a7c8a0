package match

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
)

// keyedMatchers are the matchers whose keys TestKeysAgreeWithMatch checks.
func keyedMatchers() map[string]Matcher {
	return map[string]Matcher{
		"Method":                Method(),
		"URL":                   URL(),
		"Scheme":                Scheme(),
		"Host":                  Host(),
		"Path":                  Path(),
		"Query":                 Query(),
		"Query-ignore":          Query(IgnoreParams("ts")),
		"Headers":               Headers(),
		"Headers-Accept":        Headers("accept"),
		"HeadersExcept":         HeadersExcept("X-Request-Id"),
		"Body":                  Body(),
		"ExactBody":             ExactBody(),
		"JSON":                  JSON(),
		"JSON-ignore-unordered": JSON(IgnorePaths("$.id", "$.items[*].created_at"), IgnoreArrayOrder()),
		"JSON-unordered-b":      JSON(IgnoreArrayOrder("$.b")),
		"Form":                  Form(),
		"Form-ignore":           Form(IgnoreParams("ts")),
		"Multipart":             Multipart(),
		"Default":               Default(),
		"Default-ignore":        Default(IgnoreParams("ts")),
		"URL-ignore":            URL(IgnoreParams("ts")),
		"All":                   All(Path(), Query(IgnoreParams("ts")), JSON()),
		"Func-KeyOn": Func("same path, any case", func(live, recorded *cassette.Request) error {
			if !strings.EqualFold(live.URL, recorded.URL) {
				return fmt.Errorf("urls differ beyond case")
			}
			return nil
		}, KeyOn(Method(), Host())),
	}
}

// TestKeysAgreeWithMatch is the Keyer contract as a property: for random
// pairs of requests drawn from small pools (so that many pairs match
// without being identical), Match accepting a pair implies equal keys, and
// Match is symmetric.
func TestKeysAgreeWithMatch(t *testing.T) {
	reqs := randomRequests(90)
	for name, m := range keyedMatchers() {
		t.Run(name, func(t *testing.T) {
			k, ok := m.(Keyer)
			if !ok {
				t.Fatalf("%s is not a Keyer", name)
			}
			keys := make([]uint64, len(reqs))
			for i, r := range reqs {
				keys[i] = key(k, r)
			}
			matched, differentBytes := 0, 0
			for i, a := range reqs {
				for j, b := range reqs[:i] {
					ab, ba := m.Match(a, b), m.Match(b, a)
					if (ab == nil) != (ba == nil) {
						t.Fatalf("Match is not symmetric:\na: %s\nb: %s\nMatch(a, b) = %v\nMatch(b, a) = %v", show(a), show(b), ab, ba)
					}
					if ab != nil {
						continue
					}
					matched++
					if show(a) != show(b) {
						differentBytes++
					}
					if keys[i] != keys[j] {
						t.Fatalf("Match accepts a pair with different keys:\na: %s\nb: %s", show(a), show(b))
					}
				}
			}
			t.Logf("%d of %d pairs matched, %d of them not byte-identical", matched, len(reqs)*(len(reqs)-1)/2, differentBytes)
			// The property says nothing unless pairs match, some of them
			// with different bytes.
			if matched < 20 || differentBytes == 0 {
				t.Errorf("only %d of %d pairs matched (%d not byte-identical): the generator does not exercise %s",
					matched, len(reqs)*(len(reqs)-1)/2, differentBytes, name)
			}
		})
	}
}

func show(r *cassette.Request) string {
	return fmt.Sprintf("%s %s %v %q", r.Method, r.URL, r.Headers, r.Body)
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// TestKeysAgreeWithMatch's requests come in groups of three drawn from one
// shape: the shape (from one generator) fixes what a request says, and each
// request varies how it says it (from another): parameter and key order,
// spacing, case, multipart boundary. Each kind of variation is applied to
// half the requests, so that pairs of one shape match under strict
// matchers too.
func randomRequests(n int) []*cassette.Request {
	shapes, cosmetics := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(5, 6))
	var reqs []*cassette.Request
	for len(reqs) < n {
		seed := shapes.Uint64()
		for range 3 {
			reqs = append(reqs, randomRequest(rand.New(rand.NewPCG(seed, 0)), variation{cosmetics}))
		}
	}
	return reqs[:n]
}

// variation picks how a request is written: each call either keeps the
// plain form or, half the time, varies it. The zero variation always keeps
// the plain form.
type variation struct{ rng *rand.Rand }

func (v variation) on() bool { return v.rng != nil && v.rng.IntN(2) == 0 }

// sometimes is v for half the calls, and the zero variation for the others.
func (v variation) sometimes() variation {
	if v.on() {
		return v
	}
	return variation{}
}

func (v variation) pick(plain string, others ...string) string {
	if !v.on() {
		return plain
	}
	return pick(v.rng, append(others, plain)...)
}

func (v variation) shuffle(xs []string) {
	if v.on() {
		v.rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	}
}

// randomRequest draws a request from small pools of methods, URLs, headers
// and bodies (with s), written as v says.
func randomRequest(s *rand.Rand, v variation) *cassette.Request {
	r := &cassette.Request{
		Method: pick(s, "GET", "POST"),
		URL:    randomURL(s, v.sometimes()),
	}
	if r.Method == "GET" {
		r.Method = v.pick("GET", "")
	}
	v = v.sometimes() // for the body
	h := http.Header{}
	if s.IntN(2) == 0 {
		h["Accept"] = []string{pick(s, "application/json", "text/plain")}
	}
	if s.IntN(3) == 0 {
		h["X-Request-Id"] = []string{pick(s, "1", "2")}
	}
	switch s.IntN(6) {
	case 0, 1:
		if ct := pick(s, "application/json", "", "application/x-amz-json-1.0"); ct != "" {
			h["Content-Type"] = []string{v.pick(ct, "application/json; charset=utf-8")}
		}
		r.Body = randomJSON(s, v)
	case 2:
		h["Content-Type"] = []string{"application/x-www-form-urlencoded"}
		r.Body = []byte(params(v, "name=x", pick(s, "n=1", "n=2"), "tag=a", "tag=b", pick(s, "ts=1", "ts=2", "")))
	case 3:
		ct, body := randomMultipart(s, v)
		h["Content-Type"] = []string{ct}
		r.Body = body
	case 4:
		h["Content-Type"] = []string{pick(s, "text/plain", "application/octet-stream")}
		r.Body = []byte(pick(s, "hello", `{"a":1}`, "a=1&b=2"))
	}
	if len(h) > 0 {
		r.Headers = h
	}
	return r
}

func randomURL(s *rand.Rand, v variation) string {
	if s.IntN(20) == 0 {
		return pick(s, "http://[::1", "https://api.example.com/%zz?a=1")
	}
	u := v.pick("https", "HTTPS") + "://" + v.pick(pick(s, "api.example.com", "other.example"), "API.example.com") + pick(s, "/a", "/A")
	if u[len(u)-1] == 'a' {
		u = u[:len(u)-1] + v.pick("a", "")
	}
	sig := ""
	if s.IntN(3) == 0 { // a signature that URL and Default leave out
		sig = v.pick("X-Amz-Signature=aa", "X-Amz-Signature=bb", "x-amz-signature=aa", "X-Goog-Date=1")
	}
	if q := params(v, pick(s, "a=1", "a=2", ""), "b=x", pick(s, "b=y", ""), pick(s, "ts=1", "ts=2", ""), sig); q != "" {
		u += "?" + q
	}
	if s.IntN(10) == 0 {
		u += "#f"
	}
	return u
}

// params joins the non-empty parameters, in an order v picks.
func params(v variation, ps ...string) string {
	var out []string
	for _, p := range ps {
		if p != "" {
			out = append(out, p)
		}
	}
	v.shuffle(out)
	return strings.Join(out, "&")
}

// randomJSON writes one of a few documents with varied key order and
// spacing, and drawn ids, timestamps and array orders.
func randomJSON(s *rand.Rand, v variation) []byte {
	sp := func() string { return v.pick("", " ", "\n  ") }
	object := func(members ...string) string {
		v.shuffle(members)
		return "{" + sp() + strings.Join(members, ","+sp()) + sp() + "}"
	}
	switch s.IntN(4) {
	case 0:
		return []byte(object(`"a":`+pick(s, "1", "2"), `"b":`+pick(s, "[1,2]", "[2,1]")+sp()))
	case 1:
		item := func() string {
			return object(`"created_at":"`+pick(s, "t1", "t2")+`"`, `"v":`+pick(s, "1", "2"))
		}
		return []byte(object(`"id":`+pick(s, "1", "2"), `"items":[`+item()+","+sp()+item()+"]"))
	case 2:
		return []byte(pick(s, "[1,2]", "[2,1]", `"s"`, "{}"))
	}
	return []byte(pick(s, "{not json", "{"))
}

// randomMultipart writes a form with a random boundary: one or two fields
// and a file part.
func randomMultipart(s *rand.Rand, v variation) (contentType string, body []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if v.on() {
		w.SetBoundary(fmt.Sprintf("boundary%d", v.rng.IntN(1000)))
	} else {
		w.SetBoundary("plain")
	}
	w.WriteField("name", pick(s, "x", "y"))
	if s.IntN(2) == 0 {
		w.WriteField("extra", "1")
	}
	fw, _ := w.CreateFormFile("file", pick(s, "a.txt", "b.txt"))
	fw.Write([]byte(pick(s, "contents", "other")))
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}
