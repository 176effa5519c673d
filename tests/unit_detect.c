/* unit_detect.c - unit tests of Sigma-style detection (src/detect.c) and
 * of the shipped rules' symptoms: every field modifier, multi-valued
 * extras, kind prefixes, case rules, condition precedence, "1 of sel_*",
 * "all of them", parse errors.  Prints "N passed, N failed". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "rules.h"
#include "store.h"
#include "unit.h"
#include "util.h"

int unit_pass, unit_fail;

static struct store *st;

enum { R_ADDIN, R_APP, R_SIGNIN, R_LOGIN, R_HTTP, R_COUNT };

static void
make_records(void)
{
	st = store_new();
	store_begin(st, 0, "addin.log");
	rec_set_str(st, "message", "Failure passed to redirect url. error=OAUTH_APP_ACCESS_DENIED "
		    "error_description=user is not admin approved to access this app");
	rec_set_str(st, "code", "OAUTH_APP_ACCESS_DENIED");
	rec_set_str(st, "user", "alice@contoso.com");
	rec_set_str(st, "ip", "10.1.2.3");
	store_end(st);
	store_begin(st, 0, "sf.connected_app");
	rec_set_str(st, "fullName", "Microsoft_Power_Platform");
	rec_set_str(st, "oauthConfig.isAdminApproved", "true");
	rec_set_str(st, "profileName", "System Administrator");
	rec_set_str(st, "profileName", "Sales User");
	store_end(st);
	store_begin(st, 0, "entra.signin");
	rec_set_str(st, "code", "50105");
	rec_set_str(st, "user", "Bob@Contoso.com");
	rec_set_str(st, "ip", "2001:db8::5");
	rec_set_str(st, "count", "42");
	rec_set_str(st, "message", "AADSTS50105: The signed in user is not assigned to a role");
	store_end(st);
	store_begin(st, 0, "sf.login");
	rec_set_str(st, "statusKey", "not_approved");
	rec_set_str(st, "status", "Failed: Not approved for access");
	store_end(st);
	store_begin(st, 0, "http.exchange");
	rec_set_str(st, "message", "User doesn't have admin permission to access the connected app.");
	store_end(st);
	/* two fields of one record to compare */
	store_begin(st, 0, "sf.user");
	rec_set_str(st, "user", "dana@contoso.com");
	rec_set_str(st, "Email", "Dana@Contoso.com");
	rec_set_str(st, "FederationIdentifier", "dana.k@contoso.com");
	rec_set_str(st, "alias", "dana.k@contoso.com");
	store_end(st);
}

/* Parse a YAML detection (or, with sel, a single selection). */
static int
parse(const char *yaml, struct detection *d, struct selection *sel, struct diag *diag)
{
	yaml_parser_t p;
	yaml_document_t doc;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, strlen(yaml));
	if (!yaml_parser_load(&p, &doc)) {
		fprintf(stderr, "bad test YAML: %s\n", yaml);
		yaml_parser_delete(&p);
		return -2;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	int rc = sel ? selection_parse(&doc, root, "t.yml", "where", sel, diag)
		     : detection_parse(&doc, root, "t.yml", d, diag);
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return rc;
}

/* 1 / 0: does the detection match record i; -1 if it does not parse. */
static int
m(const char *yaml, size_t i)
{
	struct detection d;
	struct diag diag = {0};
	int rc = parse(yaml, &d, NULL, &diag);
	for (size_t k = 0; k < diag.n; k++)
		fprintf(stderr, "  %s\n", diag.v[k]);
	diag_free(&diag);
	if (rc < 0)
		return -1;
	rc = detect_match(&d, st, store_get(st, i));
	/* with a memo: the same answer, computed and then remembered */
	struct match_memo *mm = match_memo_new(st);
	int first = detect_match_memo(&d, st, store_get(st, i), mm);
	int again = detect_match_memo(&d, st, store_get(st, i), mm);
	match_memo_free(mm);
	if (first != rc || again != rc) {
		fprintf(stderr, "  memo: %d then %d, without %d: %s", first, again, rc, yaml);
		rc = -3;
	}
	detection_free(&d);
	return rc;
}

