#!/bin/sh
# sf_metadata.sh - Salesforce Metadata API XML becomes one record per
# document with every field a rule needs: package members, connected app
# policies (admin approval, permitted profiles and permission sets, the
# handler's run-as user, IP and SAML settings), profiles and permission
# sets compacted per object and field, External Client Apps, settings.
# Both layouts (mdapi retrieve, SFDX source), a BOM, URL-escaped names,
# the caps on values and fields, the real public samples when they are
# there, and hostile XML (XXE, billion laughs, deep nesting, truncation).
. "$(dirname "$0")/lib.sh"
M="$TD/salesforce/metadata"
H="$TD/hostile"
cd "$M" || exit 99

tl() { "$TRIAGE" timeline -f ndjson "$@"; }
tl unpackaged force-app >"$TMP/all.json"
# r FILE JQ: JQ on the record of FILE (locator "FILE:LINE")
r() { jq -r --arg f "$1" "select(.locator | startswith(\$f + \":\")) | $2" "$TMP/all.json"; }
# v FILE FIELD: the field's values joined with "|" (one value or a list)
v() { r "$1" "[.fields[\"$2\"] // empty] | flatten | join(\"|\")"; }

# --- the tree reads cleanly, one record per document ------------------------
"$TRIAGE" inventory -f json unpackaged force-app >"$TMP/inv.json"
eq "$(jq '.inputs | length' "$TMP/inv.json")" 17 "fixture entries"
eq "$(jq -r '[.inputs[] | select(.status != "ok" or .records != 1 or (.warnings | length) > 0)
	| .locator] | join(" ")' "$TMP/inv.json")" "" "every fixture ok, one record, no warning"
eq "$(jq -s length "$TMP/all.json")" 17 "records"

# --- package.xml -------------------------------------------------------------
P=unpackaged/package.xml
eq "$(r $P '"\(.kind) \(.locator)"')" "sf.package $P:2" "package kind and line"
eq "$(v $P version)" 62.0 "package version"
eq "$(v $P type)" "ConnectedApp|PermissionSet|Profile|Settings" "package types in order"
eq "$(v $P member)" "ConnectedApp:Blank_RunAs|ConnectedApp:Outlook_Integration|PermissionSet:Copilot_Users|Profile:Admin|Profile:Sales/Service User|Settings:ConnectedApp" \
   "package members as Type:Member, a comment between members skipped"

# --- connected app with every block ------------------------------------------
A=unpackaged/connectedApps/Outlook_Integration.connectedApp
eq "$(r $A '"\(.kind) \(.locator)"')" "sf.connected_app $A:2" "connected app kind and line"
eq "$(r $A .app)" "Salesforce for Outlook Integration" "app = label"
eq "$(v $A fullName)" Outlook_Integration "fullName from the file name"
eq "$(v $A label)" "Salesforce for Outlook Integration" "label"
eq "$(v $A contactPhone)" "+1 555 0100" "contactPhone"
eq "$(v $A oauthConfig.isAdminApproved)" true "isAdminApproved"
eq "$(v $A oauthConfig.isClientCredentialEnabled)" true "isClientCredentialEnabled"
eq "$(v $A oauthConfig.isPkceRequired)" true "another oauthConfig boolean"
eq "$(v $A oauthConfig.oauthClientCredentialUser)" integration@contoso.example "client credentials user"
eq "$(v $A oauthConfig.scopes)" "Api|RefreshToken|OpenID" "scopes in order"
eq "$(v $A oauthConfig.certificate)" present "certificate body not kept"
eq "$(v $A oauthConfig.consumerSecret)" present "consumer secret not kept"
eq "$(grep -c SYNTHETIC-SECRET "$TMP/all.json")" 0 "no secret in the timeline"
eq "$(v $A oauthPolicy.ipRelaxation)" ENFORCE "ipRelaxation"
eq "$(v $A oauthPolicy.refreshTokenPolicy)" infinite "refreshTokenPolicy"
eq "$(v $A profileName)" "System Administrator|Sales/Service User" "profileName list in order"
eq "$(v $A permissionSetName)" "Copilot Users" "permissionSetName"
eq "$(v $A plugin)" OutlookAccessHandler "plugin"
eq "$(v $A runAs)" handler.runas@contoso.example "runAs = pluginExecutionUser"
eq "$(v $A pluginExecutionUser)" handler.runas@contoso.example "pluginExecutionUser kept too"
eq "$(v $A runAsBlank)" "" "no runAsBlank when a run-as user is set"
eq "$(v $A ipRange)" "192.0.2.0-192.0.2.255|2001:db8:10::-2001:db8:10::ffff" "ipRanges as start-end"
eq "$(v $A ipRange.description)" "Contoso HQ" "ipRange description"
# shellcheck disable=SC2016 # $User is Salesforce formula text
eq "$(v $A attribute)" 'mail=$User.Email|org_id=$Organization.Id' "attributes as key=formula"
eq "$(v $A samlConfig.acsUrl)" https://outlook.contoso.example/saml/acs "samlConfig.acsUrl"
eq "$(v $A samlConfig.certificate)" Contoso_SAML_Signing "a SAML certificate name is kept"
eq "$(v $A samlConfig.samlSubjectType)" FederationId "samlConfig.samlSubjectType"
eq "$(v $A sessionPolicy.sessionTimeout)" 120 "sessionPolicy leaf"

