package recorder

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"gotest.tools/v3/assert"
)

func TestServeClientErrors(t *testing.T) {
	_, err := ServeClient("127.0.0.1:8080", "fixtures/x")
	assert.Error(t, err, `tapedeck: ServeClient("127.0.0.1:8080", ...): want the base URL of tapedeck serve, such as http://127.0.0.1:8080`)
	_, err = ServeClient("http://127.0.0.1:8080", " ")
	assert.Error(t, err, `tapedeck: ServeClient("http://127.0.0.1:8080", ""): name the cassette, such as "fixtures/github"`)
}

func TestServeClientSessionsAndPrefix(t *testing.T) {
	var got []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = append(got, r) }))
	defer srv.Close()
	a, err := ServeClient(srv.URL+"/mock/", "fixtures/a")
	assert.NilError(t, err)
	b, err := ServeClient(srv.URL, "fixtures/a")
	assert.NilError(t, err)
	for _, c := range []*http.Client{a, a, b} {
		req, _ := http.NewRequest("GET", "https://api.example.com/users/1", nil)
		req.Header.Set("Accept", "application/json")
		resp, err := c.Do(req)
		assert.NilError(t, err)
		resp.Body.Close()
		assert.Equal(t, req.Header.Get(ServeCassetteHeader), "", "the caller's request must not change")
	}
	assert.Equal(t, got[0].URL.Path, "/mock/users/1")
	assert.Equal(t, got[2].URL.Path, "/users/1")
	assert.Equal(t, got[0].Header.Get("Accept"), "application/json")
	assert.Equal(t, got[0].Header.Get(ServeSessionHeader), got[1].Header.Get(ServeSessionHeader))
	assert.Assert(t, got[0].Header.Get(ServeSessionHeader) != got[2].Header.Get(ServeSessionHeader))
}
