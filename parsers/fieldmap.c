/* fieldmap.c - the roles of the fields of exports no parser was written
 * for (fieldmap.h). */
#include "config.h"

#include "fieldmap.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "textscan.h"

/* Names of each role, normalised (field_key), best first. */
static const char *const time_names[] = {
	"timestamp", "time", "ts", "datetime", "eventtime", "eventtimestamp", "eventdatetime",
	"eventdate", "timegenerated", "timegeneratedutc", "createddatetime",
	"activitydatetime", "logtime", "logtimestamp", "loggedat", "occurredat", "occurred",
	"datetimeutc", "timeutc", "utctime", "dateutc", "date", "t", "createdat", "created",
	"createddate", "createdon", "creationdate", "creationtime", "syscreatedon", "opened",
	"openedat", "openedon", "submittedat", "submitted", "reportedat", "receivedat",
	"starttime", "startdatetime", "timecreated", "timewritten", "lasterrortime",
	"lastfailuretime", "lastmodifieddatetime", "lastupdateddatetime", "whenchangedutc",
	"whenchanged", NULL,
};
static const char *const level_names[] = {
	"level", "loglevel", "severity", "lvl", "l", "levelname", "severitytext",
	"severitylevel", "logseverity", "severitynumber", "leveldisplayname", "entrytype", NULL,
};
static const char *const user_names[] = {
	"userprincipalname", "upn", "useremail", "email", "emailaddress", "mail", "username",
	"user", "login", "loginname", "account", "accountname", "userid", "actor",
	"actoremail", "principalname", "principal", "identity", "caller", "requester",
	"requesteremail", "reporter", "reporteremail", "initiatedby", "mailbox",
	"anchormailbox", NULL,
};
static const char *const message_names[] = {
	"message", "msg", "m", "mt", "messagetemplate", "text", "eventmessage", "log",
	"description", "summary", "shortdescription", "subject", "title", "body", "content",
	"detail", "details", "reason", "statusmessage", "resultdescription", "resultreason",
	NULL,
};
static const char *const error_names[] = {
	"errormessage", "errordescription", "errmessage", "errmsg", "error", "exception", "x",
	"exceptionmessage",
	"errordetail", "errordetails", "failurereason", "fault", "errortext", "errorstring",
	"errormsg", "innererror", "innererrormessage", "lasterror", "lasterrormessage",
	"lastfailure", "lastfailurereason", NULL,
};
static const char *const code_names[] = {
	"errorcode", "code", "errcode", "errname", "errorname", "errorno", "errno",
	"errornumber", "hresult", "resultcode",
	"resulttype", "statuserrorcode", "errorid", "statuscode", "httpstatus",
	"httpstatuscode", "responsecode", "exitcode", NULL,
};
static const char *const status_names[] = {
	"status", "result", "outcome", "resultstatus", "statustext", "state", NULL,
};
static const char *const app_names[] = {
	"app", "application", "appname", "applicationname", "appdisplayname",
	"clientappname", "addin", "addinname", "service", "servicename", "component",
	"product", NULL,
};
static const char *const correlation_names[] = {
	"correlationid", "correlation", "traceid", "operationid", "activityid", "tr",
	NULL,
};
static const char *const request_names[] = {
	"requestid", "clientrequestid", "xmsrequestid", "xrequestid", NULL,
};
static const char *const ip_names[] = {
	"ipaddress", "ip", "clientip", "clientipaddress", "sourceip", "sourceipaddress",
	"remoteip", "remoteaddr", "remoteaddress", "calleripaddress", "ipaddr", "srcip",
	"clientaddress", NULL,
};
static const char *const tenant_names[] = {
	"tenantid", "tenant", "tid", "aadtenantid", "hometenantid", NULL,
};
static const char *const org_names[] = {
	"orgid", "organizationid", "sforgid", NULL,
};

static const char *const *const role_lists[ROLE_COUNT] = {
	[ROLE_TIME] = time_names,
	[ROLE_LEVEL] = level_names,
	[ROLE_USER] = user_names,
	[ROLE_MESSAGE] = message_names,
	[ROLE_ERROR_TEXT] = error_names,
	[ROLE_CODE] = code_names,
	[ROLE_STATUS] = status_names,
	[ROLE_APP] = app_names,
	[ROLE_CORRELATION] = correlation_names,
	[ROLE_REQUEST] = request_names,
	[ROLE_IP] = ip_names,
	[ROLE_TENANT] = tenant_names,
	[ROLE_ORG] = org_names,
};

