package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// hopByHop are the headers that describe one connection rather than the
// message (RFC 9110 §7.6.1), which serve does not copy; the server it runs
// chooses its own framing.
var hopByHop = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func isHopByHop(name string) bool {
	return slices.Contains(hopByHop, http.CanonicalHeaderKey(name))
}

// respond writes a recorded (or just received) response to w: its status,
// headers, body and trailers. Content-Length is set to the length of the
// body sent, except for HEAD, where the recorded value stays. A body in a
// body file is read from it, path being the cassette's, and checked as it
// is sent.
//
// The error is a body file that could not be sent: missing (then respond
// answered 500 Internal Server Error, saying why) or damaged, found so
// once the status was sent. Then the error is errBodyCut: the body was cut
// short, and the caller must abort the response (panic with
// http.ErrAbortHandler), so that the client sees a broken response rather
// than wrong bytes.
func respond(w http.ResponseWriter, method, path string, rs *cassette.Response) error {
	noBody := method == http.MethodHead || rs.Code == http.StatusNoContent || rs.Code == http.StatusNotModified
	var file io.ReadCloser
	if rs.BodyFile != "" && !noBody {
		var err error
		if file, err = cassette.OpenBody(disk, path, rs); err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Tapedeck", "body-file-error")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, "tapedeck serve: %v\n", err)
			return err
		}
		defer file.Close()
	}
	h := w.Header()
	for k, v := range rs.Headers {
		if !isHopByHop(k) {
			h[k] = slices.Clone(v)
		}
	}
	length := int64(len(rs.Body))
	if rs.BodyFile != "" {
		length = rs.BodySize
	}
	if !noBody && h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.FormatInt(length, 10))
	}
	var trailers []string
	for k := range rs.Trailers {
		trailers = append(trailers, k)
	}
	slices.Sort(trailers)
	if len(trailers) > 0 {
		h.Set("Trailer", strings.Join(trailers, ", "))
		h.Del("Content-Length") // trailers need a chunked body
	}
	w.WriteHeader(rs.Code)
	switch {
	case noBody:
	case file != nil:
		if err := sendChecked(w, file); err != nil {
			return fmt.Errorf("%w: %w", errBodyCut, err)
		}
	default:
		w.Write(rs.Body)
	}
	for _, k := range trailers {
		h[k] = slices.Clone(rs.Trailers[k])
	}
	return nil
}

// errBodyCut is respond's error for a body file found damaged while it
// was sent.
var errBodyCut = errors.New("the body file was cut short")

// sendChecked copies body, a body file that cassette.OpenBody checks, to
// w. It holds back the last piece it read until the next read succeeds,
// since the check fails on the read that reaches the end: a damaged file
// is never sent whole. The error is body's, or w's.
func sendChecked(w io.Writer, body io.Reader) error {
	held, next := make([]byte, 32<<10), make([]byte, 32<<10)
	n := 0 // bytes of held not yet written
	for {
		m, err := body.Read(next)
		if err != nil && err != io.EOF {
			return err
		}
		if m > 0 {
			if n > 0 {
				if _, err := w.Write(held[:n]); err != nil {
					return err
				}
			}
			held, next, n = next, held, m
		}
		if err == io.EOF {
			if n > 0 {
				if _, err := w.Write(held[:n]); err != nil {
					return err
				}
			}
			return nil
		}
	}
}