B=unpackaged/connectedApps/Blank_RunAs.connectedApp
eq "$(v $B runAsBlank)" true "runAsBlank when pluginExecutionUser is absent"
eq "$(v $B runAs)" "" "no runAs"
eq "$(v $B plugin)" OutlookAccessHandler "plugin of the blank app"
eq "$(v $B oauthConfig.isAdminApproved)" false "isAdminApproved false"
eq "$(v $B oauthConfig.scopes)" Api "a single scope"
eq "$(v $B oauthPolicy.ipRelaxation)" BYPASS "ipRelaxation BYPASS"
sed 's|<plugin>|<pluginExecutionUser> </pluginExecutionUser><plugin>|' $B >"$TMP/Empty.connectedApp"
eq "$(tl "$TMP/Empty.connectedApp" | jq -r '"\(.fields.runAsBlank) \(.fields.runAs)"')" "true null" \
   "runAsBlank when pluginExecutionUser is empty"
sed 's|<plugin>OutlookAccessHandler</plugin>|<plugin/>|' $B >"$TMP/NoPlugin.connectedApp"
eq "$(tl "$TMP/NoPlugin.connectedApp" | jq -r .fields.runAsBlank)" null "no runAsBlank without a handler"

# --- profiles ------------------------------------------------------------------
F=unpackaged/profiles/Admin.profile
eq "$(r $F '"\(.kind) \(.locator)"')" "sf.profile $F:2" "profile kind and line"
eq "$(v $F name)" Admin "Admin name"
eq "$(v $F label)" "System Administrator" "Admin is labelled System Administrator"
eq "$(v $F custom)" false "standard profile"
eq "$(v $F loginHours)" none "empty loginHours"
eq "$(v $F object.Account)" "create,read,edit,delete,viewAll,modifyAll" "every object flag"
eq "$(v $F perm.ModifyAllData)" true "perm.ModifyAllData"
eq "$(v $F userPermission)" "ApiEnabled=true|ModifyAllData=true|ManageConnectedApps=true" "userPermission list"
eq "$(r $F '"\(.fields.objects) \(.fields.fields) \(.fields.skippedElements)"')" "1 0 4" "Admin counts"
eq "$(r $F '[.fields | keys[] | select(test("^(classAccesses|layoutAssignments|tabVisibilities|applicationVisibilities)"))] | length')" \
   0 "skipped lists leave no field"

S="unpackaged/profiles/Sales%2FService User.profile"
eq "$(r "$S" .locator)" "$S:2" "escaped profile line"
eq "$(v "$S" name)" "Sales/Service User" "%2F decoded in the profile name"
eq "$(v "$S" label)" "Sales/Service User" "custom profile label = name"
eq "$(v "$S" description)" "Sales and service reps (synthetic)" "profile description"
eq "$(v "$S" loginIpRange)" "198.51.100.0-198.51.100.255|203.0.113.0-203.0.113.15|2001:db8:4711::-2001:db8:4711:ffff:ffff:ffff:ffff:ffff" \
   "loginIpRanges incl. IPv6"
