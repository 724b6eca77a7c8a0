package expiry

import "context"

// contextKey is the key of the per-request Expiration in a context.
type contextKey struct{}

// WithExpiration returns a copy of ctx that carries e as the per-request
// expiration. Send a request made with it (http.NewRequestWithContext) and
// the policy uses e for that request instead of its URL rules and default;
// only Cache-Control headers rank higher (see the package documentation).
func WithExpiration(ctx context.Context, e Expiration) context.Context {
	return context.WithValue(ctx, contextKey{}, e)
}

// FromContext returns the per-request expiration WithExpiration stored in
// ctx; ok is false when there is none (or ctx is nil).
func FromContext(ctx context.Context) (e Expiration, ok bool) {
	if ctx == nil {
		return Never, false
	}
	e, ok = ctx.Value(contextKey{}).(Expiration)
	return e, ok
}
