package cachetests

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// server is the origin of one case: it answers request n (the Req-Num
// header the client sends) as the case's n-th request says, and keeps what
// it saw for checkServer.
type server struct {
	c     Case
	token string
	clock *clock

	mu   sync.Mutex
	seen []seenRequest
	sent map[int]http.Header // the headers sent for each request number
}

type seenRequest struct {
	num    int
	method string
	header http.Header
	saved  []savedHeader
}

// savedHeader is a response header the client must receive as sent.
type savedHeader struct {
	name   string
	values []string
}

func (sv *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.sent == nil {
		sv.sent = make(map[int]http.Header)
	}
	srvNum := len(sv.seen) + 1
	cliNum, _ := strconv.Atoi(r.Header.Get("Req-Num"))
	num := cliNum
	if num == 0 {
		num = srvNum
	}
	if num < 1 || num > len(sv.c.Requests) {
		http.Error(w, "no such request", http.StatusConflict)
		return
	}
	rc := &sv.c.Requests[num-1]
	if rc.ServerPause > 0 {
		sv.clock.sleep(rc.ServerPause)
	}
	now := sv.clock.now()

	status := rc.Status
	if status == 0 {
		status = http.StatusOK
	}
	if rc.Expect == ETagChecked || rc.Expect == DateChecked {
		status = 999
		// The previous request's validators: as sent, or, when the cache
		// answered that request, as its case says.
		prev := sv.sent[num-1]
		if prev == nil && num >= 2 {
			prev = http.Header{}
			for _, x := range sv.c.Requests[num-2].RespHeaders {
				if x.Offset == nil {
					prev.Add(x.Name, x.Value)
				}
			}
		}
		if prev != nil {
			if lm := prev.Get("Last-Modified"); lm != "" && r.Header.Get("If-Modified-Since") == lm {
				status = http.StatusNotModified
			}
			if etag := prev.Get("ETag"); etag != "" && r.Header.Get("If-None-Match") == etag {
				status = http.StatusNotModified
			}
		}
	}

	hdr := w.Header()
	hdr.Set("Server-Base-Url", r.URL.RequestURI())
	hdr.Set("Server-Request-Count", strconv.Itoa(srvNum))
	hdr.Set("Client-Request-Count", strconv.Itoa(cliNum))
	hdr.Set("Server-Now", strconv.FormatInt(now.UnixMilli(), 10))
	var saved []savedHeader
	for _, x := range rc.RespHeaders {
		v := x.Value
		switch {
		case x.Offset != nil:
			v = httpDate(now, *x.Offset, x.RFC850)
		case rc.Locations && (strings.EqualFold(x.Name, "Location") || strings.EqualFold(x.Name, "Content-Location")):
			v = strings.TrimSuffix(r.URL.RequestURI()+"/"+v, "/")
		}
		hdr[http.CanonicalHeaderKey(x.Name)] = append(hdr[http.CanonicalHeaderKey(x.Name)], v)
		if !x.Unchecked {
			saved = setSaved(saved, x.Name, hdr.Values(x.Name))
		}
	}
	if hdr.Get("Content-Type") == "" {
		hdr.Set("Content-Type", "text/plain")
	}
	if _, ok := hdr["Date"]; !ok {
		hdr.Set("Date", httpDate(now, 0, false))
	}
	sv.sent[num] = hdr.Clone()
	sv.seen = append(sv.seen, seenRequest{num: cliNum, method: r.Method, header: r.Header.Clone(), saved: saved})
	nums := make([]string, len(sv.seen))
	for i, s := range sv.seen {
		nums[i] = strconv.Itoa(s.num)
	}
	hdr.Set("Request-Numbers", strings.Join(nums, " "))

	if rc.Disconnect {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	w.WriteHeader(status)
	if status == http.StatusNoContent || status == http.StatusNotModified || r.Method == http.MethodHead {
		return
	}
	body := sv.token
	if rc.RespBody != nil && rc.RespBody != None {
		body = *rc.RespBody
	}
	// A declared Content-Length is what the client reads, whatever the
	// body (net/http would refuse to write a longer one).
	if n, err := strconv.Atoi(hdr.Get("Content-Length")); err == nil && n >= 0 && n < len(body) {
		body = body[:n]
	}
	w.Write([]byte(body))
}

// setSaved records name's values, replacing an earlier record of it.
func setSaved(saved []savedHeader, name string, values []string) []savedHeader {
	for i := range saved {
		if strings.EqualFold(saved[i].name, name) {
			saved[i].values = values
			return saved
		}
	}
	return append(saved, savedHeader{name: name, values: values})
}
