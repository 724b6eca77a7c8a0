// Command hargen writes the HAR fixture that tapedeck's import tests read,
// with a real HAR writer: the HAR logger of Google's martian proxy
// (github.com/google/martian/v3/har), in front of a loopback server:
//
//	cd cmd/tapedeck/testdata/hargen && go run .
//
// It writes two files next to this directory, both committed:
//
//   - ../har/example.har: the HAR 1.2 log martian wrote for the requests an
//     http.Client sent through the proxy (JSON, text, gzip-compressed,
//     binary and error responses, a JSON POST, a form POST, a cookie);
//   - ../har/expected.json: for each request, the status code and body the
//     client received through the proxy.
//
// The import test in package main (cmd/tapedeck) converts example.har with
// `tapedeck import --from har` and checks that tapedeck replays the statuses
// and bodies of expected.json. This module is separate so that the tapedeck
// module does not depend on martian; directories named testdata are left
// out of `go test ./...`, so CI never runs it.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/martian/v3"
	"github.com/google/martian/v3/har"
)

const date = "Mon, 05 Jan 2026 10:00:00 GMT"

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"items":[{"id":1,"name":"tape"},{"id":2,"name":"deck"}],"page":%q}`, r.URL.Query().Get("page"))
	})
	mux.HandleFunc("POST /api/items", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"created":%s}`, body)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3ss10n-" + r.Form.Get("user"), Path: "/"})
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "welcome, %s\n", r.Form.Get("user"))
	})
	mux.HandleFunc("GET /notes.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "first line\nsecond line\n")
	})
	mux.HandleFunc("GET /pixel.gif", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	mux.HandleFunc("GET /compressed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "this body was sent gzip-compressed\n")
		zw.Close()
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such page", http.StatusNotFound)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", date)
		mux.ServeHTTP(w, r)
	})
}

// A call is one request and what the client received through the proxy.
type call struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Headers     map[string]string `json:"headers,omitempty"`
	RequestBody string            `json:"request_body,omitempty"`
	Status      int               `json:"status"`
	Body        []byte            `json:"body"`
}

func main() {
	out := filepath.Join("..", "har")
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}

	srv := httptest.NewServer(handler())
	defer srv.Close()

	logger := har.NewLogger()
	proxy := martian.NewProxy()
	proxy.SetRequestModifier(logger)
	proxy.SetResponseModifier(logger)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go proxy.Serve(l)
	defer proxy.Close()

	proxyURL := &url.URL{Scheme: "http", Host: l.Addr().String()}
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)}, Timeout: 10 * time.Second}

	calls := []call{
		{Method: "GET", URL: srv.URL + "/api/items?page=1", Headers: map[string]string{"Accept": "application/json"}},
		{Method: "POST", URL: srv.URL + "/api/items", Headers: map[string]string{"Content-Type": "application/json"},
			RequestBody: `{"name":"cassette"}`},
		{Method: "POST", URL: srv.URL + "/login", Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			RequestBody: "user=ada"},
		{Method: "GET", URL: srv.URL + "/notes.txt"},
		{Method: "GET", URL: srv.URL + "/pixel.gif"},
		{Method: "GET", URL: srv.URL + "/compressed"},
		{Method: "GET", URL: srv.URL + "/missing"},
	}
	for i, c := range calls {
		req, err := http.NewRequest(c.Method, c.URL, strings.NewReader(c.RequestBody))
		if err != nil {
			log.Fatal(err)
		}
		if c.RequestBody == "" {
			req.Body = nil
		}
		for k, v := range c.Headers {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			log.Fatal(err)
		}
		calls[i].Status, calls[i].Body = resp.StatusCode, body
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(logger.Export()); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "example.har"), buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	data, err := json.MarshalIndent(calls, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "expected.json"), append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s and %s\n", filepath.Join(out, "example.har"), filepath.Join(out, "expected.json"))
}
