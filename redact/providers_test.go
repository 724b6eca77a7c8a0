package redact

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func TestProviderTokensInText(t *testing.T) {
	tests := []struct {
		kind    Kind
		text    string
		excerpt string
	}{
		{KindGitLabToken, "token glpat-Xk9mP2vQ7rT4wZ1nB8cL here", "glpa…"},
		{KindSendGridKey, "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", "SG.Z…"},
		{KindOpenAIKey, "OPENAI_API_KEY=sk-proj-Zq8Lm2Nx7Rv4Tb1Kc9Wd3Yf6Hs0Pj5Ga2", "sk-p…"},
		{KindAnthropicKey, "x-api-key: sk-ant-api03-Zq8Lm2Nx7Rv4Tb1Kc9Wd3Yf6Hs0Pj5Ga2Ue8Ci1Ko7", "sk-a…"},
		{KindNPMToken, "//registry.npmjs.org/:_authToken=npm_Zq8Lm2Nx7Rv4Tb1Kc9Wd3Yf6Hs0Pj5Ga2Ue8", "npm_…"},
		{KindPyPIToken, "password = pypi-AgEIcHlwaS5vcmcCJDk2ZjE0YjFhLWQ0ZTItNDg5Zi1hYjA4LTJmNTQ4ZGJhNjE3ZQ", "pypi…"},
		{KindSlackWebhook, "post to https://hooks.slack.com/services/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", "serv…"},
		{KindAWSSecretKey, "[default]\naws_secret_access_key = Wu5Nh9rYq2Bz7Kf3Lx8Cv1Pd6Tg0Sm4Ej2Ha9QoX\n", "Wu5N…"},
		{KindURLPassword, `DATABASE_URL=postgres://app:Pa55w0rd-x9Tq@db.internal:5432/app`, "Pa55…"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			found := findTokens(tt.text, true)
			assert.Assert(t, len(found) > 0, "nothing found in %q", tt.text)
			assert.Equal(t, found[0].kind, tt.kind)
			assert.Equal(t, found[0].excerpt, tt.excerpt)
		})
	}
	for _, ordinary := range []string{
		"sk-learn-tutorial-for-beginners-2024", "key-findings-from-the-2024-survey",
		"postgres://app:${DB_PASSWORD}@db/app", "uploads/2024/05/IMG_20240512_183012_export.jpg",
	} {
		assert.Equal(t, len(findTokens(ordinary, true)), 0, ordinary)
	}
}

func TestBase64EncodedTokens(t *testing.T) {
	enc := base64.StdEncoding.EncodeToString([]byte("token=" + githubToken))
	doc := `{"config":"` + enc + `"}`
	got := briefs(scanOne(Default(), cassette.Request{}, cassette.Response{Code: 200, Headers: hdr("Content-Type", "application/json"), Body: []byte(doc)}))
	assert.DeepEqual(t, got, []brief{{"response.body $.config", "GitHub token", "dG9r… (base64 of ghp_…)", `redact.JSONField("$.config")`}})
}

func TestMultipartFields(t *testing.T) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("user", "ann")
	mw.WriteField("password", "hunter2-Xq9")
	mw.WriteField("note", "see ghp_16C7e42F292c6912E7710c838347Ae178B4a")
	fw, _ := mw.CreateFormFile("password", "password.txt") // a file is not a field
	fw.Write([]byte("file contents"))
	mw.Close()
	req := cassette.Request{Method: "POST", URL: "https://h/", Headers: hdr("Content-Type", mw.FormDataContentType()), Body: body.Bytes()}

	red := Default().Request(req)
	got := string(red.Body)
	assert.Assert(t, !strings.Contains(got, "hunter2"), got)
	assert.Assert(t, strings.Contains(got, "\r\n\r\nREDACTED\r\n"), got)
	assert.Assert(t, strings.Contains(got, "file contents"), got)
	assert.Equal(t, len(got), len(body.Bytes())-len("hunter2-Xq9")+len(Placeholder))

	assert.DeepEqual(t, briefs(scanOne(Default(), red, cassette.Response{})), []brief{
		{"request.body part note", "GitHub token", "ghp_…", `redact.FormField("note")`},
	})
	assert.DeepEqual(t, briefs(scanOne(Default(), req, cassette.Response{}))[0],
		brief{"request.body part password", "password", "…", `redact.FormField("password")`})
}
