package cassette

import (
	"go.yaml.in/yaml/v3"
)

// Redaction is the redaction a cassette asks for on top of the recorder's
// default: what `tapedeck redact` and `tapedeck import` applied to it, so
// that replay applies the same rules to live requests and they still match.
// It is written under the cassette's "redact" key:
//
//	redact:
//	  headers: [X-Api-Key]
//	  query: [key]
//	  form: [password]
//	  json: ['$.session']
//	  patterns: ['acct-\d+']
//
// Each list names what redact.Header, redact.QueryParam, redact.FormField,
// redact.JSONField and redact.Pattern (with the placeholder REDACTED) take.
type Redaction struct {
	Headers, Query, Form, JSON, Patterns []string
}

// IsZero reports whether r holds no rule.
func (r *Redaction) IsZero() bool {
	return r == nil || len(r.Headers)+len(r.Query)+len(r.Form)+len(r.JSON)+len(r.Patterns) == 0
}

// redactionKeys are the keys of the redact mapping, in the order written.
var redactionKeys = []string{"headers", "query", "form", "json", "patterns"}

func (r *Redaction) lists() []*[]string {
	return []*[]string{&r.Headers, &r.Query, &r.Form, &r.JSON, &r.Patterns}
}

// encodeRedaction is the redact mapping of r.
func encodeRedaction(r *Redaction) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i, list := range r.lists() {
		if len(*list) == 0 {
			continue
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range *list {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
		appendField(m, redactionKeys[i], seq)
	}
	return m
}

// decodeRedaction reads the redact mapping n (nil when there is none).
func decodeRedaction(n *yaml.Node) (*Redaction, error) {
	if n == nil || isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, errorf(n.Line, "redact: want a mapping with headers, query, form, json and patterns lists, got %s", describe(n))
	}
	f, err := readFields(n, "redact", redactionKeys)
	if err != nil {
		return nil, err
	}
	r := &Redaction{}
	for i, list := range r.lists() {
		v := f.value(redactionKeys[i])
		if v == nil || isNull(v) {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return nil, errorf(v.Line, "redact: %s: want a list of strings, got %s", redactionKeys[i], describe(v))
		}
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode || item.Value == "" {
				return nil, errorf(item.Line, "redact: %s: want a non-empty string, got %s", redactionKeys[i], describe(item))
			}
			*list = append(*list, item.Value)
		}
	}
	if r.IsZero() {
		return nil, nil
	}
	return r, nil
}