eq "$(v "$S" loginIpRange.description)" "Contoso HQ|Contoso VPN (IPv6)" "loginIpRange descriptions"
eq "$(v "$S" loginHours.mondayStart)" 480 "loginHours.mondayStart"
eq "$(v "$S" loginHours.fridayEnd)" 1080 "loginHours.fridayEnd"
eq "$(v "$S" loginHours.sundayEnd)" 0 "loginHours.sundayEnd"
eq "$(r "$S" '[.fields | keys[] | select(startswith("loginHours."))] | length')" 14 "all 14 loginHours"
eq "$(v "$S" object.Account)" "create,read,edit" "object.Account flags"
eq "$(v "$S" object.Opportunity)" none "object with no flag"
eq "$(v "$S" field.Account.Name)" "read,edit" "field.Account.Name"
eq "$(v "$S" field.Account.Phone)" read "field.Account.Phone"
eq "$(v "$S" field.Contact.Email)" none "field.Contact.Email"
eq "$(r "$S" '"\(.fields.objects) \(.fields.fields) \(.fields.skippedElements)"')" "2 3 2" "counts"
eq "$(v "$S" userPermission)" "ApiEnabled=true|ViewSetup=false" "userPermission"
eq "$(v "$S" perm.ViewSetup)" false "perm.ViewSetup"

X="force-app/main/default/profiles/Support %26 Success.profile-meta.xml"
eq "$(v "$X" name)" "Support & Success" "%26 decoded, -meta.xml stripped"
eq "$(v "$X" loginHours)" none "<loginHours/> is none"
eq "$(v "$X" perm.ApiEnabled)" false "API disabled on the profile"
eq "$(v "$X" userLicense)" "Salesforce Platform" "userLicense"

# --- permission sets, groups, muting -------------------------------------------
T=unpackaged/permissionsets/Copilot_Users.permissionset
eq "$(r $T '"\(.kind) \(.locator)"')" "sf.permission_set $T:2" "permission set kind and line"
eq "$(v $T name)" Copilot_Users "permission set name"
eq "$(v $T label)" "Copilot Users" "permission set label"
eq "$(v $T license)" Salesforce "permission set license"
eq "$(v $T hasActivationRequired)" false "hasActivationRequired"
eq "$(v $T object.Contact)" "read,viewAll" "object flags of a permission set"
eq "$(v $T field.Contact.Email)" "read,edit" "field of a permission set"
eq "$(v $T skippedElements)" 1 "tabSettings skipped"

G=force-app/main/default/permissionsetgroups/Sales_Ops.permissionsetgroup-meta.xml
eq "$(r $G '"\(.kind) \(.locator)"')" "sf.permission_set_group $G:2" "group kind and line"
eq "$(v $G label)" "Sales Operations" "group label"
eq "$(v $G permissionSet)" "Copilot_Users|Report_Builders" "group members"
eq "$(v $G mutingPermissionSet)" Sales_Ops_Muting "group muting set"
eq "$(v $G PermissionSetGroup.status)" Updated "a leaf named like a common field is prefixed"
eq "$(r $G .status)" null "the common field status stays empty"

U=force-app/main/default/mutingpermissionsets/Sales_Ops_Muting.mutingpermissionset-meta.xml
eq "$(r $U .kind)" sf.permission_set "muting set kind"
eq "$(v $U muting)" true "muting flag"
eq "$(v $U perm.ExportReport)" true "muted permission"

O=force-app/main/default/permissionsets/Bom_Users.permissionset-meta.xml
eq "$(inv "$TMP/inv.json" "$O" '"\(.status) \(.encoding)"')" "ok utf-8-bom" "BOM file read"
eq "$(r $O .locator)" "$O:2" "BOM file line"
eq "$(v $O label)" "BOM Users – Outlook" "UTF-8 label after a BOM"

# --- SFDX connected app, External Client Apps, settings, other types ----------
C=force-app/main/default/connectedApps/Copilot_for_Sales.connectedApp-meta.xml
eq "$(v $C fullName)" Copilot_for_Sales "fullName without .connectedApp-meta.xml"
eq "$(r $C .app)" "Microsoft Power Platform" "SFDX app label"
eq "$(v $C profileName)" "System Administrator|Support & Success" "&amp; in a profile name"

