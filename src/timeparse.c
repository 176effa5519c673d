/* timeparse.c - reading a time in any layout a customer's export prints
 * (the list is in timefmt.h), and the votes that decide a file's
 * day/month order. */
#include "config.h"

#include "timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* ---- names ----------------------------------------------------------------- */

struct name {
	const char *word;	/* lower case, UTF-8 */
	int value;
};

/* Month names and abbreviations: English, German, French, Spanish,
 * Portuguese, Italian, Dutch.  An abbreviation may be followed by '.'. */
static const struct name month_names[] = {
	{"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"jän", 1},
	{"janvier", 1}, {"janv", 1}, {"enero", 1}, {"ene", 1}, {"janeiro", 1},
	{"gennaio", 1}, {"gen", 1}, {"januari", 1},
	{"february", 2}, {"feb", 2}, {"febr", 2}, {"februar", 2}, {"février", 2},
	{"févr", 2}, {"fév", 2}, {"fevrier", 2}, {"febrero", 2}, {"fevereiro", 2},
	{"fev", 2}, {"febbraio", 2}, {"februari", 2},
	{"march", 3}, {"mar", 3}, {"märz", 3}, {"mär", 3}, {"mrz", 3}, {"mars", 3},
	{"marzo", 3}, {"março", 3}, {"marco", 3}, {"maart", 3}, {"mrt", 3},
	{"april", 4}, {"apr", 4}, {"avril", 4}, {"avr", 4}, {"abril", 4}, {"abr", 4},
	{"aprile", 4},
	{"may", 5}, {"mai", 5}, {"mayo", 5}, {"maio", 5}, {"maggio", 5}, {"mag", 5},
	{"mei", 5},
	{"june", 6}, {"jun", 6}, {"juni", 6}, {"juin", 6}, {"junio", 6}, {"junho", 6},
	{"giugno", 6}, {"giu", 6},
	{"july", 7}, {"jul", 7}, {"juli", 7}, {"juillet", 7}, {"juil", 7}, {"julio", 7},
	{"julho", 7}, {"luglio", 7}, {"lug", 7},
	{"august", 8}, {"aug", 8}, {"août", 8}, {"aout", 8}, {"agosto", 8}, {"ago", 8},
	{"augustus", 8},
	{"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9}, {"septiembre", 9},
	{"setiembre", 9}, {"setembro", 9}, {"settembre", 9}, {"set", 9},
	{"october", 10}, {"oct", 10}, {"oktober", 10}, {"okt", 10}, {"octobre", 10},
	{"octubre", 10}, {"outubro", 10}, {"out", 10}, {"ottobre", 10}, {"ott", 10},
	{"november", 11}, {"nov", 11}, {"novembre", 11}, {"noviembre", 11},
	{"novembro", 11},
	{"december", 12}, {"dec", 12}, {"dezember", 12}, {"dez", 12}, {"décembre", 12},
	{"déc", 12}, {"decembre", 12}, {"diciembre", 12}, {"dic", 12}, {"dezembro", 12},
	{"dicembre", 12},
	{NULL, 0},
};

/* Weekdays, skipped in front of a date. */
static const struct name weekday_names[] = {
	{"monday", 1}, {"mon", 1}, {"tuesday", 2}, {"tue", 2}, {"tues", 2},
	{"wednesday", 3}, {"wed", 3}, {"thursday", 4}, {"thu", 4}, {"thur", 4},
	{"thurs", 4}, {"friday", 5}, {"fri", 5}, {"saturday", 6}, {"sat", 6},
	{"sunday", 0}, {"sun", 0},
	{"montag", 1}, {"dienstag", 2}, {"mittwoch", 3}, {"donnerstag", 4},
	{"freitag", 5}, {"samstag", 6}, {"sonnabend", 6}, {"sonntag", 0},
	{"lundi", 1}, {"mardi", 2}, {"mercredi", 3}, {"jeudi", 4}, {"vendredi", 5},
	{"samedi", 6}, {"dimanche", 0}, {"lun", 1}, {"mer", 3}, {"jeu", 4},
	{"ven", 5}, {"sam", 6}, {"dim", 0},
	{"lunes", 1}, {"martes", 2}, {"miércoles", 3}, {"jueves", 4}, {"viernes", 5},
	{"sábado", 6}, {"domingo", 0},
	{"segunda-feira", 1}, {"terça-feira", 2}, {"quarta-feira", 3},
	{"quinta-feira", 4}, {"sexta-feira", 5},
	{"lunedì", 1}, {"martedì", 2}, {"mercoledì", 3}, {"giovedì", 4},
	{"venerdì", 5}, {"sabato", 6}, {"domenica", 0},
	{"maandag", 1}, {"dinsdag", 2}, {"woensdag", 3}, {"donderdag", 4},
	{"vrijdag", 5}, {"zaterdag", 6}, {"zondag", 0},
	{NULL, 0},
};

/* Two-letter weekdays (German "Mo.", Dutch "ma") only count with a dot
 * or comma after them: alone they are ordinary words. */
static const struct name weekday_short[] = {
	{"mo", 1}, {"di", 2}, {"mi", 3}, {"do", 4}, {"fr", 5}, {"sa", 6}, {"so", 0},
	{"ma", 1}, {"wo", 3}, {"vr", 5}, {"za", 6}, {"zo", 0}, {NULL, 0},
};

/* Words between a date and its time ("24 November 2025 at 09:14"). */
static const char *const connectors[] = {
	"at", "um", "à", "a las", "a la", "às", "as", "alle", "ore", "om", "kl.", "kl",
	"klo", "de", NULL,
};

/* ---- zones ------------------------------------------------------------------ */

enum season {
	S_NONE,		/* year-round, or says nothing */
	S_NORTH_SUMMER,	/* northern summer time: March to November */
	S_NORTH_WINTER,	/* standard time of a zone with northern summer time:
			   October to March */
	S_SOUTH_SUMMER,	/* southern summer time: September to April */
	S_SOUTH_WINTER,	/* April to September */
};

struct zone {
	const char *name;	/* abbreviation or long name, as printed */
	int minutes;		/* east of UTC */
	enum season season;
	int locale;		/* +1 printed by day-first locales, -1 by the US */
	const char *means;	/* what triage reads it as */
	const char *also;	/* other zones the same letters name */
	int alt[2];		/* their offsets in minutes (0 = none) */
};

/* Every abbreviation Salesforce's user locales, Java, ICU and the Windows
 * and Outlook clients print, with the reading triage takes where one
 * abbreviation means several zones (documented in doc/records.md). */
static const struct zone zones[] = {
	{"UTC", 0, S_NONE, 0, "UTC", NULL, {0, 0}},
	{"GMT", 0, S_NONE, 0, "Greenwich Mean Time", NULL, {0, 0}},
	{"UT", 0, S_NONE, 0, "UTC", NULL, {0, 0}},
	/* North America */
	{"EST", -300, S_NORTH_WINTER, -1, "US Eastern Standard Time (UTC-05:00)", NULL, {0, 0}},
	{"EDT", -240, S_NORTH_SUMMER, -1, "US Eastern Daylight Time (UTC-04:00)", NULL, {0, 0}},
	{"CST", -360, S_NONE, -1, "US Central Standard Time (UTC-06:00)",
	 "China Standard Time (UTC+08:00), Cuba Standard Time (UTC-05:00)", {480, -300}},
	{"CDT", -300, S_NORTH_SUMMER, -1, "US Central Daylight Time (UTC-05:00)", NULL, {0, 0}},
	{"MST", -420, S_NONE, -1, "US Mountain Standard Time (UTC-07:00)", NULL, {0, 0}},
	{"MDT", -360, S_NORTH_SUMMER, -1, "US Mountain Daylight Time (UTC-06:00)", NULL, {0, 0}},
	{"PST", -480, S_NORTH_WINTER, -1, "US Pacific Standard Time (UTC-08:00)",
	 "Philippine Standard Time (UTC+08:00)", {480, 0}},
	{"PDT", -420, S_NORTH_SUMMER, -1, "US Pacific Daylight Time (UTC-07:00)", NULL, {0, 0}},
	{"AKST", -540, S_NORTH_WINTER, -1, "Alaska Standard Time (UTC-09:00)", NULL, {0, 0}},
	{"AKDT", -480, S_NORTH_SUMMER, -1, "Alaska Daylight Time (UTC-08:00)", NULL, {0, 0}},
	{"HST", -600, S_NONE, -1, "Hawaii Standard Time (UTC-10:00)", NULL, {0, 0}},
	{"HDT", -540, S_NORTH_SUMMER, -1, "Hawaii-Aleutian Daylight Time (UTC-09:00)", NULL, {0, 0}},
	{"AST", -240, S_NONE, 0, "Atlantic Standard Time (UTC-04:00)",
	 "Arabia Standard Time (UTC+03:00)", {180, 0}},
	{"ADT", -180, S_NORTH_SUMMER, 0, "Atlantic Daylight Time (UTC-03:00)", NULL, {0, 0}},
	{"NST", -210, S_NORTH_WINTER, 0, "Newfoundland Standard Time (UTC-03:30)", NULL, {0, 0}},
	{"NDT", -150, S_NORTH_SUMMER, 0, "Newfoundland Daylight Time (UTC-02:30)", NULL, {0, 0}},
	/* Europe */
	{"WET", 0, S_NORTH_WINTER, 1, "Western European Time (UTC+00:00)", NULL, {0, 0}},
	{"WEST", 60, S_NORTH_SUMMER, 1, "Western European Summer Time (UTC+01:00)", NULL, {0, 0}},
	{"BST", 60, S_NORTH_SUMMER, 1, "British Summer Time (UTC+01:00)",
	 "Bangladesh Standard Time (UTC+06:00)", {360, 0}},
	{"IST", 330, S_NONE, 1, "India Standard Time (UTC+05:30)",
	 "Irish Standard Time (UTC+01:00), Israel Standard Time (UTC+02:00)", {60, 120}},
	{"CET", 60, S_NORTH_WINTER, 1, "Central European Time (UTC+01:00)", NULL, {0, 0}},
	{"CEST", 120, S_NORTH_SUMMER, 1, "Central European Summer Time (UTC+02:00)", NULL, {0, 0}},
	{"MET", 60, S_NORTH_WINTER, 1, "Middle European Time (UTC+01:00)", NULL, {0, 0}},
	{"MEST", 120, S_NORTH_SUMMER, 1, "Middle European Summer Time (UTC+02:00)", NULL, {0, 0}},
	{"MEZ", 60, S_NORTH_WINTER, 1, "Mitteleuropäische Zeit (UTC+01:00)", NULL, {0, 0}},
	{"MESZ", 120, S_NORTH_SUMMER, 1, "Mitteleuropäische Sommerzeit (UTC+02:00)", NULL, {0, 0}},
	{"EET", 120, S_NORTH_WINTER, 1, "Eastern European Time (UTC+02:00)", NULL, {0, 0}},
	{"EEST", 180, S_NORTH_SUMMER, 1, "Eastern European Summer Time (UTC+03:00)", NULL, {0, 0}},
	{"MSK", 180, S_NONE, 1, "Moscow Time (UTC+03:00)", NULL, {0, 0}},
	{"TRT", 180, S_NONE, 1, "Turkey Time (UTC+03:00)", NULL, {0, 0}},
	{"IDT", 180, S_NORTH_SUMMER, 1, "Israel Daylight Time (UTC+03:00)", NULL, {0, 0}},
	/* Africa */
	{"WAT", 60, S_NONE, 1, "West Africa Time (UTC+01:00)", NULL, {0, 0}},
	{"CAT", 120, S_NONE, 1, "Central Africa Time (UTC+02:00)", NULL, {0, 0}},
	{"EAT", 180, S_NONE, 1, "East Africa Time (UTC+03:00)", NULL, {0, 0}},
	{"SAST", 120, S_NONE, 1, "South Africa Standard Time (UTC+02:00)", NULL, {0, 0}},
	/* Asia */
	{"GST", 240, S_NONE, 1, "Gulf Standard Time (UTC+04:00)", NULL, {0, 0}},
	{"PKT", 300, S_NONE, 1, "Pakistan Standard Time (UTC+05:00)", NULL, {0, 0}},
	{"NPT", 345, S_NONE, 1, "Nepal Time (UTC+05:45)", NULL, {0, 0}},
	{"ICT", 420, S_NONE, 1, "Indochina Time (UTC+07:00)", NULL, {0, 0}},
	{"WIB", 420, S_NONE, 1, "Western Indonesia Time (UTC+07:00)", NULL, {0, 0}},
	{"SGT", 480, S_NONE, 1, "Singapore Time (UTC+08:00)", NULL, {0, 0}},
	{"MYT", 480, S_NONE, 1, "Malaysia Time (UTC+08:00)", NULL, {0, 0}},
	{"HKT", 480, S_NONE, 1, "Hong Kong Time (UTC+08:00)", NULL, {0, 0}},
	{"PHT", 480, S_NONE, 0, "Philippine Time (UTC+08:00)", NULL, {0, 0}},
	{"WITA", 480, S_NONE, 1, "Central Indonesia Time (UTC+08:00)", NULL, {0, 0}},
	{"JST", 540, S_NONE, 0, "Japan Standard Time (UTC+09:00)", NULL, {0, 0}},
	{"KST", 540, S_NONE, 0, "Korea Standard Time (UTC+09:00)", NULL, {0, 0}},
	{"WIT", 540, S_NONE, 1, "Eastern Indonesia Time (UTC+09:00)", NULL, {0, 0}},
	/* Australia and New Zealand */
	{"AWST", 480, S_NONE, 1, "Australian Western Standard Time (UTC+08:00)", NULL, {0, 0}},
	{"ACST", 570, S_NONE, 1, "Australian Central Standard Time (UTC+09:30)", NULL, {0, 0}},
	{"ACDT", 630, S_SOUTH_SUMMER, 1, "Australian Central Daylight Time (UTC+10:30)", NULL, {0, 0}},
	{"AEST", 600, S_NONE, 1, "Australian Eastern Standard Time (UTC+10:00)", NULL, {0, 0}},
	{"AEDT", 660, S_SOUTH_SUMMER, 1, "Australian Eastern Daylight Time (UTC+11:00)", NULL, {0, 0}},
	{"NZST", 720, S_SOUTH_WINTER, 1, "New Zealand Standard Time (UTC+12:00)", NULL, {0, 0}},
	{"NZDT", 780, S_SOUTH_SUMMER, 1, "New Zealand Daylight Time (UTC+13:00)", NULL, {0, 0}},
	/* South America */
	{"BRT", -180, S_NONE, 1, "Brasília Time (UTC-03:00)", NULL, {0, 0}},
	{"BRST", -120, S_SOUTH_SUMMER, 1, "Brasília Summer Time (UTC-02:00)", NULL, {0, 0}},
	{"ART", -180, S_NONE, 1, "Argentina Time (UTC-03:00)", NULL, {0, 0}},
	{"CLT", -240, S_SOUTH_WINTER, 1, "Chile Standard Time (UTC-04:00)", NULL, {0, 0}},
	{"CLST", -180, S_SOUTH_SUMMER, 1, "Chile Summer Time (UTC-03:00)", NULL, {0, 0}},
	{"COT", -300, S_NONE, 1, "Colombia Time (UTC-05:00)", NULL, {0, 0}},
	{"PET", -300, S_NONE, 1, "Peru Time (UTC-05:00)", NULL, {0, 0}},
	{"ECT", -300, S_NONE, 1, "Ecuador Time (UTC-05:00)", NULL, {0, 0}},
	{"BOT", -240, S_NONE, 1, "Bolivia Time (UTC-04:00)", NULL, {0, 0}},
	{"VET", -240, S_NONE, 1, "Venezuela Time (UTC-04:00)", NULL, {0, 0}},
	{"UYT", -180, S_NONE, 1, "Uruguay Time (UTC-03:00)", NULL, {0, 0}},
	{"PYT", -240, S_SOUTH_WINTER, 1, "Paraguay Time (UTC-04:00)", NULL, {0, 0}},
	{"PYST", -180, S_SOUTH_SUMMER, 1, "Paraguay Summer Time (UTC-03:00)", NULL, {0, 0}},
	/* long names (Windows and Outlook) */
	{"Coordinated Universal Time", 0, S_NONE, 0, "UTC", NULL, {0, 0}},
	{"Greenwich Mean Time", 0, S_NONE, 0, "Greenwich Mean Time", NULL, {0, 0}},
	{"GMT Standard Time", 0, S_NORTH_WINTER, 1, "GMT Standard Time (UTC+00:00)", NULL, {0, 0}},
	{"GMT Daylight Time", 60, S_NORTH_SUMMER, 1, "GMT Daylight Time (UTC+01:00)", NULL, {0, 0}},
	{"British Summer Time", 60, S_NORTH_SUMMER, 1, "British Summer Time (UTC+01:00)", NULL, {0, 0}},
	{"Eastern Standard Time", -300, S_NORTH_WINTER, -1, "Eastern Standard Time (UTC-05:00)", NULL, {0, 0}},
	{"Eastern Daylight Time", -240, S_NORTH_SUMMER, -1, "Eastern Daylight Time (UTC-04:00)", NULL, {0, 0}},
	{"Central Standard Time", -360, S_NORTH_WINTER, -1, "Central Standard Time (UTC-06:00)", NULL, {0, 0}},
	{"Central Daylight Time", -300, S_NORTH_SUMMER, -1, "Central Daylight Time (UTC-05:00)", NULL, {0, 0}},
	{"Mountain Standard Time", -420, S_NONE, -1, "Mountain Standard Time (UTC-07:00)", NULL, {0, 0}},
	{"Mountain Daylight Time", -360, S_NORTH_SUMMER, -1, "Mountain Daylight Time (UTC-06:00)", NULL, {0, 0}},
	{"Pacific Standard Time", -480, S_NORTH_WINTER, -1, "Pacific Standard Time (UTC-08:00)", NULL, {0, 0}},
	{"Pacific Daylight Time", -420, S_NORTH_SUMMER, -1, "Pacific Daylight Time (UTC-07:00)", NULL, {0, 0}},
	{"W. Europe Standard Time", 60, S_NORTH_WINTER, 1, "W. Europe Standard Time (UTC+01:00)", NULL, {0, 0}},
	{"W. Europe Daylight Time", 120, S_NORTH_SUMMER, 1, "W. Europe Daylight Time (UTC+02:00)", NULL, {0, 0}},
	{"Central Europe Standard Time", 60, S_NORTH_WINTER, 1, "Central Europe Standard Time (UTC+01:00)", NULL, {0, 0}},
	{"Central European Standard Time", 60, S_NORTH_WINTER, 1, "Central European Standard Time (UTC+01:00)", NULL, {0, 0}},
	{"Central European Summer Time", 120, S_NORTH_SUMMER, 1, "Central European Summer Time (UTC+02:00)", NULL, {0, 0}},
	{"Romance Standard Time", 60, S_NORTH_WINTER, 1, "Romance Standard Time (UTC+01:00)", NULL, {0, 0}},
	{"Romance Daylight Time", 120, S_NORTH_SUMMER, 1, "Romance Daylight Time (UTC+02:00)", NULL, {0, 0}},
	{"E. Europe Standard Time", 120, S_NORTH_WINTER, 1, "E. Europe Standard Time (UTC+02:00)", NULL, {0, 0}},
	{"FLE Standard Time", 120, S_NORTH_WINTER, 1, "FLE Standard Time (UTC+02:00)", NULL, {0, 0}},
	{"India Standard Time", 330, S_NONE, 1, "India Standard Time (UTC+05:30)", NULL, {0, 0}},
	{"China Standard Time", 480, S_NONE, 0, "China Standard Time (UTC+08:00)", NULL, {0, 0}},
	{"Singapore Standard Time", 480, S_NONE, 1, "Singapore Standard Time (UTC+08:00)", NULL, {0, 0}},
	{"Tokyo Standard Time", 540, S_NONE, 0, "Tokyo Standard Time (UTC+09:00)", NULL, {0, 0}},
	{"Japan Standard Time", 540, S_NONE, 0, "Japan Standard Time (UTC+09:00)", NULL, {0, 0}},
	{"AUS Eastern Standard Time", 600, S_NONE, 1, "AUS Eastern Standard Time (UTC+10:00)", NULL, {0, 0}},
	{"AUS Eastern Daylight Time", 660, S_SOUTH_SUMMER, 1, "AUS Eastern Daylight Time (UTC+11:00)", NULL, {0, 0}},
	{"New Zealand Standard Time", 720, S_SOUTH_WINTER, 1, "New Zealand Standard Time (UTC+12:00)", NULL, {0, 0}},
	{"New Zealand Daylight Time", 780, S_SOUTH_SUMMER, 1, "New Zealand Daylight Time (UTC+13:00)", NULL, {0, 0}},
	{"South Africa Standard Time", 120, S_NONE, 1, "South Africa Standard Time (UTC+02:00)", NULL, {0, 0}},
	{"E. South America Standard Time", -180, S_NONE, 1, "E. South America Standard Time (UTC-03:00)", NULL, {0, 0}},
	{NULL, 0, S_NONE, 0, NULL, NULL, {0, 0}},
};

/* ---- a cursor over the text --------------------------------------------------- */

struct rd {
	const char *s;
	size_t n, i;
};

static unsigned char
at(const struct rd *r, size_t k)
{
	return r->i + k < r->n ? (unsigned char)r->s[r->i + k] : 0;
}

/* Blanks: space, tab, NO-BREAK SPACE, NARROW NO-BREAK SPACE (ICU puts
 * one before AM/PM) and THIN SPACE. */
static size_t
blank_len(const struct rd *r)
{
	unsigned char c = at(r, 0);
	if (c == ' ' || c == '\t')
		return 1;
	if (c == 0xC2 && at(r, 1) == 0xA0)
		return 2;
	if (c == 0xE2 && at(r, 1) == 0x80 && (at(r, 2) == 0xAF || at(r, 2) == 0x89))
		return 3;
	return 0;
}

static int
skip_blanks(struct rd *r)
{
	size_t k, any = 0;
	while ((k = blank_len(r)) > 0) {
		r->i += k;
		any = 1;
	}
	return (int)any;
}

static size_t
digit_run(const struct rd *r)
{
	size_t k = 0;
	while (isdigit(at(r, k)))
		k++;
	return k;
}

/* A number of min..max digits that is not part of a longer one. */
static int
number(struct rd *r, size_t min, size_t max, int *v)
{
	size_t k = digit_run(r);
	if (k < min || k > max)
		return 0;
	int x = 0;
	for (size_t j = 0; j < k; j++)
		x = x * 10 + (at(r, j) - '0');
	r->i += k;
	*v = x;
	return 1;
}

/* The exact bytes lit (ASCII letters without case). */
static int
take(struct rd *r, const char *lit)
{
	size_t k = strlen(lit);
	if (r->i + k > r->n)
		return 0;
	for (size_t j = 0; j < k; j++)
		if (tolower(at(r, j)) != tolower((unsigned char)lit[j]))
			return 0;
	r->i += k;
	return 1;
}

/* Bytes of the letters at the cursor: ASCII letters, UTF-8 letters (any
 * multi-byte character) and the '-' inside "segunda-feira". */
static size_t
letters(const struct rd *r)
{
	size_t k = 0;
	for (;;) {
		unsigned char c = at(r, k);
		if (isalpha(c) || c >= 0x80)
			k++;
		else if (c == '-' && k > 0 && isalpha(at(r, k + 1)))
			k++;
		else
			break;
	}
	return k;
}

/* The word at the cursor if it is one of names (without case for ASCII
 * letters): its value, and its length in *len; -1 if it is none. */
static int
name_at(const struct rd *r, const struct name *names, size_t *len)
{
	size_t k = letters(r);
	if (k == 0 || k > 16)
		return -1;
	for (size_t i = 0; names[i].word; i++) {
		if (strlen(names[i].word) != k)
			continue;
		size_t j = 0;
		while (j < k && tolower(at(r, j)) == (unsigned char)names[i].word[j])
			j++;
		if (j == k) {
			*len = k;
			return names[i].value;
		}
	}
	return -1;
}

/* ---- the parts of a time -------------------------------------------------------- */

struct parts {
	int y, mo, d;		/* named or year-first dates */
	int a, b;		/* numeric d/m dates: the first two numbers */
	char sep;		/* their separator, 0 when not numeric d/m */
	int short_year;		/* the year was written with two digits */
	int has_time;
	int h, mi, sec, ms;
	int ampm;		/* 0 none, 1 AM, 2 PM */
	int has_zone, zmin;
	const struct zone *zone;
};

/* ".123456789" or ",123": milliseconds (rounded down). */
static int
fraction(struct rd *r)
{
	int ms = 0, k = 0;
	r->i++;
	while (isdigit(at(r, 0))) {
		if (k < 3)
			ms = ms * 10 + (at(r, 0) - '0');
		k++;
		r->i++;
	}
	while (k < 3) {
		ms *= 10;
		k++;
	}
	return ms;
}

/* AM/PM in front of the time: 午前 / 午後, 上午 / 下午, 오전 / 오후. */
static int
ampm_before(struct rd *r)
{
	static const struct {
		const char *w;
		int v;
	} marks[] = {
		{"\xe5\x8d\x88\xe5\x89\x8d", 1}, {"\xe5\x8d\x88\xe5\xbe\x8c", 2},
		{"\xe4\xb8\x8a\xe5\x8d\x88", 1}, {"\xe4\xb8\x8b\xe5\x8d\x88", 2},
		{"\xec\x98\xa4\xec\xa0\x84", 1}, {"\xec\x98\xa4\xed\x9b\x84", 2},
	};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if (take(r, marks[i].w)) {
			skip_blanks(r);
			return marks[i].v;
		}
	}
	return 0;
}

/* AM/PM after the time: AM, a.m., a. m., am (and the CJK marks). */
static int
ampm_after(struct rd *r)
{
	size_t save = r->i;
	skip_blanks(r);
	unsigned char c = (unsigned char)tolower(at(r, 0));
	if (c == 'a' || c == 'p') {
		int v = c == 'a' ? 1 : 2;
		size_t k = 1;
		if (at(r, k) == '.')
			k++;
		if (at(r, k) == ' ' && tolower(at(r, k + 1)) == 'm')
			k++;
		if (tolower(at(r, k)) == 'm') {
			k++;
			if (at(r, k) == '.')
				k++;
			if (!isalpha(at(r, k))) {
				r->i += k;
				return v;
			}
		}
	}
	int v = ampm_before(r);
	if (v)
		return v;
	r->i = save;
	return 0;
}

/* H:mm[:ss[.fff]] with an optional AM/PM around it. */
static int
clock_time(struct rd *r, struct parts *p)
{
	size_t save = r->i;
	int pre = ampm_before(r);
	int h, mi, sec = 0, ms = 0;
	if (!number(r, 1, 2, &h) || at(r, 0) != ':') {
		r->i = save;
		return 0;
	}
	r->i++;
	if (!number(r, 2, 2, &mi)) {
		r->i = save;
		return 0;
	}
	if (at(r, 0) == ':' && isdigit(at(r, 1))) {
		r->i++;
		if (!number(r, 2, 2, &sec)) {
			r->i = save;
			return 0;
		}
		if ((at(r, 0) == '.' || at(r, 0) == ',') && isdigit(at(r, 1)))
			ms = fraction(r);
	}
	int post = pre ? 0 : ampm_after(r);
	int ap = pre ? pre : post;
	if (ap) {
		if (h > 12)
			return -1;	/* "13:00 PM" */
		h = h % 12 + (ap == 2 ? 12 : 0);
	}
	p->has_time = 1;
	p->h = h;
	p->mi = mi;
	p->sec = sec;
	p->ms = ms;
	p->ampm = ap;
	return 1;
}

/* +hh:mm, +hhmm, +hh (or +h after UTC/GMT). */
static int
offset(struct rd *r, int *minutes, int short_hour)
{
	unsigned char c = at(r, 0);
	if (c != '+' && c != '-' && !(c == 0xE2 && at(r, 1) == 0x88 && at(r, 2) == 0x92))
		return 0;
	size_t save = r->i;
	int sign = c == '+' ? 1 : -1;
	r->i += c == 0xE2 ? 3 : 1;	/* U+2212 MINUS SIGN */
	int h, m = 0;
	size_t k = digit_run(r);
	if (k == 4) {
		number(r, 4, 4, &h);
		m = h % 100;
		h /= 100;
	} else if (number(r, short_hour ? 1 : 2, 2, &h)) {
		if (at(r, 0) == ':' && isdigit(at(r, 1))) {
			r->i++;
			(void)number(r, 2, 2, &m);
		}
	} else {
		r->i = save;
		return 0;
	}
	if (h > 18 || m > 59) {
		r->i = save;
		return 0;
	}
	*minutes = sign * (h * 60 + m);
	return 1;
}

/* A zone: Z, an offset, an abbreviation or long name (optionally with an
 * offset after it, "GMT+2"), any of them in parentheses. */
static int
zone(struct rd *r, struct parts *p)
{
	size_t save = r->i;
	skip_blanks(r);
	int paren = 0;
	if (at(r, 0) == '(' || at(r, 0) == '[') {
		paren = 1;
		r->i++;
	}
	int m;
	if (at(r, 0) == 'Z' && !isalpha(at(r, 1))) {
		r->i++;
		p->zmin = 0;
	} else if (offset(r, &m, 0)) {
		p->zmin = m;
	} else {
		const struct zone *best = NULL;
		size_t best_len = 0;
		int c0 = tolower(at(r, 0));
		for (size_t i = 0; zones[i].name; i++) {
			if (tolower((unsigned char)zones[i].name[0]) != c0)
				continue;	/* most text is no zone: its first letter says so */
			size_t k = strlen(zones[i].name);
			if (k <= best_len || r->i + k > r->n ||
			    strncasecmp(r->s + r->i, zones[i].name, k) != 0 || isalpha(at(r, k)))
				continue;
			/* abbreviations in capitals only: "est" is a word */
			if (k <= 5 && !isupper(at(r, 0)))
				continue;
			best = &zones[i];
			best_len = k;
		}
		if (best == NULL) {
			r->i = save;
			return 0;
		}
		r->i += best_len;
		p->zone = best;
		p->zmin = best->minutes;
		if (best->minutes == 0 && offset(r, &m, 1)) {
			p->zmin = m;	/* GMT+02:00, UTC-5 */
			p->zone = NULL;
		}
	}
	if (paren) {
		if (at(r, 0) != ')' && at(r, 0) != ']') {
			r->i = save;
			p->zone = NULL;
			return 0;
		}
		r->i++;
	}
	p->has_zone = 1;
	return 1;
}

/* A weekday in front of a date ("Monday, ", "Mo., ", "lun. "). */
static void
weekday(struct rd *r)
{
	size_t save = r->i, len;
	if (name_at(r, weekday_names, &len) >= 0) {
		r->i += len;
		if (at(r, 0) == '.')
			r->i++;
	} else if (name_at(r, weekday_short, &len) >= 0 &&
		   (at(r, len) == '.' || at(r, len) == ',')) {
		r->i += len + 1;
	} else {
		return;
	}
	if (at(r, 0) == ',')
		r->i++;
	if (!skip_blanks(r) && !isdigit(at(r, 0)))
		r->i = save;
}

/* A month name, with an optional dot after it. */
static int
month_name(struct rd *r, int *mo)
{
	size_t len;
	int v = name_at(r, month_names, &len);
	if (v < 0)
		return 0;
	r->i += len;
	if (at(r, 0) == '.')
		r->i++;
	*mo = v;
	return 1;
}

/* The Spanish and Portuguese "de" ("24 de noviembre de 2025"). */
static void
skip_de(struct rd *r)
{
	size_t save = r->i;
	skip_blanks(r);
	if (take(r, "de") && skip_blanks(r))
		return;
	r->i = save;
}

/* yyyy-MM-dd, yyyy/M/d, yyyy.M.d, "yyyy. M. d.", yyyy年M月d日. */
static int
year_first(struct rd *r, struct parts *p)
{
	size_t save = r->i;
	int y, mo, d;
	if (!number(r, 4, 4, &y))
		return 0;
	static const char *const cjk[][3] = {
		{"\xe5\xb9\xb4", "\xe6\x9c\x88", "\xe6\x97\xa5"},	/* 年 月 日 */
		{"\xeb\x85\x84", "\xec\x9b\x94", "\xec\x9d\xbc"},	/* 년 월 일 */
	};
	for (size_t i = 0; i < 2; i++) {
		if (!take(r, cjk[i][0]))
			continue;
		skip_blanks(r);
		if (number(r, 1, 2, &mo) && take(r, cjk[i][1]) && (skip_blanks(r), 1) &&
		    number(r, 1, 2, &d) && take(r, cjk[i][2]))
			goto done;
		r->i = save;
		return 0;
	}
	unsigned char sep = at(r, 0);
	if (sep != '-' && sep != '/' && sep != '.') {
		r->i = save;
		return 0;
	}
	r->i++;
	skip_blanks(r);
	if (!number(r, 1, 2, &mo) || at(r, 0) != sep) {
		r->i = save;
		return 0;
	}
	r->i++;
	skip_blanks(r);
	if (!number(r, 1, 2, &d)) {
		r->i = save;
		return 0;
	}
	if (sep == '.' && at(r, 0) == '.')
		r->i++;
done:
	/* a weekday in parentheses: "2025年3月4日(火)", "(Tue)" */
	if (at(r, 0) == '(' || (at(r, 0) == 0xEF && at(r, 1) == 0xBC && at(r, 2) == 0x88)) {
		struct rd q = *r;
		q.i += at(r, 0) == '(' ? 1 : 3;
		size_t k = letters(&q);
		q.i += k;
		if (k > 0 && k <= 12 && (take(&q, ")") || take(&q, "\xef\xbc\x89")))
			*r = q;
	}
	p->y = y;
	p->mo = mo;
	p->d = d;
	return 1;
}

/* a/b/yyyy, a.b.yyyy, a-b-yyyy (or a two-digit year), the order of a
 * and b left open. */
static int
numeric_dm(struct rd *r, struct parts *p)
{
	size_t save = r->i;
	int a, b, y;
	if (!number(r, 1, 2, &a))
		return 0;
	unsigned char sep = at(r, 0);
	if (sep != '/' && sep != '.' && sep != '-') {
		r->i = save;
		return 0;
	}
	r->i++;
	if (sep == '.')
		skip_blanks(r);
	if (!number(r, 1, 2, &b) || at(r, 0) != sep) {
		r->i = save;
		return 0;
	}
	r->i++;
	if (sep == '.')
		skip_blanks(r);
	size_t yk = digit_run(r);
	if ((yk != 2 && yk != 4) || !number(r, yk, yk, &y)) {
		r->i = save;
		return 0;
	}
	if (yk == 2) {
		y += 2000;
		p->short_year = 1;
	}
	p->a = a;
	p->b = b;
	p->y = y;
	p->sep = (char)sep;
	return 1;
}

/* "24 Nov 2025", "24. November 2025", "24 de noviembre de 2025",
 * "24-Nov-2025", "24/Nov/2025", "November 24, 2025", "Nov 24th 2025". */
static int
named_date(struct rd *r, struct parts *p, int *ctime_year)
{
	size_t save = r->i;
	int d, mo, y;
	*ctime_year = 0;
	if (number(r, 1, 2, &d)) {
		unsigned char sep = at(r, 0);
		if (sep == '-' || sep == '/')
			r->i++;
		else {
			if (sep == '.')
				r->i++;
			skip_de(r);
			skip_blanks(r);
		}
		if (!month_name(r, &mo)) {
			r->i = save;
			return 0;
		}
		if (sep == '-' || sep == '/') {
			if (at(r, 0) != sep) {
				r->i = save;
				return 0;
			}
			r->i++;
		} else {
			skip_de(r);
			if (at(r, 0) == ',')
				r->i++;
			skip_blanks(r);
		}
		size_t yk = digit_run(r);
		if (!((yk == 4 && number(r, 4, 4, &y)) ||
		      ((sep == '-' || sep == '/') && yk == 2 && number(r, 2, 2, &y)))) {
			r->i = save;
			return 0;
		}
		if (y < 100)
			y += 2000;
	} else if (month_name(r, &mo)) {
		skip_blanks(r);
		if (!number(r, 1, 2, &d)) {
			r->i = save;
			return 0;
		}
		(void)(take(r, "st") || take(r, "nd") || take(r, "rd") || take(r, "th"));
		if (at(r, 0) == ',')
			r->i++;
		skip_blanks(r);
		if (digit_run(r) == 4) {
			number(r, 4, 4, &y);
		} else if (isdigit(at(r, 0))) {
			/* ctime: "Nov 24 09:14:03 [UTC] 2025": the year comes last */
			*ctime_year = 1;
			y = 0;
		} else {
			r->i = save;
			return 0;
		}
	} else {
		return 0;
	}
	p->y = y;
	p->mo = mo;
	p->d = d;
	return 1;
}

/* Whatever stands between a date and its time. */
static void
connector(struct rd *r)
{
	if (at(r, 0) == 'T' && isdigit(at(r, 1))) {
		r->i++;
		return;
	}
	if (at(r, 0) == ':' && isdigit(at(r, 1))) {
		r->i++;	/* 24/Nov/2025:09:14:03 */
		return;
	}
	if (at(r, 0) == ',')
		r->i++;
	skip_blanks(r);
	if (at(r, 0) == '-' && at(r, 1) == ' ') {
		r->i++;
		skip_blanks(r);
		return;
	}
	for (size_t i = 0; connectors[i]; i++) {
		size_t save = r->i;
		if (take(r, connectors[i]) && skip_blanks(r))
			return;
		r->i = save;
	}
}

/* Everything after the date: time, zone (and a ctime year). */
static int
rest(struct rd *r, struct parts *p, int ctime_year)
{
	size_t save = r->i;
	connector(r);
	int c = clock_time(r, p);
	if (c < 0)
		return -1;
	if (c == 0) {
		r->i = save;
		if (ctime_year)
			return -1;
		return 0;
	}
	if (!zone(r, p)) {
		p->has_zone = 0;
	}
	if (ctime_year) {
		skip_blanks(r);
		if (!number(r, 4, 4, &p->y))
			return -1;
		if (!p->has_zone)
			(void)zone(r, p);
	}
	return 0;
}

/* Event Log Files: yyyyMMddHHmmss[.SSS], in GMT. */
static int
elf_stamp(struct rd *r, struct parts *p)
{
	if (digit_run(r) != 14)
		return 0;
	const char *s = r->s + r->i;
	int v[6] = {0};
	static const int w[6] = {4, 2, 2, 2, 2, 2};
	size_t k = 0;
	for (int f = 0; f < 6; f++)
		for (int j = 0; j < w[f]; j++)
			v[f] = v[f] * 10 + (s[k++] - '0');
	r->i += 14;
	p->y = v[0];
	p->mo = v[1];
	p->d = v[2];
	p->h = v[3];
	p->mi = v[4];
	p->sec = v[5];
	p->has_time = 1;
	if (at(r, 0) == '.' && isdigit(at(r, 1)))
		p->ms = fraction(r);
	if (!zone(r, p)) {
		p->has_zone = 1;	/* ELF stamps are GMT */
		p->zmin = 0;
	}
	return 1;
}

/* Read the parts of a time at the cursor. */
static int
read_parts(struct rd *r, struct parts *p)
{
	memset(p, 0, sizeof(*p));
	if (elf_stamp(r, p))
		return 0;
	weekday(r);
	int ctime_year = 0;
	if (!year_first(r, p) && !numeric_dm(r, p) && !named_date(r, p, &ctime_year))
		return -1;
	return rest(r, p, ctime_year);
}

/* ---- from parts to an instant ------------------------------------------------------ */

static int
season_fits(enum season s, int month)
{
	switch (s) {
	case S_NORTH_SUMMER:
		return month >= 3 && month <= 11;
	case S_NORTH_WINTER:
		return month >= 10 || month <= 3;
	case S_SOUTH_SUMMER:
		return month >= 9 || month <= 4;
	case S_SOUTH_WINTER:
		return month >= 4 && month <= 9;
	case S_NONE:
		break;
	}
	return -1;
}

/* The offset an ambiguous abbreviation takes: the meaning tz agrees with
 * at that time, else the documented one. */
static int
zone_minutes(const struct parts *p, int64_t local, const char *tz, int *ambiguous)
{
	*ambiguous = 0;
	if (p->zone == NULL || p->zone->also == NULL)
		return p->zmin;
	int off;
	if (tz && tz_offset_local(tz, local, &off) == 0) {
		int m = off / 60;
		if (m == p->zone->minutes)
			return m;
		for (int i = 0; i < 2; i++)
			if (p->zone->alt[i] && p->zone->alt[i] == m)
				return m;
	}
	*ambiguous = 1;
	return p->zmin;
}

/* The instant of a date (y, mo, d) with p's clock and zone; TIME_NONE if
 * the date is not real. */
static int64_t
instant(const struct parts *p, int y, int mo, int d, const char *tz, int *flags)
{
	int sec = p->sec == 60 ? 59 : p->sec;	/* a leap second */
	if (!date_valid(y, mo, d, p->h, p->mi, sec))
		return TIME_NONE;
	int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
		       p->h * 3600 + p->mi * 60 + sec;
	if (p->has_zone) {
		int amb;
		secs -= (int64_t)zone_minutes(p, secs, tz, &amb) * 60;
		if (amb)
			*flags |= TIME_ZONE_AMBIGUOUS;
	} else {
		int off;
		if (tz_offset_local(tz, secs, &off) < 0)
			return TIME_NONE;
		secs -= off;
	}
	return secs * 1000 + p->ms;
}

static int
finish(const struct parts *p, enum date_order order, const char *tz, struct time_read *out)
{
	int flags = 0;
	if (p->has_zone)
		flags |= TIME_HAD_ZONE;
	if (!p->has_time)
		flags |= TIME_NO_TIME;
	if (p->ampm)
		flags |= TIME_12H;
	else if (p->has_time && p->h >= 13)
		flags |= TIME_24H_PM;
	out->mdy = out->dmy = TIME_NONE;
	out->season_mdy = out->season_dmy = -1;
	out->sep = p->sep;
	out->zone = p->zone ? p->zone->name : NULL;
	out->zone_means = p->zone ? p->zone->means : NULL;
	out->zone_also = p->zone ? p->zone->also : NULL;
	out->locale_hint = p->zone ? p->zone->locale : 0;
	enum season season = p->zone ? p->zone->season : S_NONE;
	if (p->sep) {
		out->mdy = instant(p, p->y, p->a, p->b, tz, &flags);
		out->dmy = instant(p, p->y, p->b, p->a, tz, &flags);
		if (out->mdy != TIME_NONE)
			out->season_mdy = season_fits(season, p->a);
		if (out->dmy != TIME_NONE)
			out->season_dmy = season_fits(season, p->b);
		int64_t want = order == DATE_MDY ? out->mdy : out->dmy;
		int64_t other = order == DATE_MDY ? out->dmy : out->mdy;
		if (want == TIME_NONE && other == TIME_NONE)
			return -1;
		if (want == TIME_NONE) {
			want = other;
			flags |= TIME_ORDER_FORCED;
		} else if (other != TIME_NONE && other != want) {
			flags |= TIME_AMBIGUOUS;
		}
		out->ms = want;
	} else {
		out->ms = instant(p, p->y, p->mo, p->d, tz, &flags);
		if (out->ms == TIME_NONE)
			return -1;
	}
	out->flags = flags;
	return 0;
}

/* .NET's JSON dates, as Windows PowerShell's ConvertTo-Json writes them:
 * "/Date(1733126293000)/", "\/Date(1733126293000+0100)\/" (the offset
 * only says where it was written; the number is UTC). */
static int
dotnet_date(const char *s, size_t n, struct time_read *out)
{
	size_t i = 0;
	if (i < n && s[i] == '\\')
		i++;
	if (n - i < 8 || strncmp(s + i, "/Date(", 6) != 0)
		return 0;
	i += 6;
	int neg = i < n && s[i] == '-';
	i += (size_t)neg;
	int64_t v = 0;
	size_t d = 0;
	while (i < n && isdigit((unsigned char)s[i]) && d < 16) {
		v = v * 10 + (s[i++] - '0');
		d++;
	}
	if (d == 0)
		return 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i += 1 + (n - i - 1 >= 4 ? 4 : 0);
	if (i >= n || s[i] != ')')
		return 0;
	memset(out, 0, sizeof(*out));
	out->ms = neg ? -v : v;
	out->mdy = out->dmy = TIME_NONE;
	out->season_mdy = out->season_dmy = -1;
	out->flags = TIME_HAD_ZONE;
	out->len = n;
	return 1;
}

int
time_read(const char *s, size_t n, enum date_order order, const char *tz,
	  struct time_read *out)
{
	struct rd r = {s, n, 0};
	while (r.i < n && (s[r.i] == ' ' || s[r.i] == '"' || s[r.i] == '\t'))
		r.i++;
	if (dotnet_date(s + r.i, n - r.i, out))
		return 0;
	struct parts p;
	if (read_parts(&r, &p) < 0)
		return -1;
	while (r.i < n && (isspace((unsigned char)s[r.i]) || s[r.i] == '"'))
		r.i++;
	if (r.i < n)
		return -1;
	if (finish(&p, order, tz, out) < 0)
		return -1;
	out->len = r.i;
	return 0;
}

/* Could a time start at s[i]?  A digit, or a month or weekday name that
 * has a digit soon after it. */
static int
could_start(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (i > 0) {
		unsigned char b = (unsigned char)s[i - 1];
		if (isalnum(b) || b == '_' || (b >= 0x80 && !isdigit(c)))
			return 0;
		if (isdigit(c) && (b == '.' || b == '/' || b == ':' || b == '-' || b == ',') &&
		    i > 1 && isdigit((unsigned char)s[i - 2]))
			return 0;	/* the middle of 10.1.2.3 or 1,234 */
	}
	if (isdigit(c))
		return 1;
	if (!isalpha(c) && c < 0x80)
		return 0;
	size_t k = i;
	while (k < n && k - i < 20 && (isalpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80))
		k++;
	while (k < n && k - i < 24 && (s[k] == '.' || s[k] == ',' || s[k] == ' '))
		k++;
	return k < n && isdigit((unsigned char)s[k]);
}

int
time_at(const char *s, size_t n, enum date_order order, const char *tz,
	struct time_read *out)
{
	size_t lim = n < 128 ? n : 128;
	struct rd r = {s, lim, 0};
	struct parts p;
	if (read_parts(&r, &p) < 0)
		return -1;
	/* a date must end where a word ends: not "1.2.2025.7" */
	unsigned char e = at(&r, 0);
	if (isalnum(e) || ((e == '.' || e == '/' || e == '-') && isdigit(at(&r, 1))))
		return -1;
	/* two-digit years only with a clock after them */
	if (p.short_year && !p.has_time)
		return -1;
	if (finish(&p, order, tz, out) < 0)
		return -1;
	out->len = r.i;
	return 0;
}

int
time_find(const char *s, size_t n, enum date_order order, const char *tz,
	  struct time_read *out, size_t *where)
{
	for (size_t i = 0; i < n; i++) {
		if (could_start(s, n, i) && time_at(s + i, n - i, order, tz, out) == 0) {
			*where = i;
			return 1;
		}
	}
	return 0;
}

int
time_parse(const char *s, enum date_order order, const char *tz, int64_t *ms, int *flags)
{
	struct time_read t;
	if (time_read(s, strlen(s), order, tz, &t) < 0 || (t.flags & TIME_ORDER_FORCED))
		return -1;
	*ms = t.ms;
	if (flags)
		*flags = t.flags & TIME_HAD_ZONE;
	return 0;
}

int
time_parse_iso(const char *s, int64_t *ms)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	      isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && p[4] == '-'))
		return -1;
	return time_parse(s, DATE_MDY, NULL, ms, NULL);
}