void
field_key(const char *name, char *out, size_t cap)
{
	size_t k = 0;
	for (const char *p = name; *p && k + 1 < cap; p++)
		if (isalnum((unsigned char)*p))
			out[k++] = (char)tolower((unsigned char)*p);
	out[k] = '\0';
}

static enum role
role_of_key(const char *key, int *rank)
{
	for (int r = ROLE_TIME; r < ROLE_COUNT; r++)
		for (int i = 0; role_lists[r][i]; i++)
			if (strcmp(role_lists[r][i], key) == 0) {
				*rank = i;
				return (enum role)r;
			}
	return ROLE_NONE;
}

enum role
field_role(const char *name, int *rank)
{
	char key[96];
	field_key(name, key, sizeof(key));
	enum role r = role_of_key(key, rank);
	if (r != ROLE_NONE)
		return r;
	/* a flattened name: its last part ("user.email", "log.level") */
	const char *dot = strrchr(name, '.');
	if (dot && dot[1]) {
		field_key(dot + 1, key, sizeof(key));
		r = role_of_key(key, rank);
		if (r != ROLE_NONE)
			*rank += 50;	/* the whole name, where one matches, is better */
		/* "status.errorCode" is Entra's: a code, not a status */
	}
	return r;
}

void
roles_init(struct roles *rs)
{
	memset(rs, 0, sizeof(*rs));
	for (int i = 0; i < ROLE_COUNT; i++) {
		rs->r[i].rank = 1 << 30;
		rs->r[i].num_time = TIME_NONE;
	}
}

/* "09:14:03" alone: the clock of a row whose date is in another column. */
static int
clock_only(const char *v, size_t n)
{
	size_t i = 0, d = 0;
	while (i < n && isdigit((unsigned char)v[i])) {
		i++;
		d++;
	}
	return d >= 1 && d <= 2 && i < n && v[i] == ':' && memchr(v, '/', n) == NULL &&
	       memchr(v, '-', n) == NULL;
}

static const char *
status_word_text(const char *v, size_t n)
{
	static const char *const failed[] = {
		"failed", "failure", "fail", "error", "denied", "blocked", "rejected",
		"unauthorized", "forbidden", NULL,
	};
	for (size_t i = 0; failed[i]; i++)
		if (strlen(failed[i]) == n && strncasecmp(v, failed[i], n) == 0)
			return "error";
	return NULL;
}

static const char *level_norm(const char *v, size_t n, char *buf, size_t cap);

/* How severe a level word is: 0 unknown, 1 trace/debug, 2 info, 3
 * warning, 4 error, 5 fatal. */
static int
level_weight(const char *v, size_t n)
{
	char buf[64];
	const char *w = level_norm(v, n, buf, sizeof(buf));
	static const char *const order[] = {"trace", "debug", "info", "warning", "error", "fatal"};
	for (int i = 5; i >= 0; i--)
		if (strcmp(w, order[i]) == 0)
			return i == 0 ? 1 : i;
	return 0;
}