E=force-app/main/default/externalClientApps/Outlook_Copilot_ECA.eca-meta.xml
eq "$(r $E '"\(.kind) \(.app)"')" "sf.external_client_app Outlook Copilot ECA" "ECA kind and app"
eq "$(v $E fullName)" Outlook_Copilot_ECA "ECA fullName"
eq "$(v $E distributionState)" Local "ECA distributionState"
Q=force-app/main/default/extlClntAppOauthPolicies/Outlook_Copilot_ECA.ecaOauthPlcy-meta.xml
eq "$(r $Q .kind)" sf.external_client_app_policy "ECA policy kind"
eq "$(v $Q fullName)" Outlook_Copilot_ECA "ECA policy fullName"
eq "$(v $Q permittedUsersPolicyType)" AdminApprovedPreAuthorized "permittedUsersPolicyType"
eq "$(v $Q profileName)" "System Administrator|Sales/Service User" "commaSeparatedProfile split"
eq "$(v $Q permissionSetName)" "Copilot_Users|Report_Builders" "commaSeparatedPermissionSet split"
eq "$(v $Q clientCredentialsFlowUser)" eca.integration@contoso.example "clientCredentialsFlowUser"
eq "$(v $Q ipRelaxationPolicyType)" Enforce "ipRelaxationPolicyType"
eq "$(v $Q apexHandler)" OutlookEcaHandler "apexHandler"
# shellcheck disable=SC2016
eq "$(v $Q attribute)" 'mail=$User.Email' "ECA custom attribute"
W=force-app/main/default/extlClntAppOauthSettings/Outlook_Copilot_ECA.ecaOauth-meta.xml
eq "$(v $W scopes)" "Api|RefreshToken|OpenID" "commaSeparatedOauthScopes split"
Y=force-app/main/default/extlClntAppGlobalOauthSets/Outlook_Copilot_ECA.ecaGlblOauth-meta.xml
eq "$(v $Y consumerSecret)" present "ECA consumer secret not kept"

K=unpackaged/settings/ConnectedApp.settings
eq "$(r $K '"\(.kind) \(.locator)"')" "sf.connected_app_settings $K:2" "settings kind and line"
eq "$(v $K enableAdminApprovedAppsOnly)" true "enableAdminApprovedAppsOnly"
eq "$(v $K fullName)" ConnectedApp "settings name"

N=force-app/main/default/namedCredentials/Contoso_API.namedCredential-meta.xml
eq "$(r $N .kind)" sf.metadata "another type is sf.metadata"
eq "$(v $N metadataType)" NamedCredential "metadataType"
eq "$(v $N namedCredentialParameters.parameterName)" Url "nested leaf by dotted path"

# --- names, caps and limits ---------------------------------------------------
eq "$(tl - <unpackaged/profiles/Admin.profile | jq -r '"\(.fields.name) \(.fields.custom)"')" \
   "null false" "no name from standard input"
cp unpackaged/settings/ConnectedApp.settings "$TMP/Bad%zz%00 Name%E2%80%93x.settings"
eq "$(tl "$TMP/Bad%zz%00 Name%E2%80%93x.settings" | jq -r .fields.fullName)" "Bad%zz%00 Name–x" \
   "bad escapes kept, UTF-8 escapes decoded"

# a value over 64 KiB is cut at a character boundary
{
	printf '<?xml version="1.0"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n'
	printf '    <description>a'
	i=0
	while [ $i -lt 400 ]; do printf 'éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé'; i=$((i + 1)); done
	printf '</description>\n    <label>Long</label>\n</ConnectedApp>\n'
} >"$TMP/long.connectedApp"
"$TRIAGE" inventory -f json "$TMP/long.connectedApp" >"$TMP/long.json"
eq "$(inv "$TMP/long.json" "$TMP/long.connectedApp" '"\(.status) \(.records)"')" "partial 1" "long value: partial"
eq "$(inv "$TMP/long.json" "$TMP/long.connectedApp" '.warnings[] | "\(.line) \(.message)"')" \
   "3 <description> longer than 65536 bytes; cut" "long value warning"
eq "$(tl "$TMP/long.connectedApp" | jq '.fields.description | utf8bytelength')" 65535 "cut at a character boundary"
eq "$(tl "$TMP/long.connectedApp" | jq -r .app)" Long "fields after the long value kept"

# an unknown type keeps at most 2000 fields
{
	printf '<?xml version="1.0"?>\n<Flow xmlns="http://soap.sforce.com/2006/04/metadata">\n'
	i=0
	while [ $i -lt 2100 ]; do printf '    <step><n>%d</n></step>\n' $i; i=$((i + 1)); done
	printf '</Flow>\n'
} >"$TMP/Big.flow-meta.xml"
"$TRIAGE" inventory -f json "$TMP/Big.flow-meta.xml" >"$TMP/big.json"
eq "$(inv "$TMP/big.json" "$TMP/Big.flow-meta.xml" '"\(.status) \(.records) \(.format)"')" "partial 1 sf.metadata" "field cap: partial"
eq "$(inv "$TMP/big.json" "$TMP/Big.flow-meta.xml" '.warnings[] | "\(.line) \(.message)"')" \
   "2001 more than 2000 fields in this document; the rest were dropped" "field cap warning"