/* One selection "s" holding the map body, condition "s". */
static int
one(const char *body, size_t i)
{
	char *yaml = xasprintf("s: {%s}\ncondition: s\n", body);
	int rc = m(yaml, i);
	free(yaml);
	return rc;
}

/* The first error of a detection that must not parse. */
static char *
error_of(const char *yaml)
{
	struct detection d;
	struct diag diag = {0};
	char *msg = NULL;
	if (parse(yaml, &d, NULL, &diag) == 0)
		detection_free(&d);
	else if (diag.n)
		msg = xstrdup(diag.v[0]);
	diag_free(&diag);
	return msg;
}

#define CHECK_ERROR(yaml, want) do { \
	char *e_ = error_of(yaml); \
	CHECK_STR(e_, want); \
	free(e_); \
} while (0)

static void
test_equals_and_case(void)
{
	CHECK_INT(one("user: ALICE@contoso.com", R_ADDIN), 1);
	CHECK_INT(one("user|cased: ALICE@contoso.com", R_ADDIN), 0);
	CHECK_INT(one("user|cased: alice@contoso.com", R_ADDIN), 1);
	CHECK_INT(one("user: alice", R_ADDIN), 0);		/* whole value */
	CHECK_INT(one("user: alice@contoso.com", R_APP), 0);	/* absent */
	CHECK_INT(one("code: [nope, oauth_app_access_denied]", R_ADDIN), 1);
	CHECK_INT(one("code: [nope, other]", R_ADDIN), 0);
	CHECK_INT(one("kind: addin.log, code: nope", R_ADDIN), 0);	/* AND */
	CHECK_INT(one("oauthConfig.isAdminApproved: 'TRUE'", R_APP), 1);
}

static void
test_text_modifiers(void)
{
	CHECK_INT(one("message|contains: NOT ADMIN APPROVED", R_ADDIN), 1);
	CHECK_INT(one("message|contains|cased: NOT ADMIN APPROVED", R_ADDIN), 0);
	CHECK_INT(one("message|contains|cased: not admin approved", R_ADDIN), 1);
	CHECK_INT(one("message|startswith: failure passed", R_ADDIN), 1);
	CHECK_INT(one("message|startswith: passed", R_ADDIN), 0);
	CHECK_INT(one("message|startswith|cased: failure", R_ADDIN), 0);
	CHECK_INT(one("message|endswith: THIS APP", R_ADDIN), 1);
	CHECK_INT(one("message|endswith|cased: THIS APP", R_ADDIN), 0);
	CHECK_INT(one("message|endswith: this", R_ADDIN), 0);
	CHECK_INT(one("message|contains|all: [redirect, admin approved]", R_ADDIN), 1);
	CHECK_INT(one("message|contains|all: [redirect, nope]", R_ADDIN), 0);
	CHECK_INT(one("message|contains: [nope, redirect]", R_ADDIN), 1);
}

static void
test_regex(void)
{
	CHECK_INT(one("message|re: 'not admin approved'", R_ADDIN), 1);
	CHECK_INT(one("message|re: 'NOT ADMIN'", R_ADDIN), 0);	/* case-sensitive */
	CHECK_INT(one("message|re: '(?i)NOT ADMIN'", R_ADDIN), 1);
	CHECK_INT(one("message|re: '^Failure passed'", R_ADDIN), 1);
	CHECK_INT(one("message|re: '^passed'", R_ADDIN), 0);
	CHECK_INT(one("message|re: 'doesn.t have admin permission'", R_HTTP), 1);
	CHECK_INT(one("message|re: ['^x', 'AADSTS\\d{5}']", R_SIGNIN), 1);
}

