/* unit_secrets.c - the credential stripper (src/secrets.c): every kind of
 * secret it promises to replace, the look-alikes it must leave alone, and
 * a cut that never leaves half a token. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secrets.h"
#include "unit.h"

int unit_pass, unit_fail;

static char out[4096];

static const char *
red(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	redact_append(&b, s, strlen(s));
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static const char *
capped(const char *s, size_t max)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	redact_capped(&b, s, strlen(s), max);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

#define JWT "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ"

static void
test_tokens(void)
{
	CHECK_STR(red("token " JWT " end"), "token [redacted] end");
	CHECK_STR(red("Authorization: Bearer abc.def-ghi_123"), "Authorization: [redacted]");
	CHECK_STR(red("sent Bearer 0123456789abcdefghij0123 to the API"),
		  "sent Bearer [redacted] to the API");
	CHECK_STR(red("with Basic dXNlcjpwYXNzd29yZA== header"), "with Basic [redacted] header");
	/* prose: "bearer token" is not a credential */
	CHECK_STR(red("the bearer token expired"), "the bearer token expired");
}

static void
test_parameters(void)
{
	CHECK_STR(red("POST /token client_secret=s3cr3t&grant_type=client_credentials"),
		  "POST /token client_secret=[redacted]&grant_type=client_credentials");
	CHECK_STR(red("{\"refresh_token\": \"5Aep861abc\", \"scope\": \"api\"}"),
		  "{\"refresh_token\": \"[redacted]\", \"scope\": \"api\"}");
	CHECK_STR(red("password: hunter2 next"), "password: [redacted] next");
	CHECK_STR(red("https://x/cb?code=aPrx12&state=s1"), "https://x/cb?code=[redacted]&state=s1");
	CHECK_STR(red("https://x/cb#access_token=abc&token_type=Bearer"),
		  "https://x/cb#access_token=[redacted]&token_type=Bearer");
	CHECK_STR(red("SAMLResponse=PHNhbWxwOlJlc3BvbnNl"), "SAMLResponse=[redacted]");
	/* "code" outside a URL is an error code */
	CHECK_STR(red("error code=50105"), "error code=50105");
	CHECK_STR(red("{\"code\":\"AADSTS50105\"}"), "{\"code\":\"AADSTS50105\"}");
}

static void
test_headers(void)
{
	CHECK_STR(red("Cookie: sid=abc; other=1\nnext line"), "Cookie: [redacted]\nnext line");
	CHECK_STR(red("{\"name\":\"Set-Cookie\",\"value\":\"x\"}"),
		  "{\"name\":\"Set-Cookie\",\"value\":\"x\"}");
	CHECK_STR(red("\"Authorization\": \"Bearer zzz.yyy.xxx\""), "\"Authorization\": \"[redacted]\"");
	/* a header name inside a longer word is not the header */
	CHECK_STR(red("X-Authorization-Mode: strict"), "X-Authorization-Mode: strict");
}

static void
test_capped(void)
{
	/* the token is replaced before the cut, so no half token survives */
	CHECK_STR(capped("abc " JWT, 10), "abc [redac...");
	CHECK_STR(capped("short", 10), "short");
	/* a cut never splits a UTF-8 character */
	CHECK_STR(capped("ééééé", 5), "éé...");
}

int
main(void)
{
	test_tokens();
	test_parameters();
	test_headers();
	test_capped();
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}
