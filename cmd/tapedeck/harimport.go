package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// readHAR converts the entries of a HAR 1.2 (or 1.1) file.
func readHAR(path string, data []byte) (*converted, error) {
	var f harFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a HAR file: %s", path, jsonError(data, err))
	}
	if f.Log.Version == "" && f.Log.Entries == nil {
		return nil, fmt.Errorf("%s: not a HAR file: it has no \"log\" with \"entries\"", path)
	}
	if f.Log.Version != "" && f.Log.Version != "1.2" && f.Log.Version != "1.1" {
		return nil, fmt.Errorf("%s: HAR version %q: tapedeck reads HAR 1.2 and 1.1", path, f.Log.Version)
	}
	conv := &converted{}
	var dropped dropCounter
	skipped, noBody := 0, 0
	for i := range f.Log.Entries {
		e := &f.Log.Entries[i]
		src := fmt.Sprintf("%s entry %d", path, i+1)
		if e.Response.Status == 0 {
			skipped++
			continue
		}
		if c := e.Response.Status; c < 100 || c > 999 {
			return nil, fmt.Errorf("%s: response status %d is not an HTTP status code: "+
				"a tapedeck cassette holds three-digit codes; correct it or delete the entry", src, c)
		}
		in, err := fromHAR(e, &dropped)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		if e.Response.Content.Text == "" && e.Response.Content.Size > 0 {
			noBody++
		}
		conv.interactions = append(conv.interactions, in)
		conv.sources = append(conv.sources, src)
	}
	if skipped > 0 {
		conv.note("skipped %s without a response (status 0: blocked, cancelled or failed in the browser)", plural(skipped, "entry"))
	}
	if noBody > 0 {
		conv.note("%s had a response body the HAR does not include (content.text missing; "+
			"in a browser, export with content), imported with an empty body", plural(noBody, "entry"))
	}
	conv.notes = append(conv.notes, dropped.notes()...)
	return conv, nil
}

// fromHAR maps one HAR entry.
func fromHAR(e *harEntry, dropped *dropCounter) (*cassette.Interaction, error) {
	rq, rs := &e.Request, &e.Response
	if rq.Method == "" || rq.URL == "" {
		return nil, errors.New("the request has no method or url")
	}
	// Bounded before the conversion: a float beyond the range of a
	// Duration converts to an arbitrary one.
	if e.Time < 0 || e.Time > float64(maxDuration/time.Millisecond) {
		problem := "is negative"
		if e.Time > 0 {
			problem = "is longer than a day"
		}
		return nil, fmt.Errorf("time %v %s: it is how long the request took in milliseconds; correct it or delete the field", e.Time, problem)
	}
	in := &cassette.Interaction{
		Duration: roundDuration(time.Duration(e.Time * float64(time.Millisecond))),
		Request: cassette.Request{
			Method:  rq.Method,
			URL:     rq.URL,
			Headers: harHeaders(rq.Headers, dropped),
		},
		Response: cassette.Response{
			Code:    rs.Status,
			Status:  harStatus(rs.Status, rs.StatusText),
			Proto:   harProto(rs.HTTPVersion),
			Headers: harHeaders(rs.Headers, dropped),
		},
	}
	if t, err := time.Parse(time.RFC3339Nano, e.StartedDateTime); err == nil && t.Unix() != 0 {
		// The Unix epoch is what tapedeck export writes for an unknown time.
		t = t.UTC().Truncate(time.Second)
		if t.Year() < 0 || t.Year() > 9999 {
			// A cassette keeps times in UTC, which an offset can push out
			// of the four-digit years RFC 3339 has.
			return nil, fmt.Errorf("startedDateTime %q is in the year %d in UTC, outside the years 0000 to 9999 a cassette can hold; correct it or delete the field",
				e.StartedDateTime, t.Year())
		}
		in.RecordedAt = t
	}
	if in.Request.Headers != nil {
		// The host is in the URL; Go clients do not send it as a header.
		in.Request.Headers.Del("Host")
		in.Request.Headers = emptyToNil(in.Request.Headers)
	}
	body, err := harRequestBody(rq.PostData, dropped)
	if err != nil {
		return nil, err
	}
	in.Request.Body = body

	if in.Response.Body, err = harText(rs.Content.Text, rs.Content.Encoding); err != nil {
		return nil, fmt.Errorf("response content: %w", err)
	}
	if h := in.Response.Headers; h != nil {
		// HAR bodies are decoded: the cassette replays them as the client
		// saw them, without the Content-Encoding they had on the wire.
		if h.Get("Content-Encoding") != "" {
			h.Del("Content-Encoding")
			if h.Get("Content-Length") != "" {
				h.Set("Content-Length", strconv.Itoa(len(in.Response.Body)))
			}
			dropped.add("the Content-Encoding header of decoded bodies")
		}
		if h.Get("Transfer-Encoding") != "" {
			h.Del("Transfer-Encoding")
			dropped.add("Transfer-Encoding headers (the server chooses the framing)")
		}
		in.Response.Headers = emptyToNil(h)
	}
	return in, nil
}

