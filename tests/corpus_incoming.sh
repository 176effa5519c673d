#!/bin/sh
# corpus_incoming.sh - the real shapes of ../shared/corpus/incoming/ (when
# that folder is there; its files are not copied into the project, some
# have no licence): each file read by the reader of its family, and the
# values below, checked by hand against the files themselves (times in
# UTC, people, codes, messages, the fields that were read wrong or not at
# all before).
. "$(dirname "$0")/lib.sh"
C="${TRIAGE_INCOMING:-$top_srcdir/../shared/corpus/incoming}"
if [ ! -d "$C" ]; then
	echo "SKIP: no corpus at $C"
	exit 77
fi
"$TRIAGE" inventory -f json "$C" >"$TMP/inv.json" 2>/dev/null || bad "inventory of the corpus failed"
"$TRIAGE" timeline -f ndjson "$C" >"$TMP/t.ndjson" 2>/dev/null || bad "timeline of the corpus failed"

# fmt FILE FORMAT RECORDS: reader, status ok, and how many records
fmt() {
	eq "$(inv "$TMP/inv.json" "$C/$1" .format)" "$2" "$1: reader"
	eq "$(inv "$TMP/inv.json" "$C/$1" .status)" ok "$1: status"
	eq "$(inv "$TMP/inv.json" "$C/$1" .records)" "$3" "$1: records"
}

# val LOCATOR JQ-EXPR EXPECTED: a value of the record at LOCATOR (a path
# under the corpus with its :line or #pointer)
val() {
	got=$(jq -r --arg l "$C/$1" "select(.locator == \$l) | $2" "$TMP/t.ndjson" |
		head -n 1)
	eq "$got" "$3" "$1: $2"
}

# warn FILE TEXT: a warning of FILE holds TEXT
warn() {
	contains "$(inv "$TMP/inv.json" "$C/$1" '[.warnings[].message] | join(" | ")')" "$2" \
		"$1: warning"
}

# -- Setup Audit Trail: the Setup page's "d/M/yyyy, HH:mm:ss CEST" (a
#    day-first locale proved by the summer zone on a date that would be
#    December), US "M/d/yyyy, h:mm:ss AM EST/PDT", an Action wrapped onto
#    a second line
S=sf-setupaudittrail
fmt $S/setup-page-eu-cest.reconstructed.csv sf.setup_audit.csv 2
val $S/setup-page-eu-cest.reconstructed.csv:2 .time 2025-08-12T09:54:14.000Z
val $S/setup-page-eu-cest.reconstructed.csv:3 .time 2025-08-12T07:03:27.000Z
val $S/setup-page-eu-cest.reconstructed.csv:3 .message \
	"Changed Permitted Users from All users may self-authorize to Admin approved users are pre-authorized for connected app Microsoft Copilot for Sales"
val $S/setup-page-eu-cest.reconstructed.csv:3 .user some.username@my.salesforce.org.com
val $S/setup-page-eu-cest.reconstructed.csv:3 .fields.section "Connected Apps"
warn $S/setup-page-eu-cest.reconstructed.csv "dates read as day/month/year"
# the rows before the deciding one are read the same way (11/8 is 11 August)
fmt $S/setup-page-eu-cest-ambiguous-rows-first.derived-test.csv sf.setup_audit.csv 3
val $S/setup-page-eu-cest-ambiguous-rows-first.derived-test.csv:2 .time 2025-08-12T09:54:14.000Z
val $S/setup-page-eu-cest-ambiguous-rows-first.derived-test.csv:3 .time 2025-08-11T08:00:00.000Z
val $S/setup-page-eu-cest-ambiguous-rows-first.derived-test.csv:4 .time 2025-07-25T09:54:14.000Z
fmt $S/setup-page-us-est.fixture-extract.csv sf.setup_audit.csv 3
val $S/setup-page-us-est.fixture-extract.csv:2 .time 2026-07-09T12:05:31.000Z
val $S/setup-page-us-est.fixture-extract.csv:3 .time 2026-07-08T18:09:00.000Z
val $S/setup-page-us-est.fixture-extract.csv:3 .user "Automated Process"
val $S/setup-page-us-est.fixture-extract.csv:4 .time 2026-07-08T05:00:00.000Z
fmt $S/setup-page-us-pdt.fixture-extract.csv sf.setup_audit.csv 2
val $S/setup-page-us-pdt.fixture-extract.csv:2 .time 2026-09-10T11:21:14.000Z
val $S/setup-page-us-pdt.fixture-extract.csv:2 .message "Changed fiscal year start month from 7 to 4"
val $S/setup-page-us-pdt.fixture-extract.csv:3 .time 2026-09-10T11:09:53.000Z

