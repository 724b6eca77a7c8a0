package sdktest

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/tapedeck/recorder"
)

// Fake credentials, shaped like real ones.
const (
	accessKeyID  = "AKIAZ7QWERTYEXAMPLE2"
	secretKey    = "q8Jd0Lr7XvNw2mYc5tBh1Kp9Fz3Gs6Ue4Ai0OwEx"
	sessionToken = "FwoGZXIvYXdzEBYaDFaKeSeSsIoNtOkEnIjAb3dXhM9pQrLw7yZkVt2NcEuHsGfJaD4s8oP1lQ=="
)

// signatures collects the SigV4 signatures the stand-ins receive, to check
// that none reaches a cassette.
type signatures struct {
	mu   sync.Mutex
	seen []string
}

var signatureRE = regexp.MustCompile(`Signature=([0-9a-f]{64})`)

func (s *signatures) note(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range signatureRE.FindAllStringSubmatch(r.Header.Get("Authorization")+" "+r.URL.RawQuery, -1) {
		s.seen = append(s.seen, m[1])
	}
}

func (s *signatures) secrets() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]string{"secret access key": secretKey, "session token": sessionToken, "access key id": accessKeyID}
	for i, sig := range s.seen {
		m["signature "+strconv.Itoa(i+1)] = sig
	}
	if len(s.seen) == 0 {
		m["signature"] = ""
	}
	return m
}

// awsConfig is what a user writes: the SDK's default configuration (with
// its default checksums) with static credentials and the recorder's
// client; the stand-ins' endpoints are set per service.
func awsConfig(t *testing.T, rec *recorder.Recorder, creds aws.CredentialsProvider) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(creds),
		config.WithHTTPClient(rec.Client()),
		config.WithRetryMaxAttempts(1),
	)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// isolateAWS keeps the shared config files and AWS_ variables of the
// machine the tests run on out of the SDK's configuration.
func isolateAWS(t *testing.T) {
	t.Helper()
	for _, v := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
		"AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION", "AWS_CA_BUNDLE"} {
		t.Setenv(v, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

var staticCreds = credentials.NewStaticCredentialsProvider(accessKeyID, secretKey, sessionToken)

// s3StandIn is an S3 bucket store over https, path-style, that insists on
// what S3 insists on: a SigV4 Authorization header or presigned query, and
// for aws-chunked uploads a payload whose trailing CRC32 checks out.
type s3StandIn struct {
	t       *testing.T
	sigs    *signatures
	token   string // the session token requests must carry
	mu      sync.Mutex
	objects map[string][]byte
}

func (s *s3StandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.sigs.note(r)
	presigned := r.URL.Query().Get("X-Amz-Signature") != ""
	token := r.Header.Get("X-Amz-Security-Token")
	if presigned {
		token = r.URL.Query().Get("X-Amz-Security-Token")
	} else if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=") {
		s3Error(w, http.StatusForbidden, "AccessDenied", "no SigV4 Authorization header")
		return
	}
	if token != s.token {
		s3Error(w, http.StatusForbidden, "InvalidToken", "the security token is not the one issued")
		return
	}
	key := r.URL.Path
	switch r.Method {
	case http.MethodPut:
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s3Error(w, http.StatusBadRequest, "IncompleteBody", err.Error())
			return
		}
		if r.Header.Get("Content-Encoding") != "aws-chunked" || r.Header.Get("X-Amz-Trailer") != "x-amz-checksum-crc32" {
			s.t.Errorf("PutObject over https sent Content-Encoding %q, X-Amz-Trailer %q; want aws-chunked with a CRC32 trailer",
				r.Header.Get("Content-Encoding"), r.Header.Get("X-Amz-Trailer"))
		}
		payload, err := decodeAWSChunked(body)
		if err != nil {
			s3Error(w, http.StatusBadRequest, "InvalidRequest", err.Error())
			return
		}
		if n := r.Header.Get("X-Amz-Decoded-Content-Length"); n != strconv.Itoa(len(payload)) {
			s3Error(w, http.StatusBadRequest, "IncompleteBody", "X-Amz-Decoded-Content-Length "+n)
			return
		}
		s.mu.Lock()
		s.objects[key] = payload
		s.mu.Unlock()
		w.Header().Set("ETag", fmt.Sprintf(`"%08x"`, crc32.ChecksumIEEE(payload)))
		w.Header().Set("x-amz-checksum-crc32", crc32Base64(payload))
		w.WriteHeader(http.StatusOK)
	case http.MethodGet:
		s.mu.Lock()
		payload, ok := s.objects[key]
		s.mu.Unlock()
		if !ok {
			s3Error(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.Header().Set("ETag", fmt.Sprintf(`"%08x"`, crc32.ChecksumIEEE(payload)))
		w.Header().Set("x-amz-checksum-crc32", crc32Base64(payload))
		w.Write(payload)
	default:
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method)
	}
}

func s3Error(w http.ResponseWriter, code int, name, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(code)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, name, msg)
}

