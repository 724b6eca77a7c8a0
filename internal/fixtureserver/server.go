// Package fixtureserver is the small, deterministic HTTP API that the
// project's own fixtures are recorded from. Tests and the fixture generator
// start it on loopback with httptest; nothing here reaches the internet.
package fixtureserver

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
)

// Host is the host name the fixtures are recorded under. Transport routes it
// to the loopback server, so cassettes do not carry random ports.
const Host = "api.example.test"

// Logo returns n deterministic pseudo-random bytes: the body of GET
// /logo.bin?size=n.
func Logo(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}

// Handler returns the API:
//
//	GET    /repos/{id}     JSON, with an ETag; 404 JSON error for ids other than 1 and 2
//	POST   /repos          JSON body in, 201 with the body echoed and an id
//	DELETE /repos/{id}     204
//	HEAD   /repos/{id}     headers only
//	GET    /hello          text/plain
//	GET    /logo.bin       binary (?size=N bytes, default 256)
//	GET    /gzip           text, gzip-encoded when the client accepts gzip
//	GET    /trailer        text with a trailer
//	GET    /count          {"n": N}: how many requests the server has seen
//
// Responses carry no Date header, so recordings are deterministic.
func Handler() http.Handler {
	var mu sync.Mutex
	seen := 0
	mux := http.NewServeMux()
	count := func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen++
			mu.Unlock()
			w.Header()["Date"] = nil
			next(w, r)
		}
	}
	repos := map[string]string{
		"1": `{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`,
		"2": `{"id":2,"name":"cassette","stars":7,"topics":[]}`,
	}
	mux.HandleFunc("GET /repos/{id}", count(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, ok := repos[r.PathValue("id")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"no such repository"}`)
			return
		}
		etag := `"v` + r.PathValue("id") + `"`
		w.Header().Set("Etag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			return
		}
		io.WriteString(w, body)
	}))
	mux.HandleFunc("POST /repos", count(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]any
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
			return
		}
		in["id"] = 3
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(in)
	}))
	mux.HandleFunc("DELETE /repos/{id}", count(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.HandleFunc("GET /hello", count(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "hello from tapedeck\nsecond line\n")
	}))
	mux.HandleFunc("GET /logo.bin", count(func(w http.ResponseWriter, r *http.Request) {
		n := 256
		fmt.Sscan(r.URL.Query().Get("size"), &n)
		if n < 0 || n > 16<<20 {
			http.Error(w, "size out of range", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(Logo(n))
	}))
	mux.HandleFunc("GET /gzip", count(func(w http.ResponseWriter, r *http.Request) {
		text := strings.Repeat("compressible text, ", 20) + "\n"
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			io.WriteString(w, text)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, text)
		zw.Close()
	}))
	mux.HandleFunc("GET /trailer", count(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Checksum")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "body with a trailer\n")
		w.Header().Set("X-Checksum", "abc123")
	}))
	mux.HandleFunc("GET /count", count(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := seen
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"n":%d}`, n)
	}))
	return mux
}