void
roles_offer(struct roles *rs, const char *name, const char *v, size_t n)
{
	while (n && isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n == 0)
		return;
	int rank;
	enum role r = field_role(name, &rank);
	if (r == ROLE_NONE) {
		/* the zone of a date and a clock given apart: tz="+0100" */
		char key[32];
		field_key(name, key, sizeof(key));
		if ((strcmp(key, "tz") == 0 || strcmp(key, "timezone") == 0 ||
		     strcmp(key, "tzoffset") == 0) && n < 40 && rs->zone_n == 0) {
			rs->zone = v;
			rs->zone_n = n;
		}
		return;
	}
	if (r == ROLE_TIME && n >= 10 && n <= 19) {
		/* an epoch number written as text ("1740647643123456789") */
		size_t d = 0;
		while (d < n && isdigit((unsigned char)v[d]))
			d++;
		if (d == n) {
			char num[24];
			memcpy(num, v, n);
			num[n] = '\0';
			roles_offer_number(rs, name, strtod(num, NULL));
			return;
		}
	}
	if (r == ROLE_TIME && clock_only(v, n)) {
		/* kept as the clock for a date-only time ("Date", "Time") */
		if (rs->clock_n == 0) {
			rs->clock = v;
			rs->clock_n = n;
		}
		return;
	}
	if (r == ROLE_USER && !(memchr(v, '@', n) || memchr(v, '\\', n))) {
		/* a username ("a.kowalski") where the name says it is one, after
		 * any address; a display name or an id is kept only as a field */
		char key[32];
		field_key(name, key, sizeof(key));
		int named = strcmp(key, "user") == 0 || strcmp(key, "username") == 0 ||
			    strcmp(key, "login") == 0 || strcmp(key, "loginname") == 0 ||
			    strcmp(key, "samaccountname") == 0 || strcmp(key, "srcuser") == 0;
		int word = n >= 2 && n <= 64 && isalpha((unsigned char)v[0]);
		for (size_t i = 0; i < n && word; i++)
			word = isalnum((unsigned char)v[i]) || strchr("._-", v[i]);
		if (!named || !word)
			return;
		rank += 100;
	}
	if (r == ROLE_CODE || r == ROLE_ERROR_TEXT) {
		/* "error": "None" (Graph's licence states), "null", "OK" say
		 * nothing failed */
		static const char *const none[] = {"none", "null", "n/a", "ok", "success", "-",
						   "nil", "undefined", NULL};
		for (size_t i = 0; none[i]; i++)
			if (strlen(none[i]) == n && strncasecmp(v, none[i], n) == 0)
				return;
	}
	if (r == ROLE_CODE && ((n > 5 && strncmp(v + n - 5, "Error", 5) == 0) ||
			       (n > 9 && strncmp(v + n - 9, "Exception", 9) == 0)))
		return;	/* an exception's class ("TypeError"), not a code */
	if (r == ROLE_CODE) {
		/* success codes say nothing: 0, HTTP 1xx-3xx */
		char num[16];
		if (n < sizeof(num) && isdigit((unsigned char)v[0])) {
			memcpy(num, v, n);
			num[n] = '\0';
			char *end;
			long x = strtol(num, &end, 10);
			if (*end == '\0' && (x == 0 || (x >= 100 && x < 400)))
				return;
		}
	}
	if (r == ROLE_LEVEL && level_weight(v, n) == 0)
		return;	/* "mandatory", "High": not a log level */
	struct role_value *rv = &rs->r[r];
	if (r == ROLE_LEVEL && rv->n) {
		/* two levels disagree (a container's "Informational" around an
		 * event's "Error"): the more severe is what happened */
		if (level_weight(v, n) > level_weight(rv->v, rv->n)) {
			rv->v = v;
			rv->n = n;
			rv->rank = rank;
		}
		return;
	}
	if (rank >= rv->rank)
		return;
	rv->v = v;
	rv->n = n;
	rv->rank = rank;
	rv->num_time = TIME_NONE;
}

/* A numeric level as a word. */
static const char *
numeric_level(const char *key, double v)
{
	long x = lround(v);
	if (strcmp(key, "severitynumber") == 0 && x >= 1 && x <= 24) {
		static const char *const otel[] = {"trace", "debug", "info", "warning", "error",
						   "fatal"};
		return otel[(x - 1) / 4];
	}
	if (x >= 0 && x <= 7) {
		/* syslog severities */
		static const char *const sys[] = {"fatal", "fatal", "fatal", "error",
						  "warning", "info", "info", "debug"};
		return sys[x];
	}
	/* pino and bunyan */
	if (x >= 60)
		return "fatal";
	if (x >= 50)
		return "error";
	if (x >= 40)
		return "warning";
	if (x >= 30)
		return "info";
	if (x >= 20)
		return "debug";
	return "trace";
}

