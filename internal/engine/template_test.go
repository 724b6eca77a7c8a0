package engine

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// head is the part of an *http.Response that a Template builds, apart from
// the body and the request.
type head struct {
	Status        string
	StatusCode    int
	Proto         string
	ProtoMajor    int
	ProtoMinor    int
	Header        http.Header
	Trailer       http.Header
	ContentLength int64
}

func headOf(resp *http.Response) head {
	return head{resp.Status, resp.StatusCode, resp.Proto, resp.ProtoMajor, resp.ProtoMinor, resp.Header, resp.Trailer, resp.ContentLength}
}

func TestTemplateResponse(t *testing.T) {
	cases := []struct {
		name string
		rs   cassette.Response
		want head
	}{
		{
			name: "as recorded",
			rs: cassette.Response{
				Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers:  http.Header{"Content-Length": {"5"}, "Set-Cookie": {"a=1", "b=2"}, "X-Empty": {}},
				Trailers: http.Header{"X-Checksum": {"c0ffee"}},
				Body:     []byte("hello"),
			},
			want: head{
				Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header:        http.Header{"Content-Length": {"5"}, "Set-Cookie": {"a=1", "b=2"}, "X-Empty": {}},
				Trailer:       http.Header{"X-Checksum": {"c0ffee"}},
				ContentLength: 5,
			},
		},
		{
			name: "a status text of its own stays",
			rs:   cassette.Response{Status: "200 Fine Thanks", Code: 200, Proto: "HTTP/1.0", Body: []byte("x")},
			want: head{Status: "200 Fine Thanks", StatusCode: 200, Proto: "HTTP/1.0", ProtoMajor: 1, ProtoMinor: 0, Header: http.Header{}, ContentLength: -1},
		},
		{
			name: "no status text: from the code",
			rs:   cassette.Response{Code: 404, Proto: "HTTP/2.0"},
			want: head{Status: "404 Not Found", StatusCode: 404, Proto: "HTTP/2.0", ProtoMajor: 2, ProtoMinor: 0, Header: http.Header{}, ContentLength: 0},
		},
		{
			name: "no protocol: HTTP/1.1",
			rs:   cassette.Response{Status: "200 OK", Code: 200},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: 0},
		},
		{
			name: "a protocol that does not parse: HTTP/1.1",
			rs:   cassette.Response{Status: "200 OK", Code: 200, Proto: "SPDY/3"},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: 0},
		},
		{
			name: "a body of unknown length",
			rs:   cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1", Body: []byte("streamed")},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: -1},
		},
		{
			name: "a Content-Length that does not parse: unknown",
			rs: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Length": {"five"}}, Body: []byte("hello")},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Content-Length": {"five"}}, ContentLength: -1},
		},
		{
			name: "a negative Content-Length: unknown",
			rs: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Length": {"-5"}}, Body: []byte("hello")},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Content-Length": {"-5"}}, ContentLength: -1},
		},
		{
			name: "a HEAD response keeps its Content-Length without a body",
			rs: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Length": {"1234"}}},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Content-Length": {"1234"}}, ContentLength: 1234},
		},
		{
			name: "no body: 0",
			rs:   cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1", Body: []byte{}},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: 0},
		},
		// The statuses without a body have length 0 whatever was recorded.
		{
			name: "204",
			rs:   cassette.Response{Status: "204 No Content", Code: 204, Proto: "HTTP/1.1", Body: []byte("stray")},
			want: head{Status: "204 No Content", StatusCode: 204, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: 0},
		},
		{
			name: "304",
			rs: cassette.Response{Status: "304 Not Modified", Code: 304, Proto: "HTTP/1.1",
				Headers: http.Header{"Etag": {`"v1"`}}, Body: []byte("stray")},
			want: head{Status: "304 Not Modified", StatusCode: 304, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Etag": {`"v1"`}}, ContentLength: 0},
		},
		{
			name: "1xx",
			rs:   cassette.Response{Status: "101 Switching Protocols", Code: 101, Proto: "HTTP/1.1", Body: []byte("stray")},
			want: head{Status: "101 Switching Protocols", StatusCode: 101, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, ContentLength: 0},
		},
		{
			name: "a Content-Length on a 204 counts",
			rs: cassette.Response{Status: "204 No Content", Code: 204, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Length": {"0"}}},
			want: head{Status: "204 No Content", StatusCode: 204, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{"Content-Length": {"0"}}, ContentLength: 0},
		},
		{
			name: "empty trailers stay empty, not nil",
			rs:   cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1", Headers: http.Header{}, Trailers: http.Header{}},
			want: head{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{}, Trailer: http.Header{}, ContentLength: 0},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := NewTemplate(&tc.rs)
			req := httptest.NewRequest(http.MethodGet, "https://api.test/x", nil)
			body := io.NopCloser(strings.NewReader("the body"))
			resp := tmpl.Response(req, body)
			assert.DeepEqual(t, headOf(resp), tc.want)
			assert.Equal(t, resp.Header == nil, false, "a nil Header")
			assert.Equal(t, resp.Trailer == nil, tc.want.Trailer == nil, "trailers: %#v", resp.Trailer)
			assert.Equal(t, resp.Body, body)
			assert.Equal(t, resp.Request, req)
			assert.Equal(t, string(tmpl.Body()), string(tc.rs.Body))
		})
	}
}

