/*
 * addin_log.c - Outlook and Office add-in logs: the Office "Web Add-In
 * Runtime Logging" file (tab-separated: date time, level, category,
 * message), add-in client logs, legacy Salesforce for Outlook traces, and
 * any other line-oriented log whose lines start with a timestamp.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "parse.h"

/* "03/07/2024 09:00:52" or "6/23/2023 8:41:09": digits and separators. */
static int
short_date_time(const char *p, size_t *len)
{
	size_t i = 0;
	int groups = 0;
	while (groups < 3) {
		size_t d = i;
		while (isdigit((unsigned char)p[i]))
			i++;
		if (i == d || i - d > 4)
			return 0;
		groups++;
		if (groups < 3) {
			if (p[i] != '/' && p[i] != '.' && p[i] != '-')
				return 0;
			i++;
		}
	}
	if (p[i] != ' ')
		return 0;
	i++;
	size_t d = i;
	while (isdigit((unsigned char)p[i]))
		i++;
	if (i == d || p[i] != ':')
		return 0;
	i++;
	while (isdigit((unsigned char)p[i]) || p[i] == ':' || p[i] == '.')
		i++;
	*len = i;
	return 1;
}

/* ISO 8601 "2026-11-24T09:14:03" / "2026-11-24 09:14:03" at the start. */
static int
iso_time(const char *p)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (p[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)p[i])) {
			return 0;
		}
	}
	return (p[10] == 'T' || p[10] == ' ') && isdigit((unsigned char)p[11]) &&
	       isdigit((unsigned char)p[12]) && p[13] == ':';
}

static int
bid(const struct sniff *s, const char **format)
{
	if (s->binary || s->json != JSON_NONE || s->xml_root || s->first_line == NULL)
		return 0;
	const char *l = s->first_line;
	size_t n;
	if (short_date_time(l, &n) && l[n] == '\t') {
		static const char *const levels[] = {"Medium", "Monitorable", "Verbose",
						     "Unexpected", "High", "Low", "Unknown", NULL};
		for (size_t i = 0; levels[i]; i++) {
			size_t ln = strlen(levels[i]);
			if (strncmp(l + n + 1, levels[i], ln) == 0 && l[n + 1 + ln] == '\t') {
				*format = "addin.runtime_log";
				return 90;
			}
		}
		*format = "addin.runtime_log";
		return 50;
	}
	/* other logs: most non-blank lines start with a timestamp */
	size_t lines = 0, stamped = 0;
	const char *p = s->text, *end = s->text + s->text_len;
	while (p < end && lines < 200) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (!nl && !s->complete)
			break;	/* a cut-off last line */
		size_t len = (size_t)(e - p);
		if (len > 0 && !(len == 1 && p[0] == '\r')) {
			char tmp[32];
			size_t k = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
			memcpy(tmp, p, k);
			tmp[k] = '\0';
			const char *q = tmp[0] == '[' ? tmp + 1 : tmp;
			size_t dn;
			lines++;
			if ((k >= 14 && iso_time(q)) || short_date_time(q, &dn))
				stamped++;
		}
		p = e + 1;
	}
	if (lines > 0 && stamped * 2 >= lines + 1) {
		if (sniff_contains(s, "Salesforce failed to complete task") ||
		    sniff_contains(s, "SPServiceException"))
			*format = "addin.client_log";
		else if (sniff_contains(s, "SalesforceNotConnected") ||
			 sniff_contains(s, "Salesforce for Outlook"))
			*format = "addin.sfo_trace";
		else
			*format = "log.timestamped";
		return strcmp(*format, "log.timestamped") == 0 ? 20 : 60;
	}
	return 0;
}

static enum input_status
parse(struct parse_ctx *c, const char *format)
{
	return parse_text_lines(c, strcmp(format, "log.timestamped") == 0 ? "log.line"
									   : "addin.log");
}

const struct parser parser_addin_log = {
	.name = "addin-log",
	.description = "Outlook / Office add-in logs: runtime logging file, add-in "
		       "client logs, Salesforce for Outlook traces, timestamped logs",
	.bid = bid,
	.parse = parse,
};
