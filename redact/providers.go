package redact

import (
	"regexp"
	"strings"
)

// More kinds of credential the scanner recognises by their shape: provider
// tokens whose prefixes say what they are, webhook URLs that are their own
// secret, and the secret half of a key pair written out in a file.
const (
	KindGitLabToken       Kind = "GitLab token"
	KindSendGridKey       Kind = "SendGrid API key"
	KindOpenAIKey         Kind = "OpenAI API key"
	KindAnthropicKey      Kind = "Anthropic API key"
	KindNPMToken          Kind = "npm token"
	KindPyPIToken         Kind = "PyPI token"
	KindSlackWebhook      Kind = "Slack webhook URL"
	KindDiscordWebhook    Kind = "Discord webhook URL"
	KindAWSSecretKey      Kind = "AWS secret access key"
	KindTwilioKey         Kind = "Twilio API key"
	KindMailgunKey        Kind = "Mailgun API key"
	KindShopifyToken      Kind = "Shopify token"
	KindDigitalOceanToken Kind = "DigitalOcean token"
	KindHuggingFaceToken  Kind = "Hugging Face token"
	KindDatabricksToken   Kind = "Databricks token"
	KindPostmanKey        Kind = "Postman API key"
	KindAzureStorageKey   Kind = "Azure storage account key"
	KindTelegramToken     Kind = "Telegram bot token"
	KindVaultToken        Kind = "HashiCorp Vault token"
	KindGrafanaToken      Kind = "Grafana token"
	KindNewRelicKey       Kind = "New Relic key"
	KindLinearKey         Kind = "Linear API key"
	KindDopplerToken      Kind = "Doppler token"
	KindSquareToken       Kind = "Square token"
	KindAtlassianToken    Kind = "Atlassian API token"
	// KindURLPassword is the password of a URL's user information written
	// in a body or header (postgres://app:password@db/...).
	KindURLPassword Kind = "password in a URL"
)

