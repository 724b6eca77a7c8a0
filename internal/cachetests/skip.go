package cachetests

// Skips are the cases that cannot apply to a private client cache, each
// with the reason. Every other case is run.
var Skips = map[string]string{}

func init() {
	skip := func(why string, ids ...string) {
		for _, id := range ids {
			Skips[id] = why
		}
	}
	skip("shared cache only: s-maxage applies to shared caches (RFC 9111 §5.2.2.10); a private cache must ignore it",
		"freshness-s-maxage-shared", "freshness-max-age-s-maxage-shared-longer", "freshness-max-age-s-maxage-shared-longer-reversed",
		"freshness-max-age-s-maxage-shared-longer-multiple", "freshness-max-age-s-maxage-shared-shorter",
		"freshness-max-age-s-maxage-shared-shorter-expires", "stale-close-s-maxage=2")
	skip("shared cache only: private responses may be stored by a private cache (RFC 9111 §5.2.2.7)", "cc-resp-private-shared")
	skip("shared cache only: proxy-revalidate binds shared caches only (RFC 9111 §5.2.2.8)", "stale-close-proxy-revalidate")
	skip("shared cache only: the Authorization rule of RFC 9111 §3.5 is for shared caches",
		"other-authorization", "other-authorization-public", "other-authorization-must-revalidate", "other-authorization-smaxage")
	skip("browser only: needs fetch()'s cache mode \"no-cache\" (a browser reload), which an HTTP client has no equivalent of",
		"cc-resp-immutable-fresh", "cc-resp-immutable-stale")
	skip("net/http's Transport takes Transfer-Encoding out of the header (into Response.TransferEncoding) and refuses a coding it does not know, so no RoundTripper sees the field",
		"headers-store-Transfer-Encoding")
	for _, c := range partial.Cases {
		skip("Range: a private client cache may store only complete responses (RFC 9111 §3.3); tapedeck passes Range requests on", c.ID)
	}
	for _, c := range cdn.Cases {
		skip("CDN only: CDN-Cache-Control (RFC 9213) targets CDNs; other caches ignore it", c.ID)
	}
	for _, c := range interim.Cases {
		skip("interim responses: net/http's Transport consumes 1xx responses before a RoundTripper returns, so a client cache never sees them", c.ID)
	}
}
