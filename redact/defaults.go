package redact

import (
	"bytes"
	"regexp"
)

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

// containsWord reports whether the normalized name n contains one of words.
func containsWord(n []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(n, []byte(w)) {
			return true
		}
	}
	return false
}

// hasSuffixWord reports whether the normalized name n ends with one of words.
func hasSuffixWord(n []byte, words []string) bool {
	for _, w := range words {
		if bytes.HasSuffix(n, []byte(w)) {
			return true
		}
	}
	return false
}

// defaultHeaders are the headers redacted by default by exact name
// (normalized).
var defaultHeaders = map[string]bool{
	"authorization":      true,
	"proxyauthorization": true,
	"cookie":             true,
	"setcookie":          true,
	"xapikey":            true,
	"xauthtoken":         true,
	"xaccesstoken":       true,
	"xamzsecuritytoken":  true,
}

// defaultHeaderWords redact every header whose normalized name contains one
// of them. Header names that merely mention credentials in standard use
// (Access-Control-Allow-Credentials, Signature) are not on the list.
var defaultHeaderWords = []string{
	"token", "secret", "password", "passwd", "apikey", "authkey",
	"accesskey", "privatekey", "subscriptionkey",
}

// isDefaultHeader reports whether the default rules redact the header name.
func isDefaultHeader(name string) bool {
	var buf [64]byte
	n := appendNormalized(buf[:0], name)
	return defaultHeaders[string(n)] || containsWord(n, defaultHeaderWords)
}

// defaultNames are the query parameter, form field and JSON member names
// redacted by default (normalized, exact).
var defaultNames = map[string]bool{
	"token": true, "sig": true, "signature": true, "auth": true,
	"secret": true, "password": true, "passwd": true, "apikey": true,
}

// defaultNameSuffixes redact every name (normalized) that ends with one of
// them: client_secret, db_password, refresh_token, X-Amz-Signature,
// X-Amz-Credential, SecretAccessKey, SessionToken, private_key. Ordinary
// names ending in "token" (nextPageToken) are not on the list: a redacted
// pagination token would merge requests the matcher must tell apart.
var defaultNameSuffixes = []string{
	"password", "passwd", "secret", "apikey",
	"accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken",
	"securitytoken", "privatekey", "accesskey", "accesskeyid",
	"signature", "credential",
}

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
	return defaultNames[string(n)] || hasSuffixWord(n, defaultNameSuffixes)
}

// isKeyName reports whether name is "key", the one name whose value
// isDefaultName reads.
func isKeyName(name string) bool {
	var buf [64]byte
	return string(appendNormalized(buf[:0], name)) == "key"
}

// redactName reports whether r redacts the name/value pair: user filters in
// users (lower-case names) first, then the default rules unless Keep turned
// them off for the name.
func (r *Redactor) redactName(users map[string]bool, name, value string) bool {
	return hasFold(users, name) || !r.kept(name) && isDefaultName(name, value)
}
