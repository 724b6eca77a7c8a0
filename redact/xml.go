package redact

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// isXML reports whether a body with headers h is XML: its Content-Type is
// an xml or +xml type, or it has none that says otherwise and starts with
// an XML declaration (<?xml), as the AWS query APIs (STS, SQS, S3) answer.
func isXML(h http.Header, body []byte) bool {
	return isXMLType(contentType(h), body)
}

// isXMLType is isXML for the Content-Type ct.
func isXMLType(ct string, body []byte) bool {
	// The media type is ASCII (ParseMediaType refuses others), so one
	// without "xml" or "html" in any case decides nothing here.
	if containsFold(ct, "xml") || containsFold(ct, "html") {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			_, sub, _ := strings.Cut(mt, "/")
			if sub == "xml" || strings.HasSuffix(sub, "+xml") {
				return true
			}
			if mt == "text/html" {
				return false
			}
		}
	}
	return bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n\ufeff"), []byte("<?xml"))
}

// An xmlVisitor is called for the text of every element and for every
// attribute, in document order: path holds the names of the enclosing
// elements (local names, outermost first), name is the element's or the
// attribute's local name, attr says which, and value is the text as XML
// decodes it. Returning true replaces the text, as it is written in the
// document, with the placeholder.
type xmlVisitor func(path []string, name string, attr bool, value string) bool

// walkXML reads an XML document and returns the spans of the texts and
// attribute values that visit selected, in document order. Only whole
// documents are walked: one that does not parse is an error, and the body
// is then treated as text.
func walkXML(doc []byte, visit xmlVisitor) ([]span, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	var edits []span
	var path []string
	for {
		start := int(d.InputOffset())
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			if len(path) != 0 {
				return nil, errors.New("XML ends inside an element")
			}
			return edits, nil
		}
		if err != nil {
			return nil, err
		}
		end := int(d.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			for _, a := range t.Attr {
				if a.Value == "" || a.Value == Placeholder || !visit(path, a.Name.Local, true, a.Value) {
					continue
				}
				if s, ok := attrSpan(doc[start:end], a.Name); ok {
					edits = append(edits, span{start + s.start, start + s.end})
				}
			}
		case xml.EndElement:
			if len(path) == 0 {
				return nil, errors.New("XML closes an element it did not open")
			}
			path = path[:len(path)-1]
		case xml.CharData:
			text := string(t)
			if len(path) == 0 || strings.TrimSpace(text) == "" || text == Placeholder {
				continue
			}
			if visit(path[:len(path)-1], path[len(path)-1], false, text) {
				edits = append(edits, span{start, end})
			}
		}
	}
}

// attrSpan finds the value of the attribute name (without its quotes) in
// the text of a start tag.
func attrSpan(tag []byte, name xml.Name) (span, bool) {
	full := name.Local
	if name.Space != "" {
		full = name.Space + ":" + name.Local
	}
	for from := 0; ; {
		i := bytes.Index(tag[from:], []byte(full))
		if i < 0 {
			return span{}, false
		}
		i += from
		from = i + len(full)
		if i == 0 || !isXMLSpace(tag[i-1]) {
			continue
		}
		j := from
		for j < len(tag) && isXMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && isXMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '"' && tag[j] != '\'' {
			continue
		}
		q := tag[j]
		k := bytes.IndexByte(tag[j+1:], q)
		if k < 0 {
			return span{}, false
		}
		return span{j + 1, j + 1 + k}, true
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// redactXML replaces the text of the elements and the values of the
// attributes that XMLElement names or the default names cover (as for JSON
// members: SecretAccessKey, SessionToken, Password, ClientSecret...) with
// Placeholder, leaving every other byte alone. A body that is not XML (by
// its Content-Type ct, or its start) is returned as it is.
func (r *Redactor) redactXML(ct string, doc []byte) []byte {
	if !isXMLType(ct, doc) {
		return doc
	}
	edits, err := walkXML(doc, func(_ []string, name string, _ bool, value string) bool {
		return r.redactName(r.xml, name, value)
	})
	if err != nil || len(edits) == 0 {
		return doc
	}
	return applyEdits(doc, edits, []byte(Placeholder))
}
