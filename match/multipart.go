package match

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// A part is one part of a multipart body.
type part struct {
	// header is the part's header, with the boundary left out of a
	// multipart Content-Type (it is random).
	header http.Header
	// req is the part as a request: its header as sent and its body, which
	// Body's rules read.
	req     *cassette.Request
	reading reading
}

// readMultipart splits a multipart body into its parts and returns them
// with the body's canonical form: each part's header and canonical body,
// without the boundary.
func readMultipart(r *cassette.Request) ([]part, []byte, error) {
	_, params, err := mime.ParseMediaType(r.Headers.Get("Content-Type"))
	if err != nil {
		return nil, nil, fmt.Errorf("the Content-Type does not parse: %w", err)
	}
	boundary := params["boundary"]
	if boundary == "" {
		return nil, nil, errors.New("the Content-Type has no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), boundary)
	var parts []part
	var canon bytes.Buffer
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		body, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		req := &cassette.Request{Headers: http.Header(p.Header), Body: body}
		pt := part{header: partHeader(p.Header), req: req, reading: bodyReader{}.read(req)}
		parts = append(parts, pt)

		canon.WriteString("--part\n")
		for _, k := range sortedKeys(pt.header, nil) {
			for _, v := range pt.header[k] {
				fmt.Fprintf(&canon, "%s: %s\n", k, v)
			}
		}
		fmt.Fprintf(&canon, "\n%d %d\n", pt.reading.kind, len(pt.reading.canon))
		canon.Write(pt.reading.canon)
	}
	return parts, canon.Bytes(), nil
}

// partHeader is h with the boundary left out of a multipart Content-Type.
func partHeader(h textproto.MIMEHeader) http.Header {
	out := http.Header(h).Clone()
	ct := out.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		delete(params, "boundary")
		out.Set("Content-Type", mime.FormatMediaType(mt, params))
	}
	return out
}

// multipartDifferences lists how two multipart bodies differ, part by part.
func multipartDifferences(prefix string, recorded, live []part) []Difference {
	var ds []Difference
	if len(recorded) != len(live) {
		ds = append(ds, Difference{Path: prefix + " parts", Recorded: strconv.Itoa(len(recorded)), Live: strconv.Itoa(len(live))})
	}
	for i := range min(len(recorded), len(live)) {
		r, l := recorded[i], live[i]
		label := fmt.Sprintf("%s part %d", prefix, i+1)
		if name := partName(r.header); name != "" {
			label += " " + strconv.Quote(name)
		}
		for _, k := range sortedKeys(r.header, l.header) {
			rv, rok := r.header[k]
			lv, lok := l.header[k]
			if rok && lok && slices.Equal(rv, lv) {
				continue
			}
			ds = append(ds, Difference{Path: label + " header " + k, Recorded: formatValues(rv, rok), Live: formatValues(lv, lok)})
		}
		if r.reading.kind != l.reading.kind || !bytes.Equal(r.reading.canon, l.reading.canon) {
			ds = append(ds, bodyReader{}.explain(label, r.req, l.req, r.reading, l.reading)...)
		}
	}
	return ds
}

// partName is the form field name of a part, from its Content-Disposition.
func partName(h http.Header) string {
	_, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil {
		return ""
	}
	return params["name"]
}