# -- Power Platform data policies in the admin API's current shape: one
#    policy with its connector groups, and the list form (no groups)
P=powerplatform-dlp
fmt $P/tf-provider-pp__get_policy_2.json pp.dlp_policy.json 1
val $P/tf-provider-pp__get_policy_2.json:1 .fields.name a2
val $P/tf-provider-pp__get_policy_2.json:1 .fields.environmentType ExceptEnvironments
val $P/tf-provider-pp__get_policy_2.json:1 '.fields.businessConnector | join(",")' \
	"Office 365 Users,shared_office365users,Azure Blob Storage,shared_azureblob"
val $P/tf-provider-pp__get_policy_2.json:1 '.fields.nonBusinessConnector | length' 8
val $P/tf-provider-pp__get_policy_2.json:1 .fields.environment be0eb809-e58a-ec1b-8fce-ea40b0e53442
fmt $P/tf-provider-pp__get_policies.json pp.dlp_policy.json 2
val "$P/tf-provider-pp__get_policies.json#/value/0" .fields.name a1
val "$P/tf-provider-pp__get_policies.json#/value/0" .fields.environmentType AllEnvironments
val "$P/tf-provider-pp__get_policies.json#/value/1" .fields.defaultClassification General

# -- Event Log Files: MESSAGE of any event type, the 26-column Login file
E=sf-eventlogfile
fmt $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv sf.elf.csv 5
val $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv:2 .time 2022-08-03T01:12:10.015Z
val $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv:2 .message \
	"Redirection was blocked because redirections for the legacy SOURCE_HOSTNAME are no longer supported."
val $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv:2 .ip 198.51.100.0
val $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv:3 .ip 2001:DB8::
val $E/sf-docs__HostnameRedirects-ELF.unwrapped.reconstructed.csv:4 .message \
	"Redirection prevented due to a hostname mismatch."
fmt $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv sf.elf.csv 1
val $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv:2 .time 2021-11-02T12:10:44.225Z
val $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv:2 .kind sf.login
val $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv:2 .status LOGIN_NO_ERROR
val $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv:2 .ip 35.168.189.83
val $E/poc-readme__Login-ELF-2021-26col.reconstructed.csv:2 .fields.USER_ID 0055j000000utlPAAQ

# -- Entra sign-ins: the Graph beta example with keys given twice (the
#    last wins, with a warning), the portal CSV with the 2024 and 2026
#    headers
G=graph-signins/msgraph-docs__signin-list_beta_example2.response.json
fmt $G entra.signin.graph 1
warn $G 'key(s) given twice in one object (the first: "homeTenantId"); the last value kept'
val "$G#/value/0" .time 2021-06-30T16:34:32.000Z
val "$G#/value/0" .user testaccount1@contoso.com
val "$G#/value/0" .code 50126
val "$G#/value/0" .app "Azure Portal"
val "$G#/value/0" .fields.homeTenantId 99081087-73c4-48d1-a112-f60ff75114f7
for h in 2024 2026; do
	F=entra-signin/bitpusher2k__InteractiveSignIns_${h}header.reconstructed.csv
	fmt $F entra.signin.portal.csv 2
	val $F:2 .time 2026-04-28T16:04:11.000Z
	val $F:2 .user DebraB@contoso.example
	val $F:2 .code 50105
	val $F:2 .app Salesforce
	val $F:2 .fields.appId 2f0f6a8e-3333-4b4c-9d5e-6f7a8b9c0d1e
	val $F:3 .status success
done
A=entra-audit/bitpusher2k__AuditLogs_2026header.reconstructed.csv
fmt $A entra.audit.portal.csv 1
val $A:2 .time 2026-04-28T16:10:45.000Z
val $A:2 .message "Consent to application"
val $A:2 .user admin@contoso.example
val $A:2 '.fields["modified.ConsentContext.IsAdminConsent.new"]' True

# -- the Purview export: US dates without a zone (UTC), the newer ISO
#    CreationDate with a space inside the quotes, nested AuditData members
U=purview-ual
fmt $U/huntress2023-rogue-inbox__purview.prefix.csv m365.audit.csv 130
val $U/huntress2023-rogue-inbox__purview.prefix.csv:2 .time 2023-09-20T04:05:03.000Z
val $U/huntress2023-rogue-inbox__purview.prefix.csv:2 .message "Add service principal."
val $U/huntress2023-rogue-inbox__purview.prefix.csv:124 .message UserLoginFailed
val $U/huntress2023-rogue-inbox__purview.prefix.csv:124 .code 50126
val $U/huntress2023-rogue-inbox__purview.prefix.csv:124 .user DebraB@M365B132131.OnMicrosoft.com
val $U/huntress2023-rogue-inbox__purview.prefix.csv:124 .ip 185.73.124.135
val $U/huntress2023-rogue-inbox__purview.prefix.csv:124 .time 2023-09-26T01:51:13.000Z
Q=$U/qiita-ce4a8cf4__purview-iso-creationdate.reconstructed.csv
fmt $Q m365.audit.csv 1
val $Q:2 .time 2026-01-24T06:54:24.000Z
val $Q:2 .message MessageSent
val $Q:2 '.fields["ExtraProperties.Country"]' jp
val $Q:2 '.fields["ParticipantInfo.HasForeignTenantUsers"]' true

# -- HAR from five tools: local offsets, a BOM, a request that failed
#    without a response
H=har
fmt $H/mitmproxy__firefox111.first-entries.har har 13
val "$H/mitmproxy__firefox111.first-entries.har#/log/entries/0" .time 2023-03-29T23:58:59.303Z
fmt $H/mitmproxy__charles463.har har 1
val "$H/mitmproxy__charles463.har#/log/entries/0" .time 2023-03-30T00:37:42.482Z
fmt $H/mitmproxy__chrome111.har har 3
val "$H/mitmproxy__chrome111.har#/log/entries/1" .status 0
val "$H/mitmproxy__chrome111.har#/log/entries/1" .message net::ERR_INTERNET_DISCONNECTED
fmt $H/mitmproxy__with-bom_chrome.har har 1
val "$H/mitmproxy__with-bom_chrome.har#/log/entries/0" .fields.method POST
fmt $H/mitmproxy__safari16.first-entries.har har 1
val "$H/mitmproxy__safari16.first-entries.har#/log/entries/0" .time 2023-03-30T00:13:32.418Z

# -- Salesforce for Outlook: logger names, levels and status codes; the
#    local times carry no zone (UTC, with the warning)
T=sfo-trace
fmt $T/sf-help-000383531__Trace.reconstructed.log addin.sfo_trace 3
val $T/sf-help-000383531__Trace.reconstructed.log:1 .time 2015-04-24T15:17:11.290Z
val $T/sf-help-000383531__Trace.reconstructed.log:1 .fields.level ERROR
val $T/sf-help-000383531__Trace.reconstructed.log:1 .fields.logger sfdcsession
val $T/sf-help-000383531__Trace.reconstructed.log:1 .message \
	"LogOn failed with exception - token validity expired"
val $T/sf-help-000383531__Trace.reconstructed.log:2 .code SalesforceCredentialsInvalid
warn $T/sf-help-000383531__Trace.reconstructed.log "times carry no zone; read as UTC (--tz)"
fmt $T/sf-help-000383531__AddinTrace.reconstructed.log addin.sfo_trace 1
val $T/sf-help-000383531__AddinTrace.reconstructed.log:1 .fields.logger adxsidepanel
val $T/sf-help-000383531__AddinTrace.reconstructed.log:1 .app "Salesforce for Outlook"

# every file of the corpus is read (SOURCES.md aside)
n=$(jq '[.inputs[] | select(.locator | endswith("SOURCES.md") | not)] | length' "$TMP/inv.json")
eq "$n" 21 "files in the incoming corpus"
eq "$(jq '[.inputs[] | select(.status != "ok")] | length' "$TMP/inv.json")" 0 \
	"incoming files not read"
finish