void
roles_offer_number(struct roles *rs, const char *name, double v)
{
	int rank;
	enum role r = field_role(name, &rank);
	if (r == ROLE_NONE || !isfinite(v))
		return;
	struct role_value *rv = &rs->r[r];
	if (rank >= rv->rank)
		return;
	if (r == ROLE_TIME) {
		double ms;
		double a = fabs(v);
		if (a >= 1e17)
			ms = v / 1e6;
		else if (a >= 1e14)
			ms = v / 1e3;
		else if (a >= 1e11)
			ms = v;
		else if (a >= 1e8)
			ms = v * 1e3;
		else
			return;	/* a duration, a count */
		rv->num_time = (int64_t)ms;
		rv->v = NULL;
		rv->n = 0;
		rv->rank = rank;
		return;
	}
	if (r == ROLE_LEVEL) {
		char key[96];
		field_key(name, key, sizeof(key));
		const char *dot = strrchr(name, '.');
		if (role_of_key(key, &(int){0}) == ROLE_NONE && dot)
			field_key(dot + 1, key, sizeof(key));
		const char *w = numeric_level(key, v);
		rv->v = w;
		rv->n = strlen(w);
		rv->rank = rank;
		return;
	}
	/* codes, statuses and the rest as text: the caller's number text is
	 * gone, so keep a copy */
	if (v != floor(v) || fabs(v) > 1e15)
		return;
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%.0f", v);
	if (len <= 0 || (size_t)len >= sizeof(rs->numbuf[0]))
		return;
	memcpy(rs->numbuf[r], buf, (size_t)len + 1);
	roles_offer(rs, name, rs->numbuf[r], (size_t)len);
}

/* A level word as one of error, fatal, warning, info, debug, trace; other
 * words as they are. */
static const char *
level_norm(const char *v, size_t n, char *buf, size_t cap)
{
	static const struct {
		const char *word, *norm;
	} words[] = {
		{"error", "error"}, {"err", "error"}, {"e", "error"}, {"eror", "error"},
		{"fatal", "fatal"}, {"critical", "fatal"}, {"crit", "fatal"}, {"ftl", "fatal"},
		{"alert", "fatal"}, {"emerg", "fatal"}, {"emergency", "fatal"}, {"panic", "fatal"},
		{"severe", "fatal"}, {"warning", "warning"}, {"warn", "warning"}, {"wrn", "warning"},
		{"w", "warning"}, {"info", "info"}, {"information", "info"},
		{"informational", "info"}, {"inf", "info"}, {"notice", "info"}, {"i", "info"},
		{"debug", "debug"}, {"dbg", "debug"}, {"verbose", "debug"}, {"vrb", "debug"},
		{"d", "debug"}, {"trace", "trace"}, {"trc", "trace"}, {"fine", "trace"},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n && strncasecmp(v, words[i].word, n) == 0)
			return words[i].norm;
	snprintf(buf, cap, "%.*s", (int)n, v);
	return buf;
}

int
roles_is_event(const struct roles *rs)
{
	return rs->r[ROLE_MESSAGE].n || rs->r[ROLE_ERROR_TEXT].n || rs->r[ROLE_CODE].n ||
	       rs->r[ROLE_LEVEL].n;
}

int
roles_error(const struct roles *rs)
{
	const struct role_value *r = rs->r;
	char buf[64];
	if (r[ROLE_LEVEL].n) {
		const char *l = level_norm(r[ROLE_LEVEL].v, r[ROLE_LEVEL].n, buf, sizeof(buf));
		if (strcmp(l, "error") == 0 || strcmp(l, "fatal") == 0)
			return 1;
	}
	if (r[ROLE_STATUS].n && status_word_text(r[ROLE_STATUS].v, r[ROLE_STATUS].n))
		return 1;
	if (r[ROLE_CODE].n || r[ROLE_ERROR_TEXT].n)
		return 1;
	if (r[ROLE_MESSAGE].n == 0)
		return 0;
	struct findings f;
	findings_init(&f);
	scan_text(&f, r[ROLE_MESSAGE].v, r[ROLE_MESSAGE].n);
	int err = f.known != NULL;
	for (size_t i = 0; i < f.ncodes && !err; i++)
		err = f.codes[i].rank < RANK_HTTP;
	findings_free(&f);
	return err;
}

int
roles_error_event(struct parse_ctx *c, const struct roles *rs, uint64_t line,
		  const char *pointer, const char *source, const char *kind)
{
	if (!roles_error(rs) || (rs->r[ROLE_TIME].n == 0 && rs->r[ROLE_TIME].num_time == TIME_NONE))
		return 0;
	struct store *st = c->store;
	store_begin(st, c->input_id, "log.line");
	rec_set_line(st, line);
	if (pointer && pointer[0])
		rec_set_pointer(st, pointer);
	int64_t t = roles_store(c, rs, line);
	if (rec_get_open(st, "level") == NULL)
		rec_set_str(st, "level", "error");
	rec_set_str(st, "source", source);
	rec_set_str(st, "object", kind);
	if (t == TIME_NONE) {
		store_cancel(st);
		return 0;
	}
	store_end(st);
	return 1;
}