// harHeaders turns a HAR header list into an http.Header with canonical
// names (HTTP/2 browsers write them in lower case), leaving out HTTP/2
// pseudo-headers such as ":authority".
func harHeaders(list []harNameVal, dropped *dropCounter) http.Header {
	if len(list) == 0 {
		return nil
	}
	h := make(http.Header, len(list))
	for _, nv := range list {
		if strings.HasPrefix(nv.Name, ":") {
			dropped.add("HTTP/2 pseudo-headers (:method, :authority...)")
			continue
		}
		h.Add(nv.Name, nv.Value)
	}
	return h
}

// harRequestBody returns the request body of postData: its text, or for a
// urlencoded form recorded only as params, the params encoded in order.
func harRequestBody(pd *harPostData, dropped *dropCounter) ([]byte, error) {
	if pd == nil {
		return nil, nil
	}
	if pd.Text != "" {
		b, err := harText(pd.Text, pd.Encoding)
		if err != nil {
			return nil, fmt.Errorf("request postData: %w", err)
		}
		return b, nil
	}
	if len(pd.Params) == 0 {
		return nil, nil
	}
	mt, _, _ := mime.ParseMediaType(pd.MimeType)
	if mt != "application/x-www-form-urlencoded" {
		dropped.add(fmt.Sprintf("%s request bodies given only as params (their bytes are not in the HAR)", pd.MimeType))
		return nil, nil
	}
	var b strings.Builder
	for i, p := range pd.Params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Name) + "=" + url.QueryEscape(p.Value))
	}
	return []byte(b.String()), nil
}

// harText returns the bytes of a HAR text field: base64-decoded when
// encoding says so.
func harText(text, encoding string) ([]byte, error) {
	switch encoding {
	case "":
		if text == "" {
			return nil, nil
		}
		return []byte(text), nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, fmt.Errorf("text is not valid base64: %w", err)
		}
		if len(b) == 0 {
			return nil, nil
		}
		return b, nil
	}
	return nil, fmt.Errorf("encoding %q: tapedeck reads text and base64", encoding)
}

// harStatus is the status line text: "404 Not Found".
func harStatus(code int, text string) string {
	if text == "" {
		text = http.StatusText(code)
	}
	return strings.TrimSpace(strconv.Itoa(code) + " " + text)
}

// harProto turns a HAR httpVersion (HTTP/1.1, h2, http/2.0, h3) into the
// protocol Go reports, or "" when it is not one.
func harProto(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "http/1.0":
		return "HTTP/1.0"
	case "http/1.1":
		return "HTTP/1.1"
	case "h2", "http/2", "http/2.0":
		return "HTTP/2.0"
	case "h3", "http/3", "http/3.0":
		return "HTTP/3.0"
	}
	return ""
}

// jsonError adds the line and column to a JSON decoding error.
func jsonError(data []byte, err error) string {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return err.Error()
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}
