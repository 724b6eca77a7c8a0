package cassette

import (
	"fmt"
	"net/http"
	"strings"
)

// DecodedBody returns body, the bytes of a message with headers h as they
// came over the wire (Request.Body or Response.Body), without the
// Content-Encoding that h names: decompressed for gzip, deflate and br,
// unchanged when h names no encoding or "identity". encoding is the
// Content-Encoding that was undone, "" when there was none.
//
// It is for showing a body to a person or handing it to a format that
// stores bodies decoded, such as HAR. A Content-Encoding that tapedeck does
// not decode, a list of several, or a body that does not decompress is an
// error that names the encoding; body is then returned unchanged.
func DecodedBody(h http.Header, body []byte) (plain []byte, encoding string, err error) {
	var values []string
	for k, v := range h {
		if strings.EqualFold(k, "Content-Encoding") {
			values = append(values, v...)
		}
	}
	name := strings.ToLower(strings.TrimSpace(strings.Join(values, ",")))
	if name == "" || name == "identity" || len(body) == 0 {
		return body, "", nil
	}
	c := codecNamed(name)
	if c == nil {
		return body, name, fmt.Errorf("Content-Encoding %q: tapedeck decodes only gzip, deflate and br", name)
	}
	plain, err = c.decode(body, maxDecoded)
	if err != nil {
		return body, name, fmt.Errorf("the body does not decode as %s: %w", name, err)
	}
	return plain, name, nil
}