static void
copy_id(char *out, size_t cap, const struct role_value *rv)
{
	if (rv->n)
		copy_capped(out, cap, rv->v, rv->n);
}

int64_t
roles_store(struct parse_ctx *c, const struct roles *rs, uint64_t line)
{
	struct store *st = c->store;
	const struct role_value *r = rs->r;
	int64_t t = TIME_NONE;
	if (r[ROLE_TIME].num_time != TIME_NONE) {
		t = r[ROLE_TIME].num_time;
	} else if (r[ROLE_TIME].n) {
		if (rs->clock_n && !memchr(r[ROLE_TIME].v, ':', r[ROLE_TIME].n)) {
			char both[160];
			int k = snprintf(both, sizeof(both), "%.*s %.*s%s%.*s", (int)r[ROLE_TIME].n,
					 r[ROLE_TIME].v, (int)rs->clock_n, rs->clock,
					 rs->zone_n ? " " : "", (int)rs->zone_n, rs->zone ? rs->zone : "");
			if (k > 0 && (size_t)k < sizeof(both))
				t = pctx_time(c, both, (size_t)k, line, 0);
		} else {
			t = pctx_time(c, r[ROLE_TIME].v, r[ROLE_TIME].n, line, 0);
		}
	}
	if (t != TIME_NONE)
		rec_set_time(st, t);
	char lvbuf[64];
	const char *level = NULL;
	if (r[ROLE_LEVEL].n)
		level = level_norm(r[ROLE_LEVEL].v, r[ROLE_LEVEL].n, lvbuf, sizeof(lvbuf));
	else if (r[ROLE_STATUS].n)
		level = status_word_text(r[ROLE_STATUS].v, r[ROLE_STATUS].n);
	if (level)
		rec_set_str(st, "level", level);

	struct findings f;
	findings_init(&f);
	struct buf msg;
	buf_init(&msg, FIND_TEXT_MAX * 2 + 16);
	if (r[ROLE_MESSAGE].n)
		(void)buf_add(&msg, r[ROLE_MESSAGE].v, r[ROLE_MESSAGE].n);
	if (r[ROLE_ERROR_TEXT].n &&
	    (msg.len == 0 || !memmem(msg.data, msg.len, r[ROLE_ERROR_TEXT].v,
				     r[ROLE_ERROR_TEXT].n))) {
		if (msg.len)
			(void)buf_adds(&msg, ": ");
		(void)buf_add(&msg, r[ROLE_ERROR_TEXT].v, r[ROLE_ERROR_TEXT].n);
	}
	if (msg.len) {
		scan_text(&f, msg.data, msg.len);
		findings_offer_message(&f, msg.data, msg.len, MSG_OWN);
	}
	if (r[ROLE_CODE].n)
		findings_classify_code(&f, r[ROLE_CODE].v, r[ROLE_CODE].n, RANK_GIVEN);
	if (r[ROLE_USER].n)
		findings_offer_user(&f, r[ROLE_USER].v, r[ROLE_USER].n, 1);
	copy_id(f.correlation, sizeof(f.correlation), &r[ROLE_CORRELATION]);
	copy_id(f.request, sizeof(f.request), &r[ROLE_REQUEST]);
	findings_store(&f, st);
	findings_free(&f);
	buf_free(&msg);
	/* a user written DOMAIN\name has no '@' for the scanner */
	if (r[ROLE_USER].n && !memchr(r[ROLE_USER].v, '@', r[ROLE_USER].n))
		rec_set(st, "user", r[ROLE_USER].v, r[ROLE_USER].n);
	if (r[ROLE_STATUS].n)
		rec_set(st, "status", r[ROLE_STATUS].v, r[ROLE_STATUS].n);
	if (r[ROLE_APP].n)
		rec_set(st, "app", r[ROLE_APP].v, r[ROLE_APP].n);
	if (r[ROLE_IP].n)
		rec_set(st, "ip", r[ROLE_IP].v, r[ROLE_IP].n);
	if (r[ROLE_TENANT].n)
		rec_set(st, "tenant", r[ROLE_TENANT].v, r[ROLE_TENANT].n);
	if (r[ROLE_ORG].n)
		rec_set(st, "org", r[ROLE_ORG].v, r[ROLE_ORG].n);
	return t;
}