func newS3(t *testing.T, rec *recorder.Recorder, creds aws.CredentialsProvider, endpoint string) *s3.Client {
	return s3.NewFromConfig(awsConfig(t, rec, creds), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	})
}

// s3Scenario uploads an object with the SDK's default checksums, reads it
// back, and reads it again through a presigned URL valid for expires.
func s3Scenario(t *testing.T, client *s3.Client, expires time.Duration) {
	t.Helper()
	ctx := context.Background()
	const content = "hello from tapedeck\nline two\n"
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String("photos"), Key: aws.String("uploads/2026/05/IMG_0001.txt"),
		Body: strings.NewReader(content),
	})
	if err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	got, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String("uploads/2026/05/IMG_0001.txt")})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	body, err := io.ReadAll(got.Body) // the SDK checks the CRC32 as it reads
	got.Body.Close()
	if err != nil || string(body) != content {
		t.Fatalf("GetObject body %q, %v; want %q", body, err, content)
	}

	ps, err := s3.NewPresignClient(client).PresignGetObject(ctx,
		&s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String("uploads/2026/05/IMG_0001.txt")},
		s3.WithPresignExpires(expires))
	if err != nil {
		t.Fatalf("PresignGetObject: %v", err)
	}
	u, _ := url.Parse(ps.URL)
	if u.Query().Get("X-Amz-Signature") == "" || u.Query().Get("X-Amz-Date") == "" {
		t.Fatalf("the presigned URL has no signature: %s", ps.URL)
	}
	req, err := http.NewRequest(ps.Method, ps.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Options().HTTPClient.Do(req)
	if err != nil {
		t.Fatalf("presigned GET: %v", err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != content {
		t.Fatalf("presigned GET: %s %q", resp.Status, body)
	}
}

// laterClock waits until the SDK signs with another X-Amz-Date (a second
// later), so that every signature and signed timestamp differs from the
// recorded ones.
func laterClock(t *testing.T, recorded time.Time) {
	t.Helper()
	if d := time.Until(recorded.Truncate(time.Second).Add(1100 * time.Millisecond)); d > 0 {
		time.Sleep(d)
	}
}

func TestS3(t *testing.T) {
	freshEnvironment(t)
	isolateAWS(t)
	path := cassettePath(t, "s3")
	sigs := &signatures{}
	srv := httptest.NewTLSServer(&s3StandIn{t: t, sigs: sigs, token: sessionToken, objects: map[string][]byte{}})
	transport := srv.Client().Transport
	var recorded time.Time

	t.Run("record", func(t *testing.T) {
		rec := recorder.New(t, path, recorder.WithTransport(transport))
		recorded = time.Now()
		s3Scenario(t, newS3(t, rec, staticCreds, srv.URL), 15*time.Minute)
	})
	srv.Close()
	assertNotOnDisk(t, path, sigs.secrets())

	t.Run("replay", func(t *testing.T) {
		rec := recorder.New(t, path, recorder.WithTransport(transport))
		s3Scenario(t, newS3(t, rec, staticCreds, srv.URL), 15*time.Minute)
	})
	laterClock(t, recorded)
	t.Run("replay with new signatures", func(t *testing.T) {
		rec := recorder.New(t, path, recorder.WithTransport(transport))
		s3Scenario(t, newS3(t, rec, staticCreds, srv.URL), time.Hour)
	})
}

// dynamoStandIn is a DynamoDB table keyed by pk, speaking the JSON 1.0
// protocol: X-Amz-Target names the operation, and every answer carries the
// CRC32 of its body in X-Amz-Crc32, which the SDK checks.
type dynamoStandIn struct {
	t    *testing.T
	sigs *signatures
	mu   sync.Mutex
	rows map[string]map[string]any
}

func (d *dynamoStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.sigs.note(r)
	var in struct {
		TableName                 string
		Item                      map[string]any
		ExpressionAttributeValues map[string]map[string]any
		KeyConditionExpression    string
	}
	reply := func(code int, v any) {
		body, _ := json.Marshal(v)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
		w.Header().Set("X-Amzn-Requestid", "QJ4DPHNFL6D8T7K6G9A0EXAMPLE")
		w.WriteHeader(code)
		w.Write(body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		reply(400, map[string]string{"__type": "com.amazon.coral.service#SerializationException", "message": "Content-Type " + ct})
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.TableName != "users" {
		reply(400, map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "Requested resource not found"})
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch r.Header.Get("X-Amz-Target") {
	case "DynamoDB_20120810.PutItem":
		pk, _ := in.Item["pk"].(map[string]any)["S"].(string)
		d.rows[pk] = in.Item
		reply(200, map[string]any{})
	case "DynamoDB_20120810.Query":
		if in.KeyConditionExpression != "pk = :pk" {
			reply(400, map[string]string{"__type": "com.amazon.coral.validate#ValidationException", "message": "unsupported key condition"})
			return
		}
		pk, _ := in.ExpressionAttributeValues[":pk"]["S"].(string)
		items := []any{}
		if row, ok := d.rows[pk]; ok {
			items = append(items, row)
		}
		reply(200, map[string]any{"Count": len(items), "ScannedCount": len(items), "Items": items})
	default:
		reply(400, map[string]string{"__type": "com.amazon.coral.service#UnknownOperationException"})
	}
}

func dynamoScenario(t *testing.T, client *dynamodb.Client) {
	t.Helper()
	ctx := context.Background()
	item := map[string]types.AttributeValue{
		"pk":      &types.AttributeValueMemberS{Value: "user#1"},
		"name":    &types.AttributeValueMemberS{Value: "Ann"},
		"email":   &types.AttributeValueMemberS{Value: "ann@example.com"},
		"visits":  &types.AttributeValueMemberN{Value: "42"},
		"admin":   &types.AttributeValueMemberBOOL{Value: true},
		"tags":    &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"address": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"city": &types.AttributeValueMemberS{Value: "Oslo"}, "zip": &types.AttributeValueMemberS{Value: "0150"}}},
	}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("users"), Item: item}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String("users"),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "user#1"}},
	})
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	if out.Count != 1 || out.Items[0]["name"].(*types.AttributeValueMemberS).Value != "Ann" {
		t.Fatalf("Query returned %d items: %v", out.Count, out.Items)
	}
}

