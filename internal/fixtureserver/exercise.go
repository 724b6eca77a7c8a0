package fixtureserver

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Exercise sends the requests that make up fixtures/example.yaml, in order,
// through c, and reads every response in full.
func Exercise(c *http.Client) error {
	base := "http://" + Host
	type call struct {
		method, path, contentType, body string
		header                          http.Header
	}
	calls := []call{
		{method: "GET", path: "/repos/1", header: http.Header{"Accept": {"application/json"}}},
		{method: "GET", path: "/repos/2", header: http.Header{"Accept": {"application/json"}}},
		{method: "GET", path: "/repos/9", header: http.Header{"Accept": {"application/json"}}},
		{method: "POST", path: "/repos", contentType: "application/json", body: `{"name":"new-repo","private":false}`},
		{method: "HEAD", path: "/repos/1"},
		{method: "DELETE", path: "/repos/2"},
		{method: "GET", path: "/hello"},
		{method: "GET", path: "/logo.bin?size=48"},
		{method: "GET", path: "/gzip", header: http.Header{"Accept-Encoding": {"gzip"}}},
		{method: "GET", path: "/trailer"},
	}
	for _, k := range calls {
		var body io.Reader
		if k.body != "" {
			body = strings.NewReader(k.body)
		}
		req, err := http.NewRequest(k.method, base+k.path, body)
		if err != nil {
			return err
		}
		for name, vs := range k.header {
			req.Header[name] = vs
		}
		if k.contentType != "" {
			req.Header.Set("Content-Type", k.contentType)
		}
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: %w", k.method, k.path, err)
		}
	}
	return nil
}