static void
test_exists_and_not(void)
{
	CHECK_INT(one("code|exists: true", R_ADDIN), 1);
	CHECK_INT(one("tenant|exists: true", R_ADDIN), 0);
	CHECK_INT(one("tenant|exists: false", R_ADDIN), 1);
	CHECK_INT(one("code|exists|not: true", R_ADDIN), 0);
	CHECK_INT(one("profileName|exists: true", R_APP), 1);
	CHECK_INT(one("code|not: OAUTH_APP_ACCESS_DENIED", R_ADDIN), 0);
	CHECK_INT(one("code|not: OAUTH_APP_ACCESS_DENIED", R_SIGNIN), 1);
	CHECK_INT(one("tenant|not: x", R_ADDIN), 1);		/* absent: no value matches */
	CHECK_INT(one("message|not|contains: redirect", R_ADDIN), 0);
	CHECK_INT(one("message|not|contains: [nope, other]", R_ADDIN), 1);
}

/* |same_as: a field against another field of the same record. */
static void
test_same_as(void)
{
	CHECK_INT(one("Email|same_as: user", 5), 1);	/* any case */
	CHECK_INT(one("Email|same_as|cased: user", 5), 0);
	CHECK_INT(one("Email|same_as: FederationIdentifier", 5), 0);
	CHECK_INT(one("Email|same_as|not: FederationIdentifier", 5), 1);
	CHECK_INT(one("FederationIdentifier|same_as: [user, alias]", 5), 1);
	CHECK_INT(one("Email|same_as: nosuchfield", 5), 0);
	CHECK_INT(one("Email|same_as: user", 0), 0);	/* no Email at all */
	CHECK_ERROR("s: {Email|same_as|re: user}\ncondition: s\n",
		    "t.yml:1: field 'Email': modifiers 'same_as' and 're' cannot be combined");
}

static void
test_cidr_and_numbers(void)
{
	CHECK_INT(one("ip|cidr: 10.0.0.0/8", R_ADDIN), 1);
	CHECK_INT(one("ip|cidr: 10.1.3.0/24", R_ADDIN), 0);
	CHECK_INT(one("ip|cidr: 10.1.2.0/23", R_ADDIN), 1);
	CHECK_INT(one("ip|cidr: 10.1.2.3", R_ADDIN), 1);
	CHECK_INT(one("ip|cidr: [192.168.0.0/16, 10.1.2.2/31]", R_ADDIN), 1);
	CHECK_INT(one("ip|cidr: 2001:db8::/32", R_SIGNIN), 1);
	CHECK_INT(one("ip|cidr: 2001:db9::/32", R_SIGNIN), 0);
	CHECK_INT(one("ip|cidr: 0.0.0.0/0", R_SIGNIN), 0);	/* other family */
	CHECK_INT(one("ip|cidr|not: 10.0.0.0/8", R_ADDIN), 0);
	CHECK_INT(one("count|gt: 41", R_SIGNIN), 1);
	CHECK_INT(one("count|gt: 42", R_SIGNIN), 0);
	CHECK_INT(one("count|gte: 42", R_SIGNIN), 1);
	CHECK_INT(one("count|lt: 42.5", R_SIGNIN), 1);
	CHECK_INT(one("count|lt: 42", R_SIGNIN), 0);
	CHECK_INT(one("count|lte: 42", R_SIGNIN), 1);
	CHECK_INT(one("count|lte: 41", R_SIGNIN), 0);
	CHECK_INT(one("code|gte: 50000", R_SIGNIN), 1);
	CHECK_INT(one("code|gte: 50000", R_ADDIN), 0);		/* not a number */
}

static void
test_multi_valued(void)
{
	CHECK_INT(one("profileName: sales user", R_APP), 1);
	CHECK_INT(one("profileName: system administrator", R_APP), 1);
	CHECK_INT(one("profileName: Marketing", R_APP), 0);
	CHECK_INT(one("profileName|not: Sales User", R_APP), 0);
	CHECK_INT(one("profileName|not: Marketing", R_APP), 1);
	CHECK_INT(one("profileName|all: [System Administrator, Sales User]", R_APP), 1);
	CHECK_INT(one("profileName|all: [System Administrator, Marketing]", R_APP), 0);
	CHECK_INT(one("profileName|startswith: sales", R_APP), 1);
}