func TestDynamoDB(t *testing.T) {
	freshEnvironment(t)
	isolateAWS(t)
	path := cassettePath(t, "dynamodb")
	sigs := &signatures{}
	srv := httptest.NewServer(&dynamoStandIn{t: t, sigs: sigs, rows: map[string]map[string]any{}})
	newClient := func(t *testing.T, rec *recorder.Recorder) *dynamodb.Client {
		return dynamodb.NewFromConfig(awsConfig(t, rec, staticCreds), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	}
	var recorded time.Time
	t.Run("record", func(t *testing.T) {
		recorded = time.Now()
		dynamoScenario(t, newClient(t, recorder.New(t, path)))
	})
	srv.Close()
	assertNotOnDisk(t, path, sigs.secrets())
	t.Run("replay", func(t *testing.T) {
		// The SDK writes the attributes of a map in a new random order on
		// every call; the default matcher compares the JSON 1.0 body as JSON.
		for range 5 {
			t.Run("again", func(t *testing.T) { dynamoScenario(t, newClient(t, recorder.New(t, path))) })
		}
	})
	laterClock(t, recorded)
	t.Run("replay with new signatures", func(t *testing.T) { dynamoScenario(t, newClient(t, recorder.New(t, path))) })
}

// stsStandIn answers AssumeRole (the query protocol: a form body, an XML
// answer) with the session credentials the S3 stand-in then accepts.
type stsStandIn struct {
	sigs *signatures
}

func (s *stsStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.sigs.note(r)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "AssumeRole" || r.PostForm.Get("Version") != "2011-06-15" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code></Error></ErrorResponse>`)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF23EXAMPLE:%s</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/%[1]s</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>%s</AccessKeyId>
      <SecretAccessKey>%s</SecretAccessKey>
      <SessionToken>%s</SessionToken>
      <Expiration>%s</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`, r.PostForm.Get("RoleSessionName"), roleKeyID, roleSecret, roleToken, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
}

// The session credentials STS hands out.
const (
	roleKeyID  = "ASIAQXN7VT3MWEXAMPL3"
	roleSecret = "Zr4Kx9Pq2Wm7Vn1Bt6Yc3Hd8Lf0Gs5Ja2Ue7Oi4M"
	roleToken  = "IQoJb3JpZ2luX2VjEFoaCXVzLWVhc3QtMSJHMEUCIQDmSD8fAkEtOkEnFoRtApEdEcKhQ2tH0EXAMPLE=="
)

func TestSTSAssumeRoleFeedsS3(t *testing.T) {
	freshEnvironment(t)
	isolateAWS(t)
	path := cassettePath(t, "sts-s3")
	sigs := &signatures{}
	stsSrv := httptest.NewTLSServer(&stsStandIn{sigs: sigs})
	s3Srv := httptest.NewTLSServer(&s3StandIn{t: t, sigs: sigs, token: roleToken, objects: map[string][]byte{}})
	transport := s3Srv.Client().Transport // both servers share httptest's certificate
	scenario := func(t *testing.T, rec *recorder.Recorder) {
		stsClient := sts.NewFromConfig(awsConfig(t, rec, staticCreds), func(o *sts.Options) { o.BaseEndpoint = aws.String(stsSrv.URL) })
		role := aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, "arn:aws:iam::123456789012:role/demo",
			func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "tapedeck" }))
		s3Scenario(t, newS3(t, rec, role, s3Srv.URL), 15*time.Minute)
	}
	var recorded time.Time
	t.Run("record", func(t *testing.T) {
		recorded = time.Now()
		scenario(t, recorder.New(t, path, recorder.WithTransport(transport)))
	})
	stsSrv.Close()
	s3Srv.Close()
	secrets := sigs.secrets()
	secrets["role secret access key"] = roleSecret
	secrets["role session token"] = roleToken
	secrets["role access key id"] = roleKeyID
	assertNotOnDisk(t, path, secrets)
	t.Run("replay", func(t *testing.T) { scenario(t, recorder.New(t, path, recorder.WithTransport(transport))) })
	laterClock(t, recorded)
	t.Run("replay with new signatures", func(t *testing.T) {
		scenario(t, recorder.New(t, path, recorder.WithTransport(transport)))
	})
}
