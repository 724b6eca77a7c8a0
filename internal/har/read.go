package har

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/convert"
	"github.com/tapedeck/recorder/internal/english"
)

// Read converts the entries of the HAR 1.2 (or 1.1) file data, read from
// path (which the errors and sources name). Entries without a response
// (status 0) are skipped, with a note. A file that is not HAR, or an entry
// that cannot be an interaction, is an error that says where and why.
func Read(path string, data []byte) (*convert.Result, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: the file is empty, so there is nothing to import: a HAR file is a JSON object with a \"log\" holding \"entries\"; export it again (in a browser's network panel: Save all as HAR with content)", path)
	}
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
	conv := &convert.Result{}
	var dropped convert.Drops
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
		conv.Add(in, src)
	}
	if skipped > 0 {
		conv.Notef("skipped %s without a response (status 0: blocked, cancelled or failed in the browser)", english.Plural(skipped, "entry"))
	}
	if noBody > 0 {
		conv.Notef("%s had a response body the HAR does not include (content.text missing; "+
			"in a browser, export with content), imported with an empty body", english.Plural(noBody, "entry"))
	}
	conv.Notes = append(conv.Notes, dropped.Notes()...)
	return conv, nil
}

// fromHAR maps one HAR entry.
func fromHAR(e *harEntry, dropped *convert.Drops) (*cassette.Interaction, error) {
	rq, rs := &e.Request, &e.Response
	if rq.Method == "" || rq.URL == "" {
		return nil, errors.New("the request has no method or url")
	}
	// Bounded before the conversion: a float beyond the range of a
	// Duration converts to an arbitrary one.
	if e.Time < 0 || e.Time > float64(convert.MaxDuration/time.Millisecond) {
		problem := "is negative"
		if e.Time > 0 {
			problem = "is longer than a day"
		}
		return nil, fmt.Errorf("time %v %s: it is how long the request took in milliseconds; correct it or delete the field", e.Time, problem)
	}
	in := &cassette.Interaction{
		Duration: cassette.RoundDuration(time.Duration(e.Time * float64(time.Millisecond))),
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
		in.Request.Headers = convert.EmptyToNil(in.Request.Headers)
	}
	body, err := harRequestBody(rq.PostData, dropped)
	if err != nil {
		return nil, err
	}
	in.Request.Body = body
	if err := encodeRequestBody(&in.Request, dropped); err != nil {
		return nil, err
	}

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
			dropped.Add("the Content-Encoding header of decoded bodies")
		}
		if h.Get("Transfer-Encoding") != "" {
			h.Del("Transfer-Encoding")
			dropped.Add("Transfer-Encoding headers (the server chooses the framing)")
		}
		in.Response.Headers = convert.EmptyToNil(h)
	}
	return in, nil
}

// encodeRequestBody gives a request that was sent with a Content-Encoding
// the bytes such a request has on the wire. HAR keeps postData decoded
// (Chrome writes a gzip-compressed POST as its plain text), while a
// cassette keeps a request's body as it was sent, under its headers: so
// the body is compressed again with Go's encoder at its default level,
// which the cassette stores decoded and readable, and which a Go client
// compressing the same body at that level sends byte for byte. An
// encoding tapedeck cannot produce is dropped from the headers, with a
// note, so that the body is what the headers say it is.
func encodeRequestBody(rq *cassette.Request, dropped *convert.Drops) error {
	h := rq.Headers
	name := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	if name == "" || name == "identity" || len(rq.Body) == 0 {
		return nil
	}
	var buf bytes.Buffer
	var w io.WriteCloser
	switch name {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "br":
		w = brotli.NewWriter(&buf)
	default:
		h.Del("Content-Encoding")
		dropped.Add(fmt.Sprintf("the Content-Encoding %q of request bodies, which HAR keeps decoded and tapedeck cannot encode again", name))
		fixLength(h, len(rq.Body))
		return nil
	}
	if _, err := w.Write(rq.Body); err != nil {
		return fmt.Errorf("request postData: compressing it as %s again: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("request postData: compressing it as %s again: %w", name, err)
	}
	rq.Body = buf.Bytes()
	fixLength(h, len(rq.Body))
	return nil
}

// fixLength sets a Content-Length header that h has to n.
func fixLength(h http.Header, n int) {
	if h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.Itoa(n))
	}
}

// harHeaders turns a HAR header list into an http.Header with canonical
// names (HTTP/2 browsers write them in lower case), leaving out HTTP/2
// pseudo-headers such as ":authority".
func harHeaders(list []harNameVal, dropped *convert.Drops) http.Header {
	if len(list) == 0 {
		return nil
	}
	h := make(http.Header, len(list))
	for _, nv := range list {
		if strings.HasPrefix(nv.Name, ":") {
			dropped.Add("HTTP/2 pseudo-headers (:method, :authority...)")
			continue
		}
		h.Add(nv.Name, nv.Value)
	}
	return h
}

// harRequestBody returns the request body of postData: its text, or for a
// urlencoded form recorded only as params, the params encoded in order.
func harRequestBody(pd *harPostData, dropped *convert.Drops) ([]byte, error) {
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
		dropped.Add(fmt.Sprintf("%s request bodies given only as params (their bytes are not in the HAR)", pd.MimeType))
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
