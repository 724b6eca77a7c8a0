package redact

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestJSONFieldPathErrors(t *testing.T) {
	// The path syntax is internal/jsonpath's, tested there; here, what
	// JSONField adds: it refuses the whole body, and names the option.
	tests := []struct{ path, want string }{
		{"token", "a path starts with $"},
		{"$", "the path selects the whole body"},
		{"$a", `unexpected 'a' at offset 1`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := New(JSONField(tt.path))
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestJSONFieldError(t *testing.T) {
	_, err := New(JSONField("$.items["))
	assert.Error(t, err, `redact: JSONField("$.items["): unclosed [ at offset 7; write paths like $.token, $.user.password, $..password or $.items[*].token`)
}

func TestJSONPathSelects(t *testing.T) {
	doc := `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`
	tests := []struct {
		path string
		want string
	}{
		{"$.token", `{"token":"REDACTED","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$.user.name", `{"token":"t0","user":{"password":"p1","name":"REDACTED"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$..password", `{"token":"t0","user":{"password":"REDACTED","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"REDACTED"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$.items[*].token", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"REDACTED"},{"token":"REDACTED","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$.items[1].token", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"REDACTED","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$.items[1].deep", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":"REDACTED"}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$.*.name", `{"token":"t0","user":{"password":"p1","name":"REDACTED"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","m1"]]}`},
		{"$['a b']['c.d']", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"REDACTED"},"list":[["m0","m1"]]}`},
		{`$["a b"]`, `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":"REDACTED","list":[["m0","m1"]]}`},
		{"$.list[0][1]", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},{"token":"t2","deep":{"password":"p2"}}],"a b":{"c.d":"x"},"list":[["m0","REDACTED"]]}`},
		{"$..[1]", `{"token":"t0","user":{"password":"p1","name":"n"},"items":[{"token":"t1"},"REDACTED"],"a b":{"c.d":"x"},"list":[["m0","REDACTED"]]}`},
		{"$.missing", doc},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			// Keep the default names out of the way to see the path alone.
			r := mustNew(t, JSONField(tt.path), Keep("token", "password"))
			assert.Equal(t, string(r.redactJSON([]byte(doc))), tt.want)
		})
	}
}
