package redact

import "regexp"

// normalize lower-cases name and drops the separators people put between
// words, so that access_token, accessToken and Access-Token compare equal.
func normalize(name string) string {
	return string(appendNormalized(nil, name))
}

// appendNormalized appends the normalized name to buf. Callers that only
// compare the result pass a stack buffer, so checking a name does not
// allocate.
func appendNormalized(buf []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// isDefaultHeaderName reports whether n is one of the headers redacted by
// default by exact name (normalized). A switch rather than a map: the
// check runs for every header of every live request in replay, and Go
// compiles a string switch into a few comparisons, where a small map
// compares every key.
func isDefaultHeaderName(n []byte) bool {
	switch string(n) {
	case "authorization", "proxyauthorization", "cookie", "setcookie",
		"xapikey", "xauthtoken", "xaccesstoken", "xamzsecuritytoken":
		return true
	}
	return false
}

// defaultHeaderWords redact every header whose normalized name contains one
// of them. Header names that merely mention credentials in standard use
// (Access-Control-Allow-Credentials, Signature) are not on the list.
var defaultHeaderWords = newWordList(
	"token", "secret", "password", "passwd", "apikey", "authkey",
	"accesskey", "privatekey", "subscriptionkey",
)

// isDefaultHeader reports whether the default rules redact the header name.
func isDefaultHeader(name string) bool {
	if isCommonHeader(name) {
		return false
	}
	var buf [64]byte
	n := appendNormalized(buf[:0], name)
	return isDefaultHeaderName(n) || defaultHeaderWords.in(n)
}

// isCommonHeader reports whether name is a common header, in the
// canonical form net/http gives it, that no default rule redacts. Most
// requests carry only such headers, and recognising them by name is much
// cheaper than normalizing them and searching for words, which Touches
// would otherwise do for every header of every live request in replay.
// TestCommonHeadersAreNotRedacted checks the list against the rules, and
// TestCommonHeadersAreNotSecretLooking against the scan's name checks,
// which headers skip for these names.
func isCommonHeader(name string) bool {
	switch name {
	case "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language",
		"Cache-Control", "Connection", "Content-Disposition", "Content-Encoding",
		"Content-Language", "Content-Length", "Content-Type", "Date", "Etag",
		"Expires", "Host", "If-Match", "If-Modified-Since", "If-None-Match",
		"If-Range", "If-Unmodified-Since", "Last-Modified", "Origin", "Pragma",
		"Range", "Traceparent", "Tracestate", "Transfer-Encoding", "User-Agent",
		"Vary", "X-Request-Id", "X-Requested-With":
		return true
	}
	return false
}

// isDefaultNameExact reports whether n is one of the query parameter, form
// field and JSON member names redacted by default by exact name
// (normalized); a switch for the reason isDefaultHeaderName gives.
//
// redactJSON skips bodies with none of defaultNameHints: a name added here
// must hold one of them (TestDefaultNameHints lists these names).
func isDefaultNameExact(n []byte) bool {
	switch string(n) {
	case "token", "sig", "signature", "auth", "secret", "password", "passwd", "apikey":
		return true
	}
	return false
}

// defaultNameSuffixes redact every name (normalized) that ends with one of
// them: client_secret, db_password, refresh_token, X-Amz-Signature,
// X-Amz-Credential, SecretAccessKey, SessionToken, private_key. Ordinary
// names ending in "token" (nextPageToken) are not on the list: a redacted
// pagination token would merge requests the matcher must tell apart.
// Each must hold one of defaultNameHints (TestDefaultNameHints).
var defaultNameSuffixes = newWordList(
	"password", "passwd", "secret", "apikey",
	"accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken",
	"securitytoken", "privatekey", "accesskey", "accesskeyid",
	"signature", "credential",
)

// googleAPIKey is the shape of a Google API key, the one credential commonly
// passed as a parameter named just "key".
var googleAPIKey = regexp.MustCompile(`^AIza[0-9A-Za-z_-]{35}$`)

// isDefaultName reports whether the default rules redact a query parameter,
// form field or JSON member with this name and value. A parameter named
// "key" is redacted only when its value looks like a Google API key: "key"
// is also an ordinary word (an object key, a sort key), and redacting those
// would make distinct requests look alike.
func isDefaultName(name, value string) bool {
	var buf [64]byte
	n := appendNormalized(buf[:0], name)
	if string(n) == "key" {
		return googleAPIKey.MatchString(value)
	}
	return isDefaultNameExact(n) || defaultNameSuffixes.endOf(n)
}

// isKeyName reports whether name normalizes to "key", the one name whose
// value isDefaultName reads. It compares as it normalizes (skipping the
// separators appendNormalized drops) and stops at the first letter that
// differs, since it runs for every query parameter of every live request.
func isKeyName(name string) bool {
	const key = "key"
	j := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if j == len(key) || c != key[j] {
			return false
		}
		j++
	}
	return j == len(key)
}

// redactName reports whether r redacts the name/value pair: user filters in
// users (lower-case names) first, then the default rules unless Keep turned
// them off for the name.
func (r *Redactor) redactName(users map[string]bool, name, value string) bool {
	return hasFold(users, name) || !r.kept(name) && isDefaultName(name, value)
}