static void
test_kind(void)
{
	CHECK_INT(one("kind: addin.*", R_ADDIN), 1);
	CHECK_INT(one("kind: addin.*", R_APP), 0);
	CHECK_INT(one("kind: sf.*", R_APP), 1);
	CHECK_INT(one("kind: sf.*", R_LOGIN), 1);
	CHECK_INT(one("kind: SF.LOGIN", R_LOGIN), 1);
	CHECK_INT(one("kind|cased: SF.LOGIN", R_LOGIN), 0);
	CHECK_INT(one("kind: sf", R_LOGIN), 0);
	CHECK_INT(one("kind: [entra.*, sf.login]", R_SIGNIN), 1);
	CHECK_INT(one("kind|not: entra.signin", R_SIGNIN), 0);
	CHECK_INT(m("s:\n  - {kind: sf.login}\n  - {kind: entra.signin}\ncondition: s\n", R_SIGNIN), 1);
	CHECK_INT(m("s:\n  - {kind: sf.login}\n  - {kind: entra.signin}\ncondition: s\n", R_ADDIN), 0);
}

/* t matches every record, f none. */
#define TF "t: {kind|exists: true}\nf: {kind: nothing}\n"

static void
test_conditions(void)
{
	CHECK_INT(m(TF "condition: t or f and f\n", R_ADDIN), 1);	/* and binds tighter */
	CHECK_INT(m(TF "condition: (t or f) and f\n", R_ADDIN), 0);
	CHECK_INT(m(TF "condition: f and f or t\n", R_ADDIN), 1);
	CHECK_INT(m(TF "condition: not t or t\n", R_ADDIN), 1);	/* not binds tightest */
	CHECK_INT(m(TF "condition: not f and f\n", R_ADDIN), 0);
	CHECK_INT(m(TF "condition: not (f and f)\n", R_ADDIN), 1);
	CHECK_INT(m(TF "condition: not not t\n", R_ADDIN), 1);
	CHECK_INT(m(TF "condition: t and not f\n", R_ADDIN), 1);
	CHECK_INT(m(TF "condition: t and not t\n", R_ADDIN), 0);
	const char *sels = "sel_a: {kind: nothing}\nsel_b: {kind: addin.log}\nother: {kind: nothing}\n";
	char *y = xasprintf("%scondition: 1 of sel_*\n", sels);
	CHECK_INT(m(y, R_ADDIN), 1);
	CHECK_INT(m(y, R_APP), 0);
	free(y);
	y = xasprintf("%scondition: all of sel_*\n", sels);
	CHECK_INT(m(y, R_ADDIN), 0);
	free(y);
	y = xasprintf("%scondition: 1 of them and not other\n", sels);
	CHECK_INT(m(y, R_ADDIN), 1);
	free(y);
	CHECK_INT(m("sel_a: {kind: addin.*}\nsel_b: {code|exists: true}\ncondition: all of them\n",
		    R_ADDIN), 1);
	CHECK_INT(m("sel_a: {kind: addin.*}\nsel_b: {code|exists: true}\ncondition: all of them\n",
		    R_SIGNIN), 0);
	CHECK_INT(m("sel_a: {kind: addin.*}\nsel_b: {code: '50105'}\ncondition: all of sel_?\n",
		    R_SIGNIN), 0);
	CHECK_INT(m("sel_a: {kind: addin.*}\nsel_b: {code: '50105'}\ncondition: any of sel_?\n",
		    R_SIGNIN), 1);
}