/* ---- the day/month order of a file -------------------------------------------------- */

static void
copy_text(char *out, size_t cap, const char *s, size_t n)
{
	size_t k = utf8_cut(s, n, cap - 1);
	memcpy(out, s, k);
	out[k] = '\0';
}

static void
prove(struct date_votes *v, int order, uint64_t line, const char *text, size_t n,
      const char *why, int season)
{
	if (v->proof[order]++ == 0) {
		v->proof_line[order] = line;
		copy_text(v->proof_text[order], sizeof(v->proof_text[order]), text, n);
		snprintf(v->proof_why[order], sizeof(v->proof_why[order]), "%s", why);
		v->season[order] = season;
	}
}

void
date_vote(struct date_votes *v, const struct time_read *r, uint64_t line,
	  const char *text, size_t n)
{
	if (!r->sep)
		return;
	if (!v->sep)
		v->sep = r->sep;
	int mdy_ok = r->mdy != TIME_NONE, dmy_ok = r->dmy != TIME_NONE;
	if (mdy_ok && !dmy_ok) {
		prove(v, DATE_MDY, line, text, n, "is not a valid day/month date", 0);
		return;
	}
	if (dmy_ok && !mdy_ok) {
		prove(v, DATE_DMY, line, text, n, "is not a valid month/day date", 0);
		return;
	}
	if (r->mdy == r->dmy)
		return;	/* 5/5/2025: the same either way */
	if (v->ambiguous++ == 0)
		v->ambiguous_line = line;
	if (r->season_mdy == 0 && r->season_dmy == 1) {
		prove(v, DATE_DMY, line, text, n, "puts a summer or winter zone in the wrong season "
		      "when read month first", 1);
		return;
	}
	if (r->season_dmy == 0 && r->season_mdy == 1) {
		prove(v, DATE_MDY, line, text, n, "puts a summer or winter zone in the wrong season "
		      "when read day first", 1);
		return;
	}
	int z = r->locale_hint > 0 ? DATE_DMY : r->locale_hint < 0 ? DATE_MDY : -1;
	int k = r->flags & TIME_24H_PM ? DATE_DMY : r->flags & TIME_12H ? DATE_MDY : -1;
	if (z >= 0) {
		v->weak[z] += 2;
		v->zone_hint[z]++;
	}
	if (k >= 0) {
		v->weak[k]++;
		v->clock_hint[k]++;
	}
}

enum date_order
date_votes_order(const struct date_votes *v, int *proved)
{
	*proved = DATE_PROVED;
	if (v->proof[DATE_DMY] > v->proof[DATE_MDY])
		return DATE_DMY;
	if (v->proof[DATE_MDY] > v->proof[DATE_DMY])
		return DATE_MDY;
	*proved = 0;
	for (int o = DATE_MDY; o <= DATE_DMY; o++) {
		int other = o == DATE_MDY ? DATE_DMY : DATE_MDY;
		if (v->zone_hint[o] && v->clock_hint[o] && !v->zone_hint[other] &&
		    !v->clock_hint[other]) {
			*proved = DATE_BY_LOCALE;
			return (enum date_order)o;
		}
	}
	if (v->weak[DATE_DMY] > v->weak[DATE_MDY])
		return DATE_DMY;
	if (v->weak[DATE_MDY] > v->weak[DATE_DMY])
		return DATE_MDY;
	/* the custom of the separator: 24.11.2025 and 24-11-2025 are day
	 * first; 11/24/2025 is the US layout */
	return v->sep == '.' || v->sep == '-' ? DATE_DMY : DATE_MDY;
}