eq "$(tl "$TMP/Big.flow-meta.xml" | jq '[.fields[]] | flatten | length')" 2000 "2000 fields kept"

# --- the real public samples --------------------------------------------------
R="${TRIAGE_CORPUS:-$top_srcdir/../shared/corpus/real}"
if [ -d "$R" ]; then
	cd "$R" || exit 99
	tl sf-connectedapp sf-permissionset sf-profile sf-package-xml >"$TMP/real.json"
	rr() { jq -r --arg f "$1" "select(.locator | startswith(\$f + \":\")) | $2" "$TMP/real.json"; }
	rv() { rr "$1" "[.fields[\"$2\"] // empty] | flatten | join(\"|\")"; }
	D=sf-connectedapp/AP-Backup__DDC_Community.connectedApp-meta.xml
	eq "$(rr $D '"\(.kind) \(.locator) \(.app)"')" "sf.connected_app $D:2 DDC Community" "real app"
	eq "$(rv $D fullName)" AP-Backup__DDC_Community "real app fullName"
	eq "$(rv $D profileName)" "Consumer Community Temp Access User|DDC Consumer Community User" "real profileName list"
	eq "$(rv $D oauthPolicy.ipRelaxation)" BYPASS "real ipRelaxation"
	eq "$(rv $D oauthConfig.isAdminApproved)" true "real isAdminApproved"
	eq "$(rv $D oauthConfig.certificate)" present "real certificate not kept"
	eq "$(rv $D oauthConfig.scopes | tr '|' '\n' | wc -l | tr -d ' ')" 9 "real scopes"
	eq "$(rv sf-connectedapp/AP-Backup__STEST_NPE_Connected_Clients.connectedApp-meta.xml permissionSetName)" \
	   "NPE Connected App Clients" "real permissionSetName"
	NP=sf-permissionset/AP-Backup__NPEConnectedClients.permissionset-meta.xml
	eq "$(rv $NP label)" "NPE Connected App Clients" "real permission set label"
	eq "$(rv $NP name)" AP-Backup__NPEConnectedClients "real permission set name"
	XA=sf-profile/Exygy-DAHLIA__Admin.profile
	eq "$(rv $XA custom)" false "real Admin custom=false"
	eq "$(rv $XA name)" Exygy-DAHLIA__Admin "real profile name as the file is named"
	eq "$(rv $XA label)" Exygy-DAHLIA__Admin "label = name when not a standard API name"
	eq "$(rv $XA perm.ApiEnabled)" true "real Admin ApiEnabled"
	EP=sf-package-xml/IATA__emptyCheck_package.xml
	eq "$(rr $EP '"\(.fields.version) \(.fields.member) \(.fields.type)"')" "37.0 null null" "empty package"
	BP=sf-profile/AP-Backup__Unified_Customer_Service.profile-meta.xml
	"$TRIAGE" inventory -f json "$BP" >"$TMP/bp.json"
	eq "$(inv "$TMP/bp.json" "$BP" '"\(.status) \(.records) \(.warnings | length)"')" "ok 1 0" "595 KB profile: one record, ok"
	eq "$(rr $BP '"\(.fields.objects) \(.fields.fields) \(.fields.skippedElements) \(.fields.loginHours)"')" \
	   "74 2728 435 none" "595 KB profile counts"
	"$TRIAGE" inventory -f json sf-connectedapp sf-permissionset sf-profile sf-package-xml >"$TMP/ri.json"
	eq "$(jq -r '[.inputs[] | select(.status != "ok" or .records != 1)] | length' "$TMP/ri.json")" 0 \
	   "every real metadata sample ok with one record"
	cd "$M" || exit 99
else
	echo "SKIP: no corpus at $R (real-sample checks)"
fi

