package main

import (
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
// body sent, except for HEAD, where the recorded value stays.
func respond(w http.ResponseWriter, method string, rs *cassette.Response) {
	h := w.Header()
	for k, v := range rs.Headers {
		if !isHopByHop(k) {
			h[k] = slices.Clone(v)
		}
	}
	body := rs.Body
	noBody := method == http.MethodHead || rs.Code == http.StatusNoContent || rs.Code == http.StatusNotModified
	if !noBody && h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.Itoa(len(body)))
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
	if !noBody {
		w.Write(body)
	}
	for _, k := range trailers {
		h[k] = slices.Clone(rs.Trailers[k])
	}
}
