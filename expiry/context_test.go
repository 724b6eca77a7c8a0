package expiry

import (
	"context"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

// otherKey is an unrelated context key.
type otherKey struct{}

func TestContext(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want Expiration
		ok   bool
	}{
		{name: "nothing set", ctx: context.Background()},
		{name: "nil context", ctx: nil},
		{name: "never is a setting, not absence", ctx: WithExpiration(context.Background(), Never), want: Never, ok: true},
		{name: "duration", ctx: WithExpiration(context.Background(), After(time.Hour)), want: After(time.Hour), ok: true},
		{name: "immediately", ctx: WithExpiration(context.Background(), Immediately), want: Immediately, ok: true},
		{name: "do-not-record", ctx: WithExpiration(context.Background(), DoNotRecord), want: DoNotRecord, ok: true},
		{name: "innermost wins", ctx: WithExpiration(WithExpiration(context.Background(), Never), After(time.Minute)), want: After(time.Minute), ok: true},
		{name: "survives derived contexts", ctx: context.WithValue(WithExpiration(context.Background(), After(time.Hour)), otherKey{}, 1), want: After(time.Hour), ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := FromContext(tc.ctx)
			assert.Equal(t, ok, tc.ok)
			assert.Equal(t, got, tc.want)
		})
	}
}
