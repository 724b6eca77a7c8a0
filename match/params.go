package match

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A ParamOption changes how Query, Form, URL and Default compare parameters.
type ParamOption func(*paramOptions)

type paramOptions struct {
	ignore map[string]bool
}

// IgnoreParams makes Query, Form, URL or Default leave out the named
// parameters (names are case-sensitive, as in URLs; URL and Default apply
// it to the query): use it for values that change from run to run, such as
// a timestamp, a nonce or a signature.
func IgnoreParams(names ...string) ParamOption {
	return func(o *paramOptions) {
		if o.ignore == nil {
			o.ignore = make(map[string]bool, len(names))
		}
		for _, n := range names {
			o.ignore[n] = true
		}
	}
}

func newParamOptions(opts []ParamOption) paramOptions {
	var o paramOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// parseParams reads s (a query string or a form body) as parameters, leaving
// out the ignored ones and sorting each parameter's values, so that two
// parameter lists that differ only in order become equal. ok is false when s
// does not parse.
func (o paramOptions) parseParams(s string) (v url.Values, ok bool) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, false
	}
	for name, vs := range v {
		if o.ignore[name] {
			delete(v, name)
			continue
		}
		sort.Strings(vs)
	}
	return v, true
}

// canonicalParams is v encoded with names and values sorted.
func canonicalParams(v url.Values) []byte {
	return []byte(v.Encode())
}

// paramDifferences lists the parameters whose values differ, sorted by name,
// each under prefix ("query page", "form name").
func paramDifferences(prefix string, recorded, live url.Values) []Difference {
	names := make([]string, 0, len(recorded)+len(live))
	for k := range recorded {
		names = append(names, k)
	}
	for k := range live {
		if _, ok := recorded[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var ds []Difference
	for _, k := range names {
		r, rok := recorded[k]
		l, lok := live[k]
		if rok && lok && slices.Equal(r, l) {
			continue
		}
		ds = append(ds, Difference{Path: prefix + " " + k, Recorded: formatValues(r, rok), Live: formatValues(l, lok)})
	}
	return ds
}

// formatValues shows a parameter's values: one quoted value, a list of
// them, or (absent).
func formatValues(vs []string, ok bool) string {
	if !ok {
		return absent
	}
	if len(vs) == 1 {
		return strconv.Quote(vs[0])
	}
	quoted := make([]string, len(vs))
	for i, v := range vs {
		quoted[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

const absent = "(absent)"
