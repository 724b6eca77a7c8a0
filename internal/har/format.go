// Package har converts between HAR 1.2, the HTTP Archive format of
// browsers' developer tools, proxies and Polly.JS, and tapedeck cassettes:
// Read turns a HAR file (1.2 or 1.1) into interactions, with notes on
// what the cassette does not keep, and Marshal writes a cassette as HAR.
//
//	conv, err := har.Read("session.har", data)
//	data, notes, err := har.Marshal(c, "v1.4.0")
//
// HAR stores bodies decoded: Read drops a response's Content-Encoding
// (and corrects its Content-Length), and Marshal writes bodies decoded
// while the headers stay as recorded.
package har

// The HAR 1.2 format (http://www.softwareishard.com/blog/har-12-spec/), the
// parts tapedeck reads and writes. Optional fields tapedeck does not use
// (pages, cache details, timings other than send, wait and receive) are
// ignored on import and left out on export.

type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string     `json:"version"`
	Creator harCreator `json:"creator"`
	Entries []harEntry `json:"entries"`
	Comment string     `json:"comment,omitempty"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
}

type harRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []harCookie  `json:"cookies"`
	Headers     []harNameVal `json:"headers"`
	QueryString []harNameVal `json:"queryString"`
	PostData    *harPostData `json:"postData,omitempty"`
	HeadersSize int64        `json:"headersSize"`
	BodySize    int64        `json:"bodySize"`
	Comment     string       `json:"comment,omitempty"`
}

type harResponse struct {
	Status      int          `json:"status"`
	StatusText  string       `json:"statusText"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []harCookie  `json:"cookies"`
	Headers     []harNameVal `json:"headers"`
	Content     harContent   `json:"content"`
	RedirectURL string       `json:"redirectURL"`
	HeadersSize int64        `json:"headersSize"`
	BodySize    int64        `json:"bodySize"`
	Comment     string       `json:"comment,omitempty"`
}

type harNameVal struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harCookie struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Path     string `json:"path,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Expires  string `json:"expires,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
}

// harPostData is a request body. HAR 1.2 has no encoding field here, but
// tools that write binary bodies (Chrome, martian) add "encoding": "base64",
// as for response content; tapedeck reads and writes it the same way.
type harPostData struct {
	MimeType string     `json:"mimeType"`
	Params   []harParam `json:"params"`
	Text     string     `json:"text"`
	Encoding string     `json:"encoding,omitempty"`
}

type harParam struct {
	Name        string `json:"name"`
	Value       string `json:"value,omitempty"`
	FileName    string `json:"fileName,omitempty"`
	ContentType string `json:"contentType,omitempty"`
}

// harContent is a response body, decoded (no Content-Encoding), as text or
// in base64.
type harContent struct {
	Size        int64  `json:"size"`
	Compression int64  `json:"compression,omitempty"`
	MimeType    string `json:"mimeType"`
	Text        string `json:"text,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}
