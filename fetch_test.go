package recorder

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// TestFetchSendsACopy checks that what goes to the network carries the
// body and the extra (conditional) headers, that the recording holds the
// request as the caller made it, without them, and that the caller's
// request is left as it was.
func TestFetchSendsACopy(t *testing.T) {
	var sent *http.Request
	var sentBody []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = r
		sentBody, _ = io.ReadAll(r.Body)
		w.Header().Set("Etag", `"v2"`)
		io.WriteString(w, "answer")
	}))
	defer srv.Close()
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
	assert.NilError(t, err)

	req := newRequest(t, "PUT", srv.URL+"/doc", []byte(`{"a":1}`), http.Header{"Content-Type": {"application/json"}})
	live := &cassette.Request{Method: "PUT", URL: req.URL.String(), Headers: req.Header, Body: []byte(`{"a":1}`)}
	in, _, err := rec.fetch(req, live, http.Header{"If-None-Match": {`"v1"`}})
	assert.NilError(t, err)

	assert.Equal(t, sent.Header.Get("If-None-Match"), `"v1"`)
	assert.Equal(t, string(sentBody), `{"a":1}`)
	assert.Equal(t, in.Request.Headers.Get("If-None-Match"), "", "the validators are not recorded")
	assert.Equal(t, in.Request.Headers.Get("Content-Type"), "application/json")
	assert.Equal(t, string(in.Request.Body), `{"a":1}`)
	assert.Equal(t, in.Response.Code, 200)
	assert.Equal(t, string(in.Response.Body), "answer")
	assert.Equal(t, req.Header.Get("If-None-Match"), "", "the caller's request was changed")
	assert.NilError(t, rec.Close())
}

// TestReadBody: an absent or empty body reads as nil, and the body is
// closed, as a RoundTripper must.
func TestReadBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		body io.ReadCloser
		want []byte
	}{
		{"none", nil, nil},
		{"NoBody", http.NoBody, nil},
		{"empty", &closeCounter{Reader: strings.NewReader("")}, nil},
		{"some", &closeCounter{Reader: strings.NewReader("abc")}, []byte("abc")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &http.Request{Body: tc.body}
			got, err := readBody(req)
			assert.NilError(t, err)
			assert.DeepEqual(t, got, tc.want)
			if c, ok := tc.body.(*closeCounter); ok {
				assert.Equal(t, c.closed, 1)
			}
		})
	}
}

type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }
