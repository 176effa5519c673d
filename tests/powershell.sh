#!/bin/sh
# powershell.sh - PowerShell Format-List and Format-Table output (Exchange
# Online cmdlets pasted into tickets) becomes one record per object, with
# wrapped values joined and "{a, b}" collections split.
. "$(dirname "$0")/lib.sh"
X="$TD/exchange"
cd "$X" || exit 99
tl() { "$TRIAGE" timeline -f ndjson "$@"; }

"$TRIAGE" inventory -f json . >"$TMP/inv.json"
eq "$(jq -r '[.inputs[] | "\(.locator) \(.format) \(.records) \(.status)"] | join("\n")' "$TMP/inv.json")" \
"./get-app-organizationapp.synthetic.csv ps.csv 2 ok
./get-app.synthetic.txt ps.table 3 ok
./get-casmailbox.synthetic.json ps.json 2 ok
./get-organizationconfig.synthetic.json ps.json 1 ok
./owa-policy.synthetic.txt ps.list 1 ok
./role-assignment-policies.synthetic.txt ps.list 2 ok" "formats and object counts"

tl role-assignment-policies.synthetic.txt >"$TMP/rap.json"
eq "$(jq -rs '.[0] | "\(.kind) \(.locator) \(.fields.Identity)"' "$TMP/rap.json")" \
   "exchange.role_assignment_policy role-assignment-policies.synthetic.txt:3 Default Role Assignment Policy" "first policy"
eq "$(jq -rs '.[0].fields.AssignedRoles | join("|")' "$TMP/rap.json")" \
   "MyBaseOptions|MyContactInformation|My Custom Apps|My Marketplace Apps|My ReadWriteMailbox Apps" "wrapped collection split into roles"
eq "$(jq -rs '.[0].fields.Description' "$TMP/rap.json")" \
   "This policy grants end users the permission to set their options in Outlook on the web and perform other self-administration tasks." "wrapped value joined"
eq "$(jq -rs '.[1] | "\(.locator) \(.fields.Identity) \(.fields.AssignedRoles)"' "$TMP/rap.json")" \
   "role-assignment-policies.synthetic.txt:12 Restricted Sellers MyBaseOptions" "second policy, one role"

tl get-app.synthetic.txt >"$TMP/app.json"
eq "$(jq -rs '[.[] | "\(.kind) \(.app) \(.fields.Enabled) \(.fields.Scope) \(.fields.ProvidedTo) \(.fields.AppId) \(.locator)"] | join("\n")' "$TMP/app.json")" \
"exchange.app Salesforce True Organization SpecificUsers 9f5c1e2a-7b1d-4c3e-8a2f-1d2e3f4a5b6c get-app.synthetic.txt:4
exchange.app Action Items True Default Everyone null get-app.synthetic.txt:5
exchange.app Report Message False Organization Everyone 6046742c-3aee-485e-a4ac-92ab7199db2e get-app.synthetic.txt:6" "table rows by column position"

eq "$(tl owa-policy.synthetic.txt | jq -r '"\(.kind) \(.fields.AdditionalStorageProvidersAvailable)"')" \
   "exchange.owa_policy False" "OWA mailbox policy"
# the same objects exported as CSV and JSON
eq "$(tl get-app-organizationapp.synthetic.csv | jq -rs '[.[] | "\(.kind) \(.app) \(.fields.ProvidedTo) \(.fields.DefaultStateForUser) \(.locator)"] | join("\n")')" \
"exchange.app Salesforce SpecificUsers Enabled get-app-organizationapp.synthetic.csv:3
exchange.app Report Message Everyone AlwaysEnabled get-app-organizationapp.synthetic.csv:4" "Get-App | Export-Csv (with #TYPE)"
eq "$(tl get-organizationconfig.synthetic.json | jq -r '"\(.kind) \(.fields.AppsForOfficeEnabled) \(.fields.EwsAllowList | join("|")) \(.locator)"')" \
   "exchange.org_config False Microsoft Copilot for Sales/*|Salesforce/* get-organizationconfig.synthetic.json:1" "Get-OrganizationConfig | ConvertTo-Json"
eq "$(tl get-casmailbox.synthetic.json | jq -rs '[.[] | "\(.kind) \(.fields.Identity) \(.fields.EwsEnabled) \(.locator)"] | join("\n")')" \
"exchange.cas_mailbox alice@contoso.com True get-casmailbox.synthetic.json#/0
exchange.cas_mailbox bob@contoso.com False get-casmailbox.synthetic.json#/1" "Get-CASMailbox | ConvertTo-Json array"
finish