// providerRules are the token rules for the kinds above. The shapes follow
// what the providers document and what public secret-scanner rule sets
// (gitleaks, trufflehog) look for; the expressions are our own.
var providerRules = []tokenRule{
	rule(KindGitLabToken, []string{"gl"}, `\b(gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt)-[A-Za-z0-9_-]{20,})`, nil, `gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt)-[A-Za-z0-9_-]{20,}`, "REDACTED_GITLAB_TOKEN"),
	rule(KindSendGridKey, []string{"SG."}, `\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})`, nil, `SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, "REDACTED_SENDGRID_KEY"),
	rule(KindAnthropicKey, []string{"sk-ant-"}, `\b(sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{32,})`, nil, `sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{32,}`, "REDACTED_ANTHROPIC_KEY"),
	rule(KindOpenAIKey, []string{"sk-"}, `\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})`, isOpenAIKey, `sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, "REDACTED_OPENAI_KEY"),
	rule(KindNPMToken, []string{"npm_"}, `\b(npm_[A-Za-z0-9]{36})\b`, nil, `npm_[A-Za-z0-9]{36}`, "REDACTED_NPM_TOKEN"),
	rule(KindPyPIToken, []string{"pypi-"}, `\b(pypi-AgE[A-Za-z0-9_-]{50,})`, nil, `pypi-AgE[A-Za-z0-9_-]{50,}`, "REDACTED_PYPI_TOKEN"),
	rule(KindSlackWebhook, []string{"hooks.slack.com"}, `https://hooks\.slack\.com/((?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,})`, nil, `https://hooks\.slack\.com/((?:services|workflows|triggers)/[A-Za-z0-9+/_-]+)`, "REDACTED_SLACK_WEBHOOK"),
	rule(KindDiscordWebhook, []string{"/api/webhooks/"}, `https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/([A-Za-z0-9_-]{60,})`, nil, `discord(?:app)?\.com/api/webhooks/\d+/([A-Za-z0-9_-]+)`, "REDACTED_DISCORD_WEBHOOK"),
	rule(KindAWSSecretKey, []string{"ecret", "ECRET"}, `(?i)aws_?secret(?:_?access)?_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b`, nil, `(?i)aws_?secret(?:_?access)?_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})`, "REDACTED_AWS_SECRET_KEY"),
	rule(KindTwilioKey, []string{"SK"}, `\b(SK[0-9a-f]{32})\b`, nil, `SK[0-9a-f]{32}`, "REDACTED_TWILIO_KEY"),
	rule(KindMailgunKey, []string{"key-"}, `\b(key-[0-9a-z]{32})\b`, nil, `key-[0-9a-z]{32}`, "REDACTED_MAILGUN_KEY"),
	rule(KindShopifyToken, []string{"shp"}, `\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b`, nil, `shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`, "REDACTED_SHOPIFY_TOKEN"),
	rule(KindDigitalOceanToken, []string{"_v1_"}, `\b(do[opr]_v1_[a-f0-9]{64})\b`, nil, `do[opr]_v1_[a-f0-9]{64}`, "REDACTED_DIGITALOCEAN_TOKEN"),
	rule(KindHuggingFaceToken, []string{"hf_"}, `\b(hf_[A-Za-z]{34})\b`, nil, `hf_[A-Za-z]{34}`, "REDACTED_HUGGINGFACE_TOKEN"),
	rule(KindDatabricksToken, []string{"dapi"}, `\b(dapi[a-f0-9]{32}(?:-\d)?)\b`, nil, `dapi[a-f0-9]{32}(?:-\d)?`, "REDACTED_DATABRICKS_TOKEN"),
	rule(KindPostmanKey, []string{"PMAK-"}, `\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b`, nil, `PMAK-[a-f0-9]{24}-[a-f0-9]{34}`, "REDACTED_POSTMAN_KEY"),
	rule(KindAzureStorageKey, []string{"AccountKey="}, `AccountKey=([A-Za-z0-9+/]{86}==)`, nil, `AccountKey=([A-Za-z0-9+/]{86}==)`, "REDACTED_AZURE_KEY"),
	rule(KindTelegramToken, []string{":AA"}, `\b(\d{8,10}:AA[A-Za-z0-9_-]{33})\b`, nil, `\d{8,10}:AA[A-Za-z0-9_-]{33}`, "REDACTED_TELEGRAM_TOKEN"),
	rule(KindVaultToken, []string{"hvs.", "hvb."}, `\b(hv[sb]\.[A-Za-z0-9_-]{24,})`, nil, `hv[sb]\.[A-Za-z0-9_-]{24,}`, "REDACTED_VAULT_TOKEN"),
	rule(KindGrafanaToken, []string{"glsa_", "glc_"}, `\b(glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})`, nil, `glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}`, "REDACTED_GRAFANA_TOKEN"),
	rule(KindNewRelicKey, []string{"NRAK-", "NRII-"}, `\b(NR(?:AK|II)-[A-Z0-9]{27})\b`, nil, `NR(?:AK|II)-[A-Z0-9]{27}`, "REDACTED_NEWRELIC_KEY"),
	rule(KindLinearKey, []string{"lin_api_"}, `\b(lin_api_[A-Za-z0-9]{40})\b`, nil, `lin_api_[A-Za-z0-9]{40}`, "REDACTED_LINEAR_KEY"),
	rule(KindDopplerToken, []string{"dp."}, `\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,})`, nil, `dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}`, "REDACTED_DOPPLER_TOKEN"),
	rule(KindSquareToken, []string{"sq0", "EAAA"}, `\b(sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}|EAAA[A-Za-z0-9_-]{60})`, nil, `sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}|EAAA[A-Za-z0-9_-]{60}`, "REDACTED_SQUARE_TOKEN"),
	rule(KindAtlassianToken, []string{"ATATT"}, `\b(ATATT3[A-Za-z0-9_=-]{100,})`, nil, `ATATT3[A-Za-z0-9_=-]{100,}`, "REDACTED_ATLASSIAN_TOKEN"),
	needing(atAfterScheme, KindURLPassword, []string{"://"}, `\b[a-z][a-z0-9+.-]*://[^\s/:@"'<>]+:([^\s/@"'<>]{3,})@[A-Za-z0-9.-]`, isURLPassword, `://[^\s/:@]+:([^\s/@]+)@`, "REDACTED"),
}

func init() { tokenRules = append(tokenRules, providerRules...) }

// atAfterScheme reports whether an @ follows the first :// in s, as in
// every URL with a password.
func atAfterScheme(s string) bool {
	i := strings.Index(s, "://")
	return i >= 0 && strings.IndexByte(s[i:], '@') >= 0
}

func rule(kind Kind, hints []string, expr string, valid func(string) bool, fix, placeholder string) tokenRule {
	return tokenRule{kind: kind, hints: hints, re: regexp.MustCompile(expr), valid: valid, fix: fix, placeholder: placeholder}
}

// needing is rule, for a rule whose matches are only in texts that pass
// need.
func needing(need func(string) bool, kind Kind, hints []string, expr string, valid func(string) bool, fix, placeholder string) tokenRule {
	r := rule(kind, hints, expr, valid, fix, placeholder)
	r.need = need
	return r
}

// isOpenAIKey tells an OpenAI key from a slug that starts with sk- (a SKU,
// sk-learn-...): the key is random, so it mixes upper and lower case
// letters and digits, and Anthropic's keys have their own rule.
func isOpenAIKey(s string) bool {
	if strings.HasPrefix(s, "sk-ant-") {
		return false
	}
	var upper, lower, digit bool
	for i := 3; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case '0' <= c && c <= '9':
			digit = true
		}
	}
	return upper && lower && digit
}

// isURLPassword rejects the placeholders and the template markers that
// documentation puts where a URL's password goes.
func isURLPassword(s string) bool {
	return !strings.Contains(s, Placeholder) && !strings.HasPrefix(s, "$") && !strings.HasPrefix(s, "{") && !strings.HasPrefix(s, "%")
}
