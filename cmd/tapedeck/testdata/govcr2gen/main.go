// Command govcr2gen records the go-vcr v2 fixtures that tapedeck's import
// tests read, by running go-vcr v2 itself (github.com/dnaeon/go-vcr/v2,
// which writes its cassette format version 1) against a loopback server:
//
//	cd cmd/tapedeck/testdata/govcr2gen && go run .
//
// It writes two files next to this directory, both committed:
//
//   - ../govcr/v2.yaml: a cassette recorded by go-vcr v2 (ModeRecording)
//     with JSON, text, gzip-compressed, binary, trailer and error responses,
//     a POST with a JSON body, a urlencoded form POST and a request with an
//     Authorization header;
//   - ../govcr/v2-replay.json: what go-vcr v2 returns when it replays that
//     cassette (ModeReplaying): for each request, the status code and the
//     body.
//
// The import test in package main (cmd/tapedeck) converts v2.yaml with
// `tapedeck import --from go-vcr` and checks that tapedeck replays the same
// statuses and bodies as v2-replay.json. Its handler is the one of
// ../govcrgen (go-vcr v4), so that both versions record the same API. This
// module is separate so that the tapedeck module does not depend on go-vcr;
// directories named testdata are left out of `go test ./...`, so CI never
// runs it.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/dnaeon/go-vcr/v2/recorder"
)

// date is the Date header of every response, so that the cassette says when
// it was "recorded" without depending on the clock.
const date = "Mon, 05 Jan 2026 10:00:00 GMT"

// logo is a small binary body: the PNG signature followed by every byte
// value, so it is not UTF-8.
func logo() []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	for i := 0; i < 256; i++ {
		b = append(b, byte(i))
	}
	return b
}

const readme = "tapedeck fixtures\n\nThis text body spans lines\nand ends with a newline.\n"

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Etag", `"u1"`)
		io.WriteString(w, `{"id":1,"login":"octo","tags":["admin","ops"]}`)
	})
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"q":%q,"page":%q,"results":[]}`, r.URL.Query().Get("q"), r.URL.Query().Get("page"))
	})
	mux.HandleFunc("POST /api/users", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var user map[string]any
		if err := json.Unmarshal(body, &user); err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		user["id"] = 2
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Location", "/api/users/2")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(user)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "hello %s\n", r.PostForm.Get("user"))
	})
	mux.HandleFunc("GET /readme.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, readme)
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(logo())
	})
	mux.HandleFunc("GET /compressed", func(w http.ResponseWriter, r *http.Request) {
		// Go's transport asks for gzip and decompresses transparently, so
		// go-vcr records this body decoded, with "uncompressed: true".
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "this body was sent gzip-compressed\n")
		zw.Close()
	})
	mux.HandleFunc("GET /trailer", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Checksum")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "body with a trailer\n")
		w.Header().Set("X-Checksum", "abc123")
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such page", http.StatusNotFound)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date)
		mux.ServeHTTP(w, r)
	})
}

// A call is one request the generator sends, and what go-vcr replayed for it.
type call struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Headers     map[string]string `json:"headers,omitempty"`
	RequestBody string            `json:"request_body,omitempty"`
	// Status and Body are what go-vcr's replay returned; Body is bytes, so
	// encoding/json writes it in base64.
	Status int    `json:"status"`
	Body   []byte `json:"body"`
}

func (c call) request() *http.Request {
	var body io.Reader
	if c.RequestBody != "" {
		body = bytes.NewBufferString(c.RequestBody)
	}
	req, err := http.NewRequest(c.Method, c.URL, body)
	if err != nil {
		log.Fatal(err)
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	return req
}

func main() {
	out := filepath.Join("..", "govcr")
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	cassette := filepath.Join(out, "v2")
	os.Remove(cassette + ".yaml")

	srv := httptest.NewServer(handler())
	calls := []call{
		{Method: "GET", URL: srv.URL + "/api/users/1", Headers: map[string]string{
			"Accept":        "application/json",
			"Authorization": "Bearer fake-token-for-the-fixture",
		}},
		{Method: "GET", URL: srv.URL + "/api/search?q=tape&page=2", Headers: map[string]string{"Accept": "application/json"}},
		{Method: "POST", URL: srv.URL + "/api/users", Headers: map[string]string{"Content-Type": "application/json"},
			RequestBody: `{"login":"hubot","tags":["bot"]}`},
		{Method: "POST", URL: srv.URL + "/login", Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			RequestBody: "user=ada&lang=go"},
		{Method: "GET", URL: srv.URL + "/readme.txt"},
		{Method: "GET", URL: srv.URL + "/logo.png"},
		{Method: "GET", URL: srv.URL + "/compressed"},
		{Method: "GET", URL: srv.URL + "/trailer"},
		{Method: "GET", URL: srv.URL + "/missing"},
	}

	// Record.
	rec, err := recorder.NewAsMode(cassette, recorder.ModeRecording, nil)
	if err != nil {
		log.Fatal(err)
	}
	rec.SkipRequestLatency = true
	client := &http.Client{Transport: rec}
	for _, c := range calls {
		resp, err := client.Do(c.request())
		if err != nil {
			log.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if err := rec.Stop(); err != nil {
		log.Fatal(err)
	}
	srv.Close()

	// Replay, with the server gone.
	rec, err = recorder.NewAsMode(cassette, recorder.ModeReplaying, nil)
	if err != nil {
		log.Fatal(err)
	}
	rec.SkipRequestLatency = true
	client = &http.Client{Transport: rec}
	for i, c := range calls {
		resp, err := client.Do(c.request())
		if err != nil {
			log.Fatalf("replaying %s %s: %v", c.Method, c.URL, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			log.Fatal(err)
		}
		calls[i].Status, calls[i].Body = resp.StatusCode, body
	}
	if err := rec.Stop(); err != nil {
		log.Fatal(err)
	}

	data, err := json.MarshalIndent(calls, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "v2-replay.json"), append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s.yaml and %s\n", cassette, filepath.Join(out, "v2-replay.json"))
}