static void
test_errors(void)
{
	CHECK_ERROR("s: {message|contanes: x}\ncondition: s\n",
		    "t.yml:1: unknown field modifier 'contanes'");
	CHECK_ERROR("s: {message|re: '(x'}\ncondition: s\n",
		    "t.yml:1: field 'message': bad regular expression '(x': missing closing parenthesis at offset 2");
	CHECK_ERROR("s: {message|re|contains: x}\ncondition: s\n",
		    "t.yml:1: field 'message': modifiers 're' and 'contains' cannot be combined");
	CHECK_ERROR("s: {ip|cidr: 10.0.0.0/33}\ncondition: s\n", "t.yml:1: field 'ip': bad CIDR '10.0.0.0/33'");
	CHECK_ERROR("s: {count|gt: many}\ncondition: s\n", "t.yml:1: field 'count': 'many' is not a number");
	CHECK_ERROR("s: {code|exists: maybe}\ncondition: s\n",
		    "t.yml:1: field 'code': |exists takes true or false");
	CHECK_ERROR("s: {kind: x}\ncondition: s and t\n", "t.yml:2: condition: unknown selection 't'");
	CHECK_ERROR("s: {kind: x}\ncondition: s and\n",
		    "t.yml:2: condition: expected a selection, 'not', '(' or '1 of', found the end");
	CHECK_ERROR("s: {kind: x}\ncondition: s s\n",
		    "t.yml:2: condition: expected 'and', 'or' or the end, found 's'");
	CHECK_ERROR("s: {kind: x}\ncondition: (s or s\n", "t.yml:2: condition: expected ')', found the end");
	CHECK_ERROR("s: {kind: x}\ncondition: 1 of sel_*\n", "t.yml:2: condition: 'sel_*' matches no selection");
	CHECK_ERROR("s: {kind: x}\ncondition: 1 sel\n", "t.yml:2: condition: expected 'of', found 'sel'");
	CHECK_ERROR("s: {kind: x}\n", "t.yml:1: detection has no condition");
	CHECK_ERROR("s: [a, b]\ncondition: s\n", "t.yml:1: selection 's' must be a map or a list of maps");
	CHECK_ERROR("s: {kind: x}\ncondition: s\ns: {kind: y}\n", "t.yml:3: duplicate selection 's'");
}

static void
test_selection_alone(void)
{
	struct selection s;
	struct diag diag = {0};
	CHECK_INT(parse("- {plugin|exists: true, pluginExecutionUser|exists: false}\n"
			"- {oauthConfig.isAdminApproved: 'true'}\n", NULL, &s, &diag), 0);
	CHECK_INT(selection_match(&s, st, store_get(st, R_APP)), 1);
	CHECK_INT(selection_match(&s, st, store_get(st, R_ADDIN)), 0);
	struct match_memo *mm = match_memo_new(st);
	for (int pass = 0; pass < 2; pass++) {
		CHECK_INT(selection_match_memo(&s, st, store_get(st, R_APP), mm), 1);
		CHECK_INT(selection_match_memo(&s, st, store_get(st, R_ADDIN), mm), 0);
	}
	match_memo_free(mm);
	selection_free(&s);
	diag_free(&diag);
}

static void
test_durations(void)
{
	int64_t ms;
	CHECK(parse_duration("-14d", &ms) == 0 && ms == -14LL * 86400000);
	CHECK(parse_duration("1h", &ms) == 0 && ms == 3600000);
	CHECK(parse_duration("30m", &ms) == 0 && ms == 1800000);
	CHECK(parse_duration("+45s", &ms) == 0 && ms == 45000);
	CHECK(parse_duration("2w", &ms) == 0 && ms == 2LL * 604800000);
	CHECK(parse_duration("0", &ms) == 0 && ms == 0);
	CHECK(parse_duration("14", &ms) < 0);
	CHECK(parse_duration("-14x", &ms) < 0);
	CHECK(parse_duration("d", &ms) < 0);
	CHECK(parse_duration("", &ms) < 0);
}

/* One memo over many records: the answers of two rules about the same
 * strings kept apart, and past the memo's size (it starts again) still
 * the answers made afresh. */
static void
test_memo(void)
{
	struct store *s2 = store_new();
	const size_t n = 300000;
	for (size_t i = 0; i < n; i++) {
		store_begin(s2, 0, "entra.signin");
		char msg[64];
		snprintf(msg, sizeof(msg), "request %zu %s", i, i % 3 ? "denied" : "granted");
		rec_set_str(s2, "message", msg);
		rec_set_str(s2, "agent", i % 5 ? "Outlook" : "Mozilla");
		store_end(s2);
	}
	struct detection a, b;
	struct diag diag = {0};
	CHECK_INT(parse("s: {message|contains: denied, agent|re: '^Out'}\ncondition: s\n", &a,
			NULL, &diag), 0);
	CHECK_INT(parse("s: {message|endswith: granted}\ncondition: s\n", &b, NULL, &diag), 0);
	struct match_memo *mm = match_memo_new(s2);
	size_t same = 0, na = 0, nb = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct record *r = store_get(s2, i);
			int x = detect_match_memo(&a, s2, r, mm), y = detect_match_memo(&b, s2, r, mm);
			same += x == detect_match(&a, s2, r) && y == detect_match(&b, s2, r);
			na += (size_t)x;
			nb += (size_t)y;
		}
	CHECK_INT(same, 2 * n);
	CHECK(match_memo_entries(mm) > 0 && match_memo_entries(mm) <= 131072);
	CHECK_INT(na, 2 * (n - (n + 2) / 3) * 4 / 5);
	CHECK_INT(nb, 2 * ((n + 2) / 3));
	match_memo_free(mm);
	detection_free(&a);
	detection_free(&b);
	diag_free(&diag);
	store_free(s2);
}

