// Package drift compares recorded HTTP traffic by meaning: a status, the
// headers by name, and JSON bodies by JSON path, where a field can be
// added, removed, change its type or change its value. It is what
// `tapedeck verify` (a cassette against the live API) and `tapedeck diff`
// (two versions of a cassette) print.
//
//	changes := drift.Responses(&recorded.Response, &live.Response)
//	for _, c := range changes {
//		fmt.Println(c) // response body $.user.email: added (string "ada@example.com")
//	}
//
// The rules:
//
//   - A change of status is always reported, and so is a header or JSON
//     field that appears or disappears, a JSON value whose type changes
//     (number to string, object to null), or a Content-Type that changes:
//     that is the shape of the API, which code depends on.
//   - A changed value (a header's, a JSON field's of the same type, or the
//     bytes of a body that is not JSON) is reported only with Values:
//     against a live API most values change from one call to the next.
//   - Headers that change on every response (Date, Age, Expires,
//     Content-Length, request and trace ids) are not compared; IgnoreHeaders
//     adds names. A recorded value that holds a redaction placeholder
//     (REDACTED) is not compared either: the live one is the real value.
//   - Bodies are compared decoded (gzip, deflate and br are undone). The
//     same change in every element of an array is reported once, with the
//     path $.items[*].name and the number of elements.
//
// Cassettes pairs the interactions of two cassettes by request (the
// default matcher of package match, then method and URL without the query,
// in recorded order) and lists, for each pair, what changed, and which
// interactions are only in one of them.
package drift