// TestTemplateResponsesIndependent checks that what a client does to one
// response's headers changes neither the next response nor the other
// headers of the same response, nor the recording.
func TestTemplateResponsesIndependent(t *testing.T) {
	recorded := func() cassette.Response {
		return cassette.Response{
			Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
			Headers: http.Header{
				"A": {"a1", "a2"}, "B": {"b1"}, "C": {"c1", "c2", "c3"}, "D": {"d1"}, "E": {"e1", "e2"},
			},
			Trailers: http.Header{"T": {"t1", "t2"}, "U": {"u1"}, "V": {"v1", "v2"}},
		}
	}
	// Each header takes its turn at being appended to and written over; the
	// layout of one slice of values depends on map order, so each turn
	// builds templates anew, many times.
	for _, name := range []string{"A", "B", "C", "D", "E", "T", "U", "V"} {
		t.Run(name, func(t *testing.T) {
			for range 20 {
				rs := recorded()
				tmpl := NewTemplate(&rs)
				first := tmpl.Response(nil, http.NoBody)
				h := first.Header
				if _, ok := h[name]; !ok {
					h = first.Trailer
				}
				h[name][0] = "changed" // in place
				h[name] = append(h[name], "appended")

				want := recorded()
				assert.DeepEqual(t, rs, want) // the recording
				next := tmpl.Response(nil, http.NoBody)
				assert.DeepEqual(t, next.Header, want.Headers)
				assert.DeepEqual(t, next.Trailer, want.Trailers)
				// The same response's other headers.
				for _, other := range []http.Header{first.Header, first.Trailer} {
					for k, vs := range other {
						if k == name {
							continue
						}
						assert.DeepEqual(t, vs, headerOf(want, k))
					}
				}
			}
		})
	}
}

// headerOf is the values of k in rs's headers or trailers.
func headerOf(rs cassette.Response, k string) []string {
	if vs, ok := rs.Headers[k]; ok {
		return vs
	}
	return rs.Trailers[k]
}

func TestTemplateNilTrailers(t *testing.T) {
	rs := cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1", Headers: http.Header{"A": {"1"}}}
	tmpl := NewTemplate(&rs)
	for i := range 3 {
		resp := tmpl.Response(nil, http.NoBody)
		assert.Assert(t, resp.Trailer == nil, "response %d: %#v", i, resp.Trailer)
		assert.DeepEqual(t, resp.Header, http.Header{"A": {"1"}})
	}
}

// TestTemplateAgreesWithNetHTTP checks a Template against the real thing:
// what Fetch recorded of a server's response, built again, is what
// net/http's client gave for it.
func TestTemplateAgreesWithNetHTTP(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{name: "200 with a length", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			io.WriteString(w, "hello")
		}},
		{name: "200 chunked", handler: func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "part 1 ")
			w.(http.Flusher).Flush()
			io.WriteString(w, "part 2")
		}},
		{name: "200 chunked with trailers", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", "X-Checksum, X-Count")
			io.WriteString(w, "counted")
			w.(http.Flusher).Flush()
			w.Header().Set("X-Checksum", "c0ffee")
			w.Header().Set("X-Count", "1")
		}},
		{name: "200 empty", handler: func(w http.ResponseWriter, r *http.Request) {}},
		{name: "204", handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }},
		{name: "304", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Etag", `"v1"`)
			w.WriteHeader(http.StatusNotModified)
		}},
		{name: "404", handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Date"] = nil // the same headers for both requests
				tc.handler(w, r)
			}))
			defer srv.Close()

			live, err := srv.Client().Get(srv.URL)
			assert.NilError(t, err)
			liveBody, err := io.ReadAll(live.Body) // the trailers come after it
			assert.NilError(t, err)
			assert.NilError(t, live.Body.Close())

			out, err := http.NewRequest(http.MethodGet, srv.URL, nil)
			assert.NilError(t, err)
			now := time.Now()
			in, _, err := Fetch(srv.Client().Transport, out, cassette.Request{Method: http.MethodGet, URL: srv.URL}, func() time.Time { return now })
			assert.NilError(t, err)
			assert.Equal(t, string(in.Response.Body), string(liveBody))

			replayed := NewTemplate(&in.Response).Response(out, http.NoBody)
			assert.DeepEqual(t, headOf(replayed), headOf(live))
		})
	}
}