/* Records alike to a set of detections (detect_classes): every pair of
 * records of one class gets the same answer from each detection, equal
 * classes hash alike, and records a test tells apart are not of one
 * class.  Random records over few values, so that classes repeat. */
static void
test_classes(void)
{
	static const char *const dets[] = {
		"s: {message|contains: denied}\ncondition: s\n",
		"a: {kind: entra.*, user|endswith: .uat}\nb: {code: ['50105', '53003']}\n"
		"condition: a or not b\n",
		"s: {profileName|all: [Sales User, Admin]}\ncondition: s\n",
		"s: {Email|same_as: user}\ncondition: s\n",
		"s: {alias|exists: true, count|gt: 10}\ncondition: s\n",
		"s: {ip|cidr: 10.0.0.0/8, nowhere|exists: false}\ncondition: s\n",
		"s: {message|re: '^request [0-9]+ granted$'}\ncondition: s\n",
	};
	/* each field picked at random from values some test tells apart
	 * and values none does (the number in a message, count 11 or 12, the
	 * two addresses in 10/8): at most 2*2*3*2*2*2*2*2 = 384 classes */
	static const char *const kinds[] = {"entra.signin", "sf.login"};
	static const char *const users[] = {"a@x.com", "c@x.com.uat"};
	static const char *const emails[] = {NULL, "A@X.com", "B@x.com"};
	static const char *const codes[] = {"50105", "1"};
	static const char *const profiles[] = {"Sales User", "Admin"};
	static const char *const counts[] = {"5", "11", "12"};
	static const char *const ips[] = {"10.1.1.1", "10.2.2.2"};
	const size_t ndets = sizeof(dets) / sizeof(dets[0]), n = 3000, most = 384;
	struct store *s2 = store_new();
	unsigned seed = 12345;
#define RND(k) (seed = seed * 1103515245u + 12345u, (seed >> 16) % (k))
#define PICK(a) (a)[RND(sizeof(a) / sizeof((a)[0]))]
	for (size_t i = 0; i < n; i++) {
		char msg[64];
		store_begin(s2, 0, PICK(kinds));
		rec_set_str(s2, "user", PICK(users));
		rec_set_str(s2, "Email", PICK(emails));
		unsigned num = RND(1000);
		snprintf(msg, sizeof(msg), "request %u %s", num, RND(2) ? "denied" : "granted");
		rec_set_str(s2, "message", msg);
		rec_set_str(s2, "code", PICK(codes));
		rec_set_str(s2, "profileName", PICK(profiles));
		if (RND(2))
			rec_set_str(s2, "alias", "x");
		rec_set_str(s2, "count", PICK(counts));
		rec_set_str(s2, "ip", PICK(ips));
		store_end(s2);
	}
#undef PICK
#undef RND
	/* three more, past the others: two alike, one not */
	static const char *const last[] = {"request 1 denied", "request 2 denied",
					   "request 3 granted"};
	for (size_t i = 0; i < 3; i++) {
		store_begin(s2, 0, "sf.login");
		rec_set_str(s2, "message", last[i]);
		store_end(s2);
	}
	struct detection d[sizeof(dets) / sizeof(dets[0])];
	struct diag diag = {0};
	struct detect_classes *dc = detect_classes_new(s2);
	for (size_t k = 0; k < ndets; k++) {
		CHECK_INT(parse(dets[k], &d[k], NULL, &diag), 0);
		detect_classes_add(dc, &d[k]);
	}
	/* the first record of each class, found by comparing with all */
	size_t *rep = xcalloc(n, sizeof(*rep)), nclasses = 0, alike = 0, unlike = 0;
	uint64_t *h = xcalloc(n, sizeof(*h));
	for (size_t i = 0; i < n; i++) {
		const struct record *r = store_get(s2, i);
		h[i] = detect_classes_hash(dc, r);
		size_t c;
		for (c = 0; c < nclasses; c++)
			if (detect_classes_equal(dc, r, store_get(s2, rep[c])))
				break;
		if (c == nclasses) {
			rep[nclasses++] = i;
			continue;
		}
		CHECK(h[i] == h[rep[c]]);
		int same = 1;
		for (size_t k = 0; k < ndets; k++)
			same &= detect_match(&d[k], s2, r) == detect_match(&d[k], s2, store_get(s2, rep[c]));
		alike += (size_t)same;
		unlike += (size_t)!same;
	}
	CHECK_INT(unlike, 0);
	CHECK_INT(alike + nclasses, n);
	/* values no test tells apart make no class of their own */
	CHECK(nclasses > most / 2 && nclasses <= most);
	/* records a test tells apart differ: a denied and a granted request */
	CHECK_INT(detect_classes_equal(dc, store_get(s2, n), store_get(s2, n + 1)), 1);
	CHECK_INT(detect_classes_equal(dc, store_get(s2, n), store_get(s2, n + 2)), 0);
	for (size_t k = 0; k < ndets; k++)
		detection_free(&d[k]);
	detect_classes_free(dc);
	diag_free(&diag);
	free(rep);
	free(h);
	store_free(s2);
}

