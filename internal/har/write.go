package har

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/english"
)

// Marshal returns the cassette c as a HAR 1.2 file, indented JSON with one
// entry per interaction, and notes on what HAR cannot hold (trailers).
// creator is the version of tapedeck writing it, for log.creator.
func Marshal(c *cassette.Cassette, creator string) (data []byte, notes []string, err error) {
	h := toHAR(c, creator)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return nil, nil, err
	}
	trailers := 0
	for _, in := range c.Interactions {
		if len(in.Response.Trailers) > 0 {
			trailers++
		}
	}
	if trailers > 0 {
		notes = append(notes, fmt.Sprintf("HAR has no trailers: those of %s are left out", english.Plural(trailers, "interaction")))
	}
	return buf.Bytes(), notes, nil
}

// toHAR converts a cassette to a HAR log.
func toHAR(c *cassette.Cassette, creator string) *harFile {
	h := &harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: "tapedeck", Version: creator},
		Entries: []harEntry{},
	}}
	for _, in := range c.Interactions {
		h.Log.Entries = append(h.Log.Entries, harEntryOf(in))
	}
	return h
}

func harEntryOf(in *cassette.Interaction) harEntry {
	ms := float64(in.Duration) / float64(time.Millisecond)
	started := in.RecordedAt
	e := harEntry{Time: ms, Timings: harTimings{Wait: ms}}
	if started.IsZero() {
		started = time.Unix(0, 0)
		e.Comment = "recorded_at unknown"
	}
	e.StartedDateTime = started.UTC().Format(time.RFC3339Nano)

	rq := &in.Request
	e.Request = harRequest{
		Method:      rq.Method,
		URL:         rq.URL,
		HTTPVersion: "HTTP/1.1",
		Cookies:     harCookies((&http.Request{Header: rq.Headers}).Cookies()),
		Headers:     harHeaderList(rq.Headers),
		QueryString: harQuery(rq.URL),
		HeadersSize: -1,
		BodySize:    int64(len(rq.Body)),
	}
	if len(rq.Body) > 0 {
		pd := &harPostData{MimeType: rq.Headers.Get("Content-Type"), Params: []harParam{}}
		pd.Text, pd.Encoding = harTextOf(rq.Body)
		if mt, _, _ := mime.ParseMediaType(pd.MimeType); mt == "application/x-www-form-urlencoded" {
			for _, nv := range harPairs(string(rq.Body)) {
				pd.Params = append(pd.Params, harParam{Name: nv.Name, Value: nv.Value})
			}
		}
		e.Request.PostData = pd
	}

	rs := &in.Response
	statusText := strings.TrimSpace(strings.TrimPrefix(rs.Status, fmt.Sprint(rs.Code)))
	if statusText == "" {
		statusText = http.StatusText(rs.Code)
	}
	proto := rs.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	e.Response = harResponse{
		Status:      rs.Code,
		StatusText:  statusText,
		HTTPVersion: proto,
		Cookies:     harCookies((&http.Response{Header: rs.Headers}).Cookies()),
		Headers:     harHeaderList(rs.Headers),
		RedirectURL: rs.Headers.Get("Location"),
		HeadersSize: -1,
		BodySize:    int64(len(rs.Body)),
	}
	plain, encoding, err := cassette.DecodedBody(rs.Headers, rs.Body)
	content := harContent{MimeType: rs.Headers.Get("Content-Type"), Size: int64(len(plain))}
	if encoding != "" && err == nil {
		content.Compression = int64(len(plain) - len(rs.Body))
	}
	if err != nil {
		e.Response.Comment = fmt.Sprintf("body kept as sent: %v", err)
	}
	content.Text, content.Encoding = harTextOf(plain)
	e.Response.Content = content
	return e
}

// harTextOf returns b as HAR writes a body: as it is when it is text, in
// base64 otherwise.
func harTextOf(b []byte) (text, encoding string) {
	if len(b) == 0 {
		return "", ""
	}
	if cassette.IsText(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), "base64"
}

// harHeaderList lists h, names sorted, one entry per value.
func harHeaderList(h http.Header) []harNameVal {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	list := []harNameVal{}
	for _, k := range keys {
		for _, v := range h[k] {
			list = append(list, harNameVal{Name: k, Value: v})
		}
	}
	return list
}

// harQuery lists the query parameters of u in the order they appear.
func harQuery(u string) []harNameVal {
	list := []harNameVal{}
	if parsed, err := url.Parse(u); err == nil {
		list = append(list, harPairs(parsed.RawQuery)...)
	}
	return list
}

// harPairs splits a query or form body into name/value pairs, in order,
// unescaped where they unescape.
func harPairs(raw string) []harNameVal {
	var list []harNameVal
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		list = append(list, harNameVal{Name: unescape(k), Value: unescape(v)})
	}
	return list
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func harCookies(cs []*http.Cookie) []harCookie {
	list := []harCookie{}
	for _, c := range cs {
		hc := harCookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain, HTTPOnly: c.HttpOnly, Secure: c.Secure}
		if !c.Expires.IsZero() {
			hc.Expires = c.Expires.UTC().Format(time.RFC3339)
		}
		list = append(list, hc)
	}
	return list
}
