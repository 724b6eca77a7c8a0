package redact

import (
	"encoding/xml"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// assumeRole is an STS AssumeRole response, with fake credentials.
const assumeRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF23EXAMPLE:tapedeck</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/tapedeck</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAQXN7VT3MEXAMPLE1</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>IQoJb3JpZ2luX2VjEFoaCXVzLWVhc3QtMSJHMEUCIQDmSD8fakefakefakefake0Tw==</SessionToken>
      <Expiration>2026-05-01T13:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>
`

func TestXMLRedaction(t *testing.T) {
	resp := cassette.Response{Code: 200, Headers: hdr("Content-Type", "text/xml"), Body: []byte(assumeRole)}
	got := string(Default().Response(resp).Body)
	for _, secret := range []string{"ASIAQXN7VT3MEXAMPLE1", "wJalrXUtnFEMI", "IQoJb3JpZ2lu"} {
		assert.Assert(t, !strings.Contains(got, secret), "%s is still in\n%s", secret, got)
	}
	want := strings.NewReplacer(
		"ASIAQXN7VT3MEXAMPLE1", Placeholder,
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", Placeholder,
		"IQoJb3JpZ2luX2VjEFoaCXVzLWVhc3QtMSJHMEUCIQDmSD8fakefakefakefake0Tw==", Placeholder,
	).Replace(assumeRole)
	assert.Equal(t, got, want)
	assert.NilError(t, xml.Unmarshal([]byte(got), new(struct{})))
	assert.DeepEqual(t, Default().Scan(&cassette.Cassette{Interactions: []*cassette.Interaction{{Response: Default().Response(resp)}}}), []Finding(nil))
}

func TestXMLAttributesAndOptions(t *testing.T) {
	doc := `<?xml version="1.0"?><config><db host="db.local" password='hunter2!x' /><apiToken>t0k3n</apiToken><Session>s1</Session></config>`
	r := mustNew(t, XMLElement("session"))
	got := string(r.Response(cassette.Response{Code: 200, Headers: hdr("Content-Type", "application/octet-stream"), Body: []byte(doc)}).Body)
	assert.Equal(t, got, `<?xml version="1.0"?><config><db host="db.local" password='REDACTED' /><apiToken>t0k3n</apiToken><Session>REDACTED</Session></config>`)

	_, err := New(XMLElement("<Session>"))
	assert.ErrorContains(t, err, `redact: XMLElement("<Session>"): write the element's local name`)
}

func TestXMLIsOnlyWhatSaysSo(t *testing.T) {
	html := `<html><body><input name="password" value="x"><p>Password</p></body></html>`
	got := Default().Response(cassette.Response{Code: 200, Headers: hdr("Content-Type", "text/html"), Body: []byte(html)})
	assert.Equal(t, string(got.Body), html)
	broken := `<?xml version="1.0"?><a><Password>x</Password>`
	got = Default().Response(cassette.Response{Code: 200, Headers: hdr("Content-Type", "application/xml"), Body: []byte(broken)})
	assert.Equal(t, string(got.Body), broken)
}

func TestScanInspectsXML(t *testing.T) {
	doc := `<?xml version="1.0"?><r><Notes>deploy with ghp_16C7e42F292c6912E7710c838347Ae178B4a</Notes><ClientSecret>x9Tq2LmZ8rV4nB6wP1sK3dF7</ClientSecret><Key>uploads/2024/05/IMG_20240512_183012_export.jpg</Key></r>`
	in := &cassette.Interaction{Response: cassette.Response{Code: 200, Headers: hdr("Content-Type", "application/xml"), Body: []byte(doc)}}
	var got []brief
	for _, f := range Default().Scan(&cassette.Cassette{Interactions: []*cassette.Interaction{in}}) {
		got = append(got, brief{f.Field, string(f.Kind), f.Excerpt, f.Fix})
	}
	assert.DeepEqual(t, got, []brief{
		{"response.body xml r/Notes", "GitHub token", "ghp_…", `redact.XMLElement("Notes")`},
		{"response.body xml r/ClientSecret", "high-entropy value", "x9Tq…", `redact.XMLElement("ClientSecret")`},
	})
}

func TestPlaceholdersAreValidXMLText(t *testing.T) {
	const key = "k-live-5521&co"
	r := mustNew(t,
		Secret("<API_KEY>", func() string { return key }),
		Pattern(regexpMust(`acct-\d+`), "<ACCOUNT_ID>"))
	doc := `<?xml version="1.0"?><r><Key>k-live-5521&amp;co</Key><Note>for acct-991 only</Note></r>`
	resp := cassette.Response{Code: 200, Headers: hdr("Content-Type", "application/xml"), Body: []byte(doc)}
	red := r.Response(resp)
	assert.Equal(t, string(red.Body), `<?xml version="1.0"?><r><Key>&lt;API_KEY&gt;</Key><Note>for &lt;ACCOUNT_ID&gt; only</Note></r>`)
	assert.NilError(t, xml.Unmarshal(red.Body, new(struct{})))
	assert.Equal(t, string(r.Response(red).Body), string(red.Body), "redacting twice changes nothing")
	assert.Equal(t, string(r.Restore(red).Body), `<?xml version="1.0"?><r><Key>k-live-5521&amp;co</Key><Note>for &lt;ACCOUNT_ID&gt; only</Note></r>`)
	assert.DeepEqual(t, r.Scan(&cassette.Cassette{Interactions: []*cassette.Interaction{{Response: red}}}), []Finding(nil))

	_, err := New(Secret(`"KEY"`, func() string { return key }))
	assert.ErrorContains(t, err, `redact: Secret("\"KEY\"", ...): the placeholder holds '"', which is not valid inside a JSON string`)
}