static const struct rule *
find_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

/* Three rules as first shipped (testdata/rules-unit, frozen so that the
 * knowledge base can grow): their symptoms fire on their own errors and
 * not on others, and every part of them loads. */
static void
test_shipped_rules(void)
{
	const char *top = getenv("top_srcdir");
	char *dir = xasprintf("%s/testdata/rules-unit", top && *top ? top : ".");
	struct ruleset rs;
	ruleset_init(&rs);
	CHECK_INT(ruleset_load_dir(&rs, dir), 0);
	CHECK_INT(rs.n, 3);
	static const struct {
		const char *id;
		int fires[R_COUNT];
	} want[] = {
		{"sf-connected-app-not-preauthorized", {1, 0, 0, 1, 0}},
		{"sf-connected-app-run-as-user", {0, 0, 0, 0, 1}},
		{"entra-app-assignment-required", {0, 0, 1, 0, 0}},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct rule *r = find_rule(&rs, want[i].id);
		CHECK(r != NULL);
		for (size_t j = 0; r && j < R_COUNT; j++)
			CHECK_INT(detect_match(&r->symptom, st, store_get(st, j)), want[i].fires[j]);
	}
	const struct rule *r = find_rule(&rs, "sf-connected-app-not-preauthorized");
	if (r) {
		CHECK_STR(r->evidence[0].on, "sf.connected_app");
		CHECK(r->evidence[0].has_where);
		CHECK_INT(selection_match(&r->evidence[0].where, st, store_get(st, R_APP)), 1);
		CHECK_STR(r->evidence[0].needs.ask, "salesforce-admin");
		CHECK(r->evidence[2].has_window && r->evidence[2].window_from == -3600000);
		CHECK_INT(r->tests[0].fires, 1);
		CHECK_INT(r->tests[0].rank, 1);
		CHECK_INT(r->tests[1].fires, 0);
		CHECK(r->confidence > 0.29 && r->confidence < 0.31);
	}
	ruleset_free(&rs);
	free(dir);
}

int
main(void)
{
	make_records();
	test_equals_and_case();
	test_text_modifiers();
	test_regex();
	test_exists_and_not();
	test_cidr_and_numbers();
	test_same_as();
	test_multi_valued();
	test_kind();
	test_conditions();
	test_errors();
	test_selection_alone();
	test_classes();
	test_durations();
	test_shipped_rules();
	test_memo();
	store_free(st);
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}
