// Package redact keeps secrets out of cassettes: it redacts recorded
// requests and responses before they are written, and scans a cassette for
// anything that still looks like a credential. The recorder applies
// Default() unless told otherwise; options add filters:
//
//	r, err := redact.New(redact.JSONField("$.token"), redact.QueryParam("session"))
//	stored := r.Interaction(in)     // before saving
//	findings := r.Scan(cassette)    // stop the save if len(findings) > 0
//
// # What is redacted by default
//
// A redacted value becomes Placeholder ("REDACTED"); the name stays, so a
// reviewer sees that something was there.
//
//   - Request and response headers and trailers: Authorization,
//     Proxy-Authorization (the scheme stays: "Bearer REDACTED"), Cookie and
//     Set-Cookie (cookie names and attributes stay: "session=REDACTED; Path=/"),
//     X-Api-Key, X-Auth-Token, X-Access-Token, X-Amz-Security-Token, and every
//     header whose name contains token, secret, password, passwd, api-key or
//     apikey, auth-key, access-key, private-key or subscription-key
//     (case-insensitive, ignoring - and _).
//   - In the request URL and in Location, Content-Location and Referer
//     headers: the password of the user information
//     (https://ann:REDACTED@host), and the parameters below in the query and
//     in a fragment of name=value pairs (an OAuth redirect's #access_token=).
//   - Query parameters, form fields (application/x-www-form-urlencoded bodies,
//     and the fields of multipart/form-data bodies), JSON members (at any
//     depth, string and number values) and XML elements and attributes (in
//     bodies with an xml or +xml type or that start with <?xml) named token,
//     sig, signature, auth, secret, password, passwd or apikey, or whose name
//     ends in password, passwd, secret, apikey, access_token, refresh_token,
//     id_token, auth_token, session_token, security_token, private_key,
//     access_key, access_key_id, signature or credential: access_token,
//     api_key, client_secret, X-Amz-Signature, X-Amz-Credential,
//     SecretAccessKey. Names compare case-insensitively and ignore - _ and .,
//     so accessToken is access_token. A parameter named key is redacted only
//     when its value is a Google API key; pagination tokens (nextPageToken)
//     are left alone, since redacting them would make distinct requests look
//     the same.
//
// Keep turns these rules off for one name.
//
// # Order of application
//
// Request, Response and Interaction return redacted copies and never modify
// their argument. Within a request or response:
//
//  1. Bodies are decoded (Content-Encoding gzip, deflate, br, aws-chunked,
//     with cassette.DecodeContent, the decoder the file format uses); a body
//     that cannot be decoded is left as it is, and the scanner reports it.
//  2. Rules by name: headers and trailers, URL user information and query
//     parameters, JSON members (JSONField paths and default names, for
//     bodies that parse as JSON), XML elements and attributes, form and
//     multipart fields (when Content-Type says so).
//  3. Secret values, in option order, over header values, the URL and the
//     body text.
//  4. Pattern expressions, in option order, over the same text.
//  5. A body that changed is encoded again as Content-Encoding says, and a
//     Content-Length header is updated. A body that did not change keeps its
//     exact bytes.
//
// Redaction is idempotent: redacting a redacted request changes nothing.
//
// # Matching
//
// Recordings are redacted, so a live request carrying a real secret would
// not match them. The recorder matches a live request as it was sent and,
// when no recording matches and Touches says redaction would change it,
// redacts it with the same Request method and matches again, so a redacted
// value never causes a miss: recorded with one token and replayed with
// another, both requests redact to the same URL, headers and body. Since
// recordings hold only redacted values, this finds what redacting first
// would, and a request without secrets is neither inspected nor copied.
//
// # Placeholders on replay
//
// Placeholder and Pattern placeholders stay in replayed responses. A Secret
// filter knows the real value (its function returns it), so Restore puts
// that value back into a replayed response (headers, trailers, decoded
// body) before the client sees it; give a Pattern the same placeholder as a
// Secret to restore what the pattern redacted.
//
// # Scanning
//
// Scan reports, per interaction and field, what still looks like a
// credential: JWTs, AWS access key ids (and secret keys written in a
// credentials file), private key blocks, passwords in URLs, and the tokens
// of GitHub, GitLab, Slack (and its webhook URLs), Stripe, SendGrid,
// OpenAI, Anthropic, npm, PyPI, Google and the other providers the Kind
// constants name, anywhere, also base64-encoded; bearer and basic
// credentials, passwords, and high-entropy values under secret-looking
// names (token, secret, password, api_key, session, cookie...), except
// values that look like file paths or object keys. It reads headers, the
// URL, JSON, XML text and attributes, forms, multipart parts and decoded
// bodies. Each Finding prints at most the first 4 characters of the value,
// the filter that would redact it and the AllowField option that accepts
// it. Placeholders are never findings.
//
// # Placeholders in their syntax
//
// Every placeholder is written so that the document stays valid: Placeholder
// and the placeholders the scanner suggests (REDACTED_GITHUB_TOKEN...) are
// letters and underscores, valid in XML text, JSON strings and URLs; a
// Pattern or Secret placeholder such as <API_KEY> is written &lt;API_KEY&gt;
// in XML bodies (and restored from that form), and one with a quote, a
// backslash or a control character, which would break a JSON string, is an
// error.
package redact