# --- hostile XML ----------------------------------------------------------------
cd "$H" || exit 99
GOOD="$M/unpackaged/profiles/Admin.profile"
"$TRIAGE" inventory -f json . "$GOOD" >"$TMP/h.json"
echo $? >"$TMP/h.rc"
"$TRIAGE" timeline -f ndjson . "$GOOD" >"$TMP/h.tl" 2>&1
eq "$(cat "$TMP/h.rc")" 0 "hostile run exit status"
eq "$(inv "$TMP/h.json" "$GOOD" '"\(.status) \(.records)"')" "ok 1" "a good entry in the same run"
for f in xxe.connectedApp xxe-external-dtd.connectedApp billion-laughs.profile deep.permissionset truncated.connectedApp; do
	st=$(inv "$TMP/h.json" "./$f" .status)
	case "$st" in
	error | partial) ok ;;
	*) bad "$f: status $st, not error or partial (looks like: $(inv "$TMP/h.json" "./$f" .looks_like))" ;;
	esac
	eq "$(inv "$TMP/h.json" "./$f" '[.warnings[] | select(.line > 0)] | length > 0')" true "$f: a warning names a line"
done
first=$(head -n 1 /etc/passwd 2>/dev/null)
[ -n "$first" ] || first="root:x:0:0:"
case "$(cat "$TMP/h.tl" "$TMP/h.json")" in
*"root:"* | *"$first"*) bad "/etc/passwd content in the output" ;;
*) ok ;;
esac
hw() { inv "$TMP/h.json" "./$1" "[.warnings[] | \"\\(.line) \\(.message)\"] | join(\"; \")"; }
contains "$(hw xxe.connectedApp)" "7 entity reference &xxe; not expanded" "xxe: the reference is reported, not expanded"
contains "$(hw xxe-external-dtd.connectedApp)" "5 entity reference &passwd; not expanded" "external DTD not loaded"
contains "$(hw xxe-external-dtd.connectedApp)" "3 document type declaration before the root element ignored" "DOCTYPE reported"
contains "$(hw billion-laughs.profile)" "16 invalid XML: Detected an entity reference loop" "billion laughs stopped"
eq "$(inv "$TMP/h.json" ./deep.permissionset '"\(.status) \(.records)"')" "partial 1" "deep: record kept"
contains "$(hw deep.permissionset)" "259 invalid XML: Excessive depth in document" "deep: depth limit line"
eq "$(inv "$TMP/h.json" ./truncated.connectedApp '"\(.status) \(.records)"')" "partial 1" "truncated: record kept"
contains "$(hw truncated.connectedApp)" "11 <ConnectedApp> is not complete" "truncated: where it stops"
jq -r 'select(.locator == "./truncated.connectedApp:2") | "\(.app) \(.fields.plugin) \(.fields.runAsBlank)"' "$TMP/h.tl" >"$TMP/tr"
eq "$(cat "$TMP/tr")" "Truncated App OutlookAccessHandler null" "truncated: fields before the cut, no runAsBlank guessed"

# --- a Metadata API retrieve zip reads as the tree it was made from ------------
Z="$TD/salesforce/retrieve.zip"
"$TRIAGE" inventory -f json "$Z" >"$TMP/rz.json"
eq "$(jq -r '[.inputs[] | "\(.locator | sub(".*retrieve.zip"; "Z")) \(.format) \(.records) \(.status)"] | join("\n")' "$TMP/rz.json")" \
"Z zip 0 ok
Z!/unpackaged/connectedApps/Blank_RunAs.connectedApp sf.connected_app 1 ok
Z!/unpackaged/connectedApps/Outlook_Integration.connectedApp sf.connected_app 1 ok
Z!/unpackaged/package.xml sf.package 1 ok
Z!/unpackaged/permissionsets/Copilot_Users.permissionset sf.permission_set 1 ok
Z!/unpackaged/profiles/Admin.profile sf.profile 1 ok
Z!/unpackaged/profiles/Sales%2FService User.profile sf.profile 1 ok
Z!/unpackaged/settings/ConnectedApp.settings sf.connected_app_settings 1 ok" "retrieve zip inventory"
"$TRIAGE" timeline -f ndjson "$Z" | jq -S -c 'del(.locator)' | sort >"$TMP/zip.nd"
"$TRIAGE" timeline -f ndjson "$TD/salesforce/metadata/unpackaged" | jq -S -c 'del(.locator)' | sort >"$TMP/tree.nd"
cmp -s "$TMP/zip.nd" "$TMP/tree.nd" && ok || bad "records from the zip differ from the tree"
eq "$("$TRIAGE" timeline -f ndjson "$Z" | jq -r 'select(.fields.fullName == "Outlook_Integration") | .locator | sub(".*retrieve.zip"; "Z")')" \
   "Z!/unpackaged/connectedApps/Outlook_Integration.connectedApp:2" "locator inside the zip"

finish
