package redact_test

import (
	"fmt"
	"log"
	"net/http"
	"regexp"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

func ExampleDefault() {
	r := redact.Default()
	req := r.Request(cassette.Request{
		Method: "POST",
		URL:    "https://api.example.com/login?api_key=k-123&lang=en",
		Headers: http.Header{
			"Authorization": {"Bearer eyJhbGciOi.abc.def"},
			"Cookie":        {"session=8f2c; theme=dark"},
			"Accept":        {"application/json"},
		},
		Body: []byte(`{"user": "ann", "password": "hunter2"}`),
	})
	fmt.Println(req.URL)
	fmt.Println(req.Headers.Get("Authorization"))
	fmt.Println(req.Headers.Get("Cookie"))
	fmt.Println(req.Headers.Get("Accept"))
	fmt.Println(string(req.Body))

	resp := r.Response(cassette.Response{
		Code:    200,
		Headers: http.Header{"Set-Cookie": {"session=9a7d; Path=/; HttpOnly"}},
	})
	fmt.Println(resp.Headers.Get("Set-Cookie"))
	// Output:
	// https://api.example.com/login?api_key=REDACTED&lang=en
	// Bearer REDACTED
	// session=REDACTED; theme=REDACTED
	// application/json
	// {"user": "ann", "password": "REDACTED"}
	// session=REDACTED; Path=/; HttpOnly
}

func ExampleHeader() {
	r, err := redact.New(redact.Header("X-Tenant"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := r.Request(cassette.Request{Method: "GET", URL: "https://api.example.com/", Headers: http.Header{"X-Tenant": {"acme"}}})
	fmt.Println(req.Headers.Get("X-Tenant"))
	// Output: REDACTED
}

func ExampleQueryParam() {
	r, err := redact.New(redact.QueryParam("session"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := r.Request(cassette.Request{Method: "GET", URL: "https://api.example.com/items?session=s-1&page=2"})
	fmt.Println(req.URL)
	// Output: https://api.example.com/items?session=REDACTED&page=2
}

func ExampleFormField() {
	r, err := redact.New(redact.FormField("otp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := r.Request(cassette.Request{
		Method:  "POST",
		URL:     "https://api.example.com/verify",
		Headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:    []byte("user=ann&otp=314159"),
	})
	fmt.Println(string(req.Body))
	// Output: user=ann&otp=REDACTED
}

func ExampleJSONField() {
	r, err := redact.New(redact.JSONField("$.user.ssn", "$.cards[*].number", "$..pin"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp := r.Response(cassette.Response{
		Code: 200,
		Body: []byte(`{
  "user": {"name": "Ann", "ssn": "078-05-1120"},
  "cards": [{"number": "4111111111111111", "pin": 1234}]
}`),
	})
	fmt.Println(string(resp.Body))
	// Output:
	// {
	//   "user": {"name": "Ann", "ssn": "REDACTED"},
	//   "cards": [{"number": "REDACTED", "pin": "REDACTED"}]
	// }
}

func ExamplePattern() {
	r, err := redact.New(redact.Pattern(regexp.MustCompile(`/accounts/(\d+)`), "<ACCOUNT_ID>"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := r.Request(cassette.Request{Method: "GET", URL: "https://api.example.com/accounts/1234/users"})
	fmt.Println(req.URL)
	// Output: https://api.example.com/accounts/<ACCOUNT_ID>/users
}

func ExampleSecret() {
	apiKey := "k-live-5521" // in a test: os.Getenv("API_KEY")
	r, err := redact.New(redact.Secret("<API_KEY>", func() string { return apiKey }))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Recording: the key becomes its placeholder wherever it appears.
	recorded := r.Response(cassette.Response{Code: 200, Body: []byte(`{"echo": "k-live-5521"}`)})
	fmt.Println(string(recorded.Body))

	// Replaying, in CI with a fake key: the placeholder becomes that key.
	apiKey = "k-fake"
	fmt.Println(string(r.Restore(recorded).Body))
	// Output:
	// {"echo": "<API_KEY>"}
	// {"echo": "k-fake"}
}

func ExampleKeep() {
	// The local test server checks this fake token; keep it in the cassette.
	r, err := redact.New(redact.Keep("Authorization"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := r.Request(cassette.Request{
		Method:  "GET",
		URL:     "http://127.0.0.1:8080/",
		Headers: http.Header{"Authorization": {"Bearer fake"}, "Cookie": {"session=1"}},
	})
	fmt.Println(req.Headers.Get("Authorization"))
	fmt.Println(req.Headers.Get("Cookie"))
	// Output:
	// Bearer fake
	// session=REDACTED
}

func ExampleRedactor_Request() {
	r := redact.Default()
	// Recorded with one token, replayed with another: both redact alike, so
	// the live request matches the recorded one.
	recorded := r.Request(cassette.Request{Method: "GET", URL: "https://api.example.com/me?access_token=old"})
	live := r.Request(cassette.Request{Method: "GET", URL: "https://api.example.com/me?access_token=new"})
	fmt.Println(recorded.URL == live.URL, live.URL)
	// Output: true https://api.example.com/me?access_token=REDACTED
}

func ExampleRedactor_Scan() {
	c := &cassette.Cassette{Version: 1, Interactions: []*cassette.Interaction{{
		Line:     4,
		Request:  cassette.Request{Method: "POST", URL: "https://api.example.com/tokens"},
		Response: cassette.Response{Code: 201, Body: []byte(`{"id": 7, "value": "ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"}`)},
	}}}
	for _, f := range redact.Default().Scan(c) {
		fmt.Println(f)
	}
	// Output:
	// interaction #1 (line 4): response.body $.value: GitHub token "ghp_…": add recorder.WithRedaction(redact.JSONField("$.value")) or allow it with recorder.WithRedaction(redact.AllowField("response.body $.value"))
}

func ExampleAllow() {
	c := &cassette.Cassette{Version: 1, Interactions: []*cassette.Interaction{{
		Request: cassette.Request{Method: "GET", URL: "https://api.example.com/charges", Headers: http.Header{
			"X-Test-Key": {"sk_test_4eC39HqLyjWDarjtT1zdp7dc"}, // Stripe's published documentation key
		}},
	}}}
	r, err := redact.New(redact.Allow("sk_test_4eC39HqLyjWDarjtT1zdp7dc"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(redact.Default().Scan(c)), len(r.Scan(c)))
	// Output: 1 0
}

func ExampleAllowField() {
	c := &cassette.Cassette{Version: 1, Interactions: []*cassette.Interaction{{
		Request:  cassette.Request{Method: "GET", URL: "https://api.example.com/fixtures"},
		Response: cassette.Response{Code: 200, Body: []byte(`{"sample_jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}`)},
	}}}
	r, err := redact.New(redact.AllowField("response.body $.sample_jwt"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(redact.Default().Scan(c)), len(r.Scan(c)))
	// Output: 1 0
}

func ExampleNew_error() {
	_, err := redact.New(redact.JSONField("$.items[0"))
	fmt.Println(err)
	// Output: redact: JSONField("$.items[0"): unclosed [ at offset 7; write paths like $.token, $.user.password, $..password or $.items[*].token
}

// XML answers, such as STS's AssumeRole, have their secret elements
// redacted by default; XMLElement names more.
func ExampleXMLElement() {
	r, err := redact.New(redact.XMLElement("AccountNumber"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp := r.Response(cassette.Response{
		Code:    200,
		Headers: http.Header{"Content-Type": {"text/xml"}},
		Body: []byte(`<Credentials><AccessKeyId>ASIAQXN7VT3MEXAMPLE1</AccessKeyId>` +
			`<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>` +
			`<AccountNumber>4111-0000</AccountNumber><Region>us-east-1</Region></Credentials>`),
	})
	fmt.Println(string(resp.Body))
	// Output:
	// <Credentials><AccessKeyId>REDACTED</AccessKeyId><SecretAccessKey>REDACTED</SecretAccessKey><AccountNumber>REDACTED</AccountNumber><Region>us-east-1</Region></Credentials>
}

func ExampleRedactor_ScanBody() {
	// A response whose body is in a body file, read here from a string.
	in := &cassette.Interaction{
		Line:    4,
		Request: cassette.Request{Method: "GET", URL: "https://ci.example.com/logs/1"},
		Response: cassette.Response{Code: 200, Headers: http.Header{"Content-Type": {"text/plain"}},
			BodyFile: strings.Repeat("ab", 32), BodySize: 3 << 20},
	}
	body := strings.Repeat("build step ok\n", 150000) + "export TOKEN=ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3\n"
	findings, err := redact.Default().ScanBody(0, in, strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		fmt.Println(f.Field, f.Kind)
	}
	// Output:
	// response.body GitHub token
}
