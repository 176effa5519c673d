#!/usr/bin/env python3
"""Write the scenario bundles the shipped rules' tests name (testdata/scenarios).

Each scenario is a directory with bundle/ (the ticket's files, as a support
engineer would unpack them), expected.json (what triage must answer, in the
format of check-scenarios) and README.md.  All data is synthetic: fictional
people at fabrikam.com / contoso.com, documentation IP ranges, made-up ids.

usage: tests/mkscenarios.py [OUTDIR]   (default: testdata/scenarios)
"""
import json
import os
import sys
import zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/scenarios"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def scenario(name, files, expected, readme):
    base = os.path.join(OUT, name)
    for rel, text in files.items():
        write(os.path.join(base, "bundle", rel), text)
    expected = dict(expected)
    expected["scenario"] = name
    expected.setdefault("expect", [])
    expected.setdefault("forbid", [])
    expected.setdefault("clean", False)
    write(os.path.join(base, "expected.json"), json.dumps(expected, indent=2) + "\n")
    write(os.path.join(base, "README.md"), "# %s\n\n%s\n\n*Synthetic data: every person, "
          "company, id and address is fictional.*\n" % (name, readme.strip()))


def csv(rows):
    def cell(v):
        return '"%s"' % str(v).replace('"', '""')
    return "".join(",".join(cell(v) for v in r) + "\r\n" for r in rows)


LOGIN_HEADER = ["Username", "Login Time", "Source IP", "Login Type", "Status", "Browser",
                "Platform", "Application", "Login URL"]


def login(user, when, status, app="Microsoft Power Platform", ip="40.112.195.20",
          ltype="Remote Access 2.0"):
    return [user, when, ip, ltype, status, "Edge 134", "Windows 11", app,
            "fabrikam.my.salesforce.com"]


AUDIT_HEADER = ["Date", "User", "Source Namespace Prefix", "Action", "Section", "Delegate User"]

USER_HEADER = ["Id", "Username", "Name", "Email", "ProfileId", "Profile.Name", "IsActive",
               "UserType"]


def clog(when, level, cat, user, text, corr=None):
    c = " [correlationId=%s]" % corr if corr else ""
    return "%s [%s] [%s] [session=6f1d2c3b-0a4e-4f7d-9c2b-5e8a1d3f7b21] [user=%s]%s %s\n" % (
        when, level, cat, user, c, text)


def connected_app(label, admin_approved, profiles=(), permsets=(), extra=""):
    body = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">',
            '    <contactEmail>sfadmins@fabrikam.com</contactEmail>',
            '    <label>%s</label>' % label,
            '    <oauthConfig>',
            '        <callbackUrl>https://global.consent.azure-apim.net/redirect/salesforce</callbackUrl>',
            '        <consumerKey>3MVG9fakeKeyForTestsOnly0000000000000000000000000000000000000000</consumerKey>',
            '        <isAdminApproved>%s</isAdminApproved>' % ("true" if admin_approved else "false"),
            '        <isClientCredentialEnabled>false</isClientCredentialEnabled>',
            '        <scopes>Api</scopes>',
            '        <scopes>RefreshToken</scopes>',
            '    </oauthConfig>',
            '    <oauthPolicy>',
            '        <ipRelaxation>BYPASS</ipRelaxation>',
            '        <refreshTokenPolicy>infinite</refreshTokenPolicy>',
            '    </oauthPolicy>']
    body += ['    <permissionSetName>%s</permissionSetName>' % p for p in permsets]
    body += ['    <profileName>%s</profileName>' % p for p in profiles]
    if extra:
        body.append(extra)
    body.append('</ConnectedApp>')
    return "\n".join(body) + "\n"


def profile(name, api):
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Profile xmlns="http://soap.sforce.com/2006/04/metadata">',
        '    <custom>true</custom>',
        '    <userLicense>Salesforce</userLicense>',
        '    <userPermissions>',
        '        <enabled>%s</enabled>' % ("true" if api else "false"),
        '        <name>ApiEnabled</name>',
        '    </userPermissions>',
        '    <userPermissions>',
        '        <enabled>true</enabled>',
        '        <name>EditTask</name>',
        '    </userPermissions>',
        '</Profile>']) + "\n"


def signin(n, when, user, app, code, reason="", corr=None, interactive=True, ca=(),
           device=None, appid="a0c73c16-a7e3-4564-9a95-2bdf47383716"):
    d = device or {"deviceId": "", "operatingSystem": "Windows10", "browser": "Edge 124.0.0",
                   "isCompliant": True, "isManaged": True, "trustType": "Azure AD joined"}
    return {
        "id": "5e1c7d0a-0000-4000-8000-%012d" % n,
        "createdDateTime": when,
        "userDisplayName": user.split("@")[0].replace(".", " ").title(),
        "userPrincipalName": user,
        "userId": "7b0f3c52-0000-4000-8000-%012d" % (zlib.crc32(user.encode()) % 10**12),
        "appId": appid,
        "appDisplayName": app,
        "ipAddress": "203.0.113.%d" % (10 + n % 200),
        "clientAppUsed": "Browser",
        "correlationId": corr or "c0ffee00-0000-4000-8000-%012d" % n,
        "conditionalAccessStatus": "failure" if any(p[1] == "failure" for p in ca) else
                                   ("success" if ca else "notApplied"),
        "isInteractive": interactive,
        "resourceDisplayName": "Microsoft Graph",
        "status": {"errorCode": code, "failureReason": reason, "additionalDetails": None},
        "deviceDetail": d,
        "location": {"city": "Lyon", "countryOrRegion": "FR"},
        "appliedConditionalAccessPolicies": [
            {"id": "0000000%d-aaaa-4bbb-8ccc-000000000000" % i, "displayName": p[0], "result": p[1],
             "enforcedGrantControls": list(p[2]), "enforcedSessionControls": []}
            for i, p in enumerate(ca)],
    }


def graph(items):
    return json.dumps({"@odata.context":
                       "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
                       "value": items}, indent=2) + "\n"


# ---- sf-not-preauthorized -----------------------------------------------------------

SELLERS = [["005Hs00000AbCdEIA1", "lena.fischer@fabrikam.com", "Lena Fischer",
            "lena.fischer@fabrikam.com", "00eHs00000P1qRsIAA", "Fabrikam Sales", "true", "Standard"],
           ["005Hs00000AbCdFIA1", "sfadmin@fabrikam.com", "Sam Ortiz", "sfadmin@fabrikam.com",
            "00eHs00000P1qRtIAA", "System Administrator", "true", "Standard"]]

scenario("sf-not-preauthorized", {
    "salesforce/LoginHistory.csv": csv([LOGIN_HEADER,
        login("lena.fischer@fabrikam.com", "2025-09-09T08:14:40Z", "Failed: Not approved for access"),
        login("lena.fischer@fabrikam.com", "2025-09-09T08:16:02Z", "Failed: Not approved for access"),
        login("sfadmin@fabrikam.com", "2025-09-09T07:55:10Z", "Success"),
        login("lena.fischer@fabrikam.com", "2025-09-05T09:02:11Z", "Success")]),
    "salesforce/SetupAuditTrail.csv": csv([AUDIT_HEADER,
        ["9/8/2025, 4:40:12 PM PDT", "sfadmin@fabrikam.com", "",
         "Changed Permitted Users for connected app Microsoft Power Platform from All users may "
         "self-authorize to Admin approved users are pre-authorized", "Connected Apps", ""],
        ["9/9/2025, 3:10:00 AM PDT", "sfadmin@fabrikam.com", "", "Reset password for lena.fischer@fabrikam.com",
         "Manage Users", ""]]),
    "salesforce/User.csv": csv([USER_HEADER] + SELLERS),
    "salesforce/metadata/connectedApps/Microsoft_Power_Platform.connectedApp-meta.xml":
        connected_app("Microsoft Power Platform", True, profiles=["System Administrator"]),
    "outlook/CopilotForSales_lena.fischer.log":
        clog("2025-09-09T08:14:20.120Z", "Info", "Sales.Crm.Salesforce", "lena.fischer@fabrikam.com",
             "No active Salesforce connection for user; starting sign-in", "1d2e3f40-1111-4222-8333-444455556666") +
        clog("2025-09-09T08:14:41.007Z", "Error", "Sales.Crm.Salesforce", "lena.fischer@fabrikam.com",
             "Failure passed to redirect url. error=OAUTH_APP_ACCESS_DENIED error_description=user is not "
             "admin approved to access this app", "1d2e3f40-1111-4222-8333-444455556666") +
        clog("2025-09-09T08:16:02.550Z", "Error", "Sales.Crm.Salesforce", "lena.fischer@fabrikam.com",
             "Failure passed to redirect url. error=OAUTH_APP_ACCESS_DENIED error_description=user is not "
             "admin approved to access this app", "1d2e3f40-1111-4222-8333-444455556667"),
}, {"summary": "Power Platform app switched to admin-approved the evening before; Lena's profile is not on it.",
    "expect": [{"cause": "sf.connected_app.not_preauthorized", "owner": "salesforce-admin",
                "user": "lena.fischer@fabrikam.com", "accept": [],
                "evidence": ["Microsoft_Power_Platform.connectedApp"]}],
    "forbid": ["sf.user.invalid_credentials"]}, """
Lena sees `Failure passed to redirect url. error=OAUTH_APP_ACCESS_DENIED` in Copilot for
Sales on 9 September 2025.  The evening before, the Salesforce admin switched the
*Microsoft Power Platform* connected app to "Admin approved users are pre-authorized"
with only *System Administrator* on it; Lena's profile *Fabrikam Sales* is not listed.

True cause: `sf.connected_app.not_preauthorized` (Salesforce admin).  Decoy: a password
reset the same morning (after the first error, and unrelated).
""")

scenario("sf-not-preauthorized-decoy", {
    "salesforce/LoginHistory.csv": csv([LOGIN_HEADER,
        login("lena.fischer@fabrikam.com", "2025-09-09T08:14:40Z", "Failed: Not approved for access")]),
    "salesforce/SetupAuditTrail.csv": csv([AUDIT_HEADER,
        ["9/9/2025, 1:12:40 AM PDT", "sfadmin@fabrikam.com", "",
         "Permission set Copilot Sellers: assigned to user lena.fischer@fabrikam.com", "Manage Users", ""]]),
    "salesforce/User.csv": csv([USER_HEADER] + SELLERS),
    "salesforce/PermissionSet.csv": csv([["Id", "Name", "Label", "PermissionsApiEnabled"],
        ["0PSHs000001AbCdGAA", "Copilot_Sellers", "Copilot Sellers", "true"]]),
    "salesforce/PermissionSetAssignment.csv": csv([["Id", "AssigneeId", "PermissionSetId"],
        ["0PaHs00000XyZaBKAV", "005Hs00000AbCdEIA1", "0PSHs000001AbCdGAA"]]),
    "salesforce/metadata/connectedApps/Microsoft_Power_Platform.connectedApp-meta.xml":
        connected_app("Microsoft Power Platform", True, profiles=["System Administrator"],
                      permsets=["Copilot Sellers"]),
    "outlook/CopilotForSales_lena.fischer.log":
        clog("2025-09-09T08:14:41.007Z", "Error", "Sales.Crm.Salesforce", "lena.fischer@fabrikam.com",
             "Failure passed to redirect url. error=OAUTH_APP_ACCESS_DENIED error_description=user is not "
             "admin approved to access this app", "1d2e3f40-1111-4222-8333-444455556666"),
}, {"summary": "Same error, but Lena is pre-authorized through the Copilot Sellers permission set (assigned 7 minutes earlier; approval still propagating).",
    "forbid": ["sf.connected_app.not_preauthorized"], "clean": True}, """
The same `OAUTH_APP_ACCESS_DENIED`, but the Power Platform app lists the permission set
*Copilot Sellers* and Lena has it (assigned seven minutes before the error).  The
configuration is right; the approval had not propagated yet.  triage must not blame the
connected app's permitted users.
""")

# ---- sf-api-disabled ----------------------------------------------------------------

API_USERS = [["005Hs00000ApIaAIA1", "noah.becker@fabrikam.com", "Noah Becker", "noah.becker@fabrikam.com",
              "00eHs00000P2aPiIAA", "Partner Sales", "true", "Standard"]]
API_LOG = (clog("2025-10-02T13:20:05.310Z", "Error", "Sales.Crm.Salesforce", "noah.becker@fabrikam.com",
                "GetContactsByEmailAddress failed: 502 BadGateway. Salesforce failed to complete task: "
                "Message: API is disabled for this User", "aa11bb22-3333-4444-8555-666677778888") +
           clog("2025-10-02T13:20:06.002Z", "Info", "Sales.OutlookAddin.Shell", "noah.becker@fabrikam.com",
                "Showing banner: Request your CRM administrator permissions to access Salesforce using APIs"))

scenario("sf-api-disabled", {
    "salesforce/User.csv": csv([USER_HEADER] + API_USERS),
    "salesforce/LoginHistory.csv": csv([LOGIN_HEADER,
        login("noah.becker@fabrikam.com", "2025-10-02T13:19:50Z", "Success")]),
    "salesforce/metadata/profiles/Partner Sales.profile-meta.xml": profile("Partner Sales", False),
    "outlook/CopilotForSales_noah.becker.log": API_LOG,
}, {"summary": "Partner Sales profile lacks API Enabled; the OAuth login works, the API calls do not.",
    "expect": [{"cause": "sf.user.api_disabled", "owner": "salesforce-admin",
                "user": "noah.becker@fabrikam.com", "accept": [], "evidence": ["Partner Sales.profile"]}],
    "forbid": ["sf.connected_app.not_preauthorized"]}, """
Noah signs in to Salesforce from Copilot for Sales (Login History: Success) but every
call fails with `API is disabled for this User`.  His profile *Partner Sales* does not
have API Enabled and he has no permission set.

True cause: `sf.user.api_disabled` (Salesforce admin).  Decoy: the successful login.
""")

scenario("sf-api-disabled-decoy", {
    "salesforce/User.csv": csv([USER_HEADER] + API_USERS),
    "salesforce/PermissionSet.csv": csv([["Id", "Name", "Label", "PermissionsApiEnabled"],
        ["0PSHs000002ApIbGAA", "API_Access", "API Access", "true"]]),
    "salesforce/PermissionSetAssignment.csv": csv([["Id", "AssigneeId", "PermissionSetId"],
        ["0PaHs00000ApIcAKAV", "005Hs00000ApIaAIA1", "0PSHs000002ApIbGAA"]]),
    "salesforce/metadata/profiles/Partner Sales.profile-meta.xml": profile("Partner Sales", False),
    "outlook/CopilotForSales_noah.becker.log": API_LOG,
}, {"summary": "The profile lacks API Enabled, but the API Access permission set grants it: not the cause.",
    "forbid": ["sf.user.api_disabled"], "clean": True}, """
The same log, but Noah has the permission set *API Access*, which grants API Enabled: a
permission set counts as much as the profile.  triage must not blame the profile.
""")

# ---- entra: assignment required -------------------------------------------------------

SP = {"id": "4b1f0a77-1111-4c2d-9e3f-a0b1c2d3e4f5", "appId": "c7d8e9f0-2222-4a1b-8c3d-e4f5a6b7c8d9",
      "displayName": "Salesforce", "accountEnabled": True, "appRoleAssignmentRequired": True,
      "servicePrincipalType": "Application", "preferredSingleSignOnMode": "saml"}


def members(items):
    return json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                       "value": items}, indent=2) + "\n"


scenario("entra-assignment-required", {
    "entra/servicePrincipals/Salesforce.json": json.dumps(SP, indent=2) + "\n",
    "entra/servicePrincipals/Salesforce.appRoleAssignedTo.json": json.dumps({"value": [
        {"id": "x1", "appRoleId": "00000000-0000-0000-0000-000000000000", "principalDisplayName": "Sales Team",
         "principalId": "9a8b7c6d-3333-4e5f-8a9b-0c1d2e3f4a5b", "principalType": "Group",
         "resourceDisplayName": "Salesforce", "resourceId": SP["id"]}]}, indent=2) + "\n",
    "entra/groups/Sales Team.members.json": members([
        {"@odata.type": "#microsoft.graph.group", "id": "5e6f7a8b-4444-4c5d-9e6f-7a8b9c0d1e2f",
         "displayName": "Sales Team Interns"},
        {"@odata.type": "#microsoft.graph.user", "id": "11111111-5555-4aaa-8bbb-cccccccccccc",
         "displayName": "Yara Haddad", "userPrincipalName": "yara.haddad@fabrikam.com",
         "mail": "yara.haddad@fabrikam.com"}]),
    "entra/groups/Sales Team Interns.members.json": members([
        {"@odata.type": "#microsoft.graph.user", "id": "22222222-6666-4aaa-8bbb-cccccccccccc",
         "displayName": "Theo Martin", "userPrincipalName": "theo.martin@fabrikam.com",
         "mail": "theo.martin@fabrikam.com"}]),
    "entra/signIns.json": graph([
        signin(1, "2025-11-03T08:01:12.5000000Z", "theo.martin@fabrikam.com", "Salesforce", 50105,
               "The signed in user 'theo.martin@fabrikam.com' is not assigned to a role for the "
               "application 'c7d8e9f0-2222-4a1b-8c3d-e4f5a6b7c8d9'(Salesforce).",
               appid=SP["appId"]),
        signin(2, "2025-11-03T08:02:40.1000000Z", "yara.haddad@fabrikam.com", "Salesforce", 0,
               appid=SP["appId"])]),
}, {"summary": "Theo is only in 'Sales Team Interns', nested inside the assigned 'Sales Team'.",
    "expect": [{"cause": "entra.app.assignment_required", "owner": "entra-admin",
                "user": "theo.martin@fabrikam.com", "accept": [],
                "evidence": ["servicePrincipals/Salesforce.json"]}]}, """
Theo gets AADSTS50105 opening Salesforce single sign-on.  The *Salesforce* enterprise
app requires assignment; the group *Sales Team* is assigned, and Theo is a member of
*Sales Team Interns*, which is nested inside it.  Nested groups do not count.

True cause: `entra.app.assignment_required` (Entra admin).
""")

scenario("entra-assignment-required-decoy", {
    "entra/signIns.json": graph([
        signin(1, "2025-11-03T08:01:12.5000000Z", "theo.martin@fabrikam.com", "Salesforce", 50105,
               "The signed in user is not assigned to a role for the application.",
               corr="7a7a7a7a-0000-4000-8000-000000000001", appid=SP["appId"]),
        signin(2, "2025-11-03T08:09:40.1000000Z", "theo.martin@fabrikam.com", "Salesforce", 0,
               corr="7a7a7a7a-0000-4000-8000-000000000001", appid=SP["appId"])]),
}, {"summary": "One 50105, then a success in the same flow eight minutes later (assignment added): nothing to report.",
    "clean": True}, """
Theo's first sign-in failed with 50105; the admin assigned him and the same flow (same
correlation id) succeeded eight minutes later.  An error followed by a success is not a
cause: triage must report nothing.
""")

# ---- entra: Conditional Access ------------------------------------------------------------

UNMANAGED = {"deviceId": "", "operatingSystem": "MacOs", "browser": "Safari 17.4",
             "isCompliant": False, "isManaged": False, "trustType": ""}

scenario("entra-ca-blocked", {
    "entra/signIns.json": graph([
        signin(1, "2025-12-01T19:40:02.0000000Z", "ines.garcia@fabrikam.com", "Microsoft Copilot for Sales",
               53003, "Access has been blocked by Conditional Access policies. The access policy does "
               "not allow token issuance.",
               ca=[("Block Copilot outside corporate network", "failure", ["Block"]),
                   ("Require MFA - all users", "success", ["Mfa"])]),
        signin(2, "2025-12-01T19:41:15.0000000Z", "ines.garcia@fabrikam.com", "Microsoft Copilot for Sales",
               53003, "Access has been blocked by Conditional Access policies. The access policy does "
               "not allow token issuance.",
               ca=[("Block Copilot outside corporate network", "failure", ["Block"])])]),
    "outlook/CopilotForSales_ines.garcia.log":
        clog("2025-12-01T19:40:03.100Z", "Error", "Sales.Auth", "ines.garcia@fabrikam.com",
             "Token acquisition failed: AADSTS53003: Access has been blocked by Conditional Access policies."),
}, {"summary": "An enforced Block policy for Copilot outside the corporate network.",
    "expect": [{"cause": "entra.ca.blocked", "owner": "entra-admin", "user": "ines.garcia@fabrikam.com",
                "accept": [], "evidence": ["signIns.json"]}],
    "forbid": ["entra.ca.device_not_managed", "entra.mfa.required"]}, """
Ines works from a hotel; Copilot for Sales cannot get a token (AADSTS53003).  The
sign-in log shows the enforced policy *Block Copilot outside corporate network* with
result `failure` and grant control `Block`.

True cause: `entra.ca.blocked` (Entra admin).
""")

scenario("entra-device-not-managed", {
    "entra/signIns.json": graph([
        signin(1, "2025-10-20T07:12:44.0000000Z", "omar.ali@fabrikam.com", "Microsoft Copilot for Sales",
               530003, "Your device is required to be managed to access this resource.",
               device=UNMANAGED,
               ca=[("Require managed device - Office", "failure",
                    ["RequireCompliantDevice", "RequireDomainJoinedDevice"]),
                   ("Geo block", "reportOnlyFailure", ["Block"])]),
        signin(2, "2025-10-20T09:30:10.0000000Z", "omar.ali@fabrikam.com", "Microsoft Copilot for Sales", 0,
               ca=[("Require managed device - Office", "success",
                    ["RequireCompliantDevice", "RequireDomainJoinedDevice"])])]),
}, {"summary": "530003 from a personal Mac; a report-only geo policy also fails (not enforced).",
    "expect": [{"cause": "entra.ca.device_not_managed", "owner": "entra-admin",
                "user": "omar.ali@fabrikam.com", "accept": [], "evidence": ["signIns.json"]}],
    "forbid": ["entra.ca.blocked"]}, """
Omar opens Copilot for Sales on his personal Mac: AADSTS530003.  The policy *Require
managed device - Office* fails (compliant or domain-joined device required); *Geo block*
is report-only (`reportOnlyFailure`) and is never enforced.  Two hours later the same app
works from his company laptop.

True cause: `entra.ca.device_not_managed`.  Decoy: the report-only Block policy.
""")

# ---- entra: MFA ------------------------------------------------------------------------------------

scenario("entra-mfa-required", {
    "entra/signIns.json": graph([
        signin(i, "2025-11-18T0%d:00:05.0000000Z" % (i + 1), "paul.weber@fabrikam.com",
               "Microsoft Copilot for Sales", 50079,
               "Due to a configuration change made by your administrator, or because you moved to a new "
               "location, you must enroll in multi-factor authentication to access the resource.",
               interactive=False) for i in range(1, 4)]),
}, {"summary": "Background sign-ins need MFA registration that Paul never completed; no success follows.",
    "expect": [{"cause": "entra.mfa.required", "owner": "entra-admin", "user": "paul.weber@fabrikam.com",
                "accept": [], "evidence": ["signIns.json"]}]}, """
Copilot for Sales refreshes in the background every hour and fails with 50079: Paul
must register a multi-factor method and never did; no success follows.

True cause: `entra.mfa.required` (owner: the Entra admin, who can require and help with
the registration; the user completes it).
""")

scenario("entra-mfa-interrupt-decoy", {
    "entra/signIns.json": graph([
        signin(1, "2025-11-18T08:00:05.0000000Z", "paul.weber@fabrikam.com", "Microsoft Copilot for Sales",
               50076, "Due to a configuration change made by your administrator, or because you moved to a "
               "new location, you must use multi-factor authentication to access the resource.",
               corr="abababab-0000-4000-8000-000000000001"),
        signin(2, "2025-11-18T08:00:31.0000000Z", "paul.weber@fabrikam.com", "Microsoft Copilot for Sales", 0,
               corr="abababab-0000-4000-8000-000000000001")]),
}, {"summary": "A 50076 MFA interrupt followed by a success in the same flow: routine, not a cause.",
    "clean": True}, """
One 50076 (MFA required) followed 26 seconds later by a success in the same flow: the
user simply answered the prompt.  triage must report nothing.
""")

# ---- sf-admin-permission-on-profile (CFS-15) ---------------------------------------

ADMIN_USERS = [["005Hs00000AdMn1IA1", "rita.sousa@fabrikam.com", "Rita Sousa", "rita.sousa@fabrikam.com",
                "00eHs00000P3aDmIAA", "Sales Operations", "true", "Standard"]]
ADMIN_LOG = clog("2025-11-12T10:05:44.210Z", "Error", "Sales.Admin.Settings", "rita.sousa@fabrikam.com",
                 "Saving admin settings failed: You don't have permission to change Copilot for Sales "
                 "admin settings. Ask your CRM administrator for Modify All Data or Manage Data "
                 "Integrations.", "5a5a5a5a-1111-4222-8333-999988887777")


def profile_perms(perms):
    body = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<Profile xmlns="http://soap.sforce.com/2006/04/metadata">',
            '    <custom>true</custom>',
            '    <userLicense>Salesforce</userLicense>']
    for name, on in perms:
        body += ['    <userPermissions>', '        <enabled>%s</enabled>' % ("true" if on else "false"),
                 '        <name>%s</name>' % name, '    </userPermissions>']
    body.append('</Profile>')
    return "\n".join(body) + "\n"


scenario("sf-admin-permission-on-profile", {
    "salesforce/User.csv": csv([USER_HEADER] + ADMIN_USERS),
    "salesforce/PermissionSet.csv": csv([["Id", "Name", "Label", "PermissionsModifyAllData",
                                          "PermissionsApiEnabled"],
        ["0PSHs000003AdMnGAA", "Sales_Ops_Admin", "Sales Ops Admin", "true", "true"]]),
    "salesforce/PermissionSetAssignment.csv": csv([["Id", "AssigneeId", "PermissionSetId"],
        ["0PaHs00000AdMnAKAV", "005Hs00000AdMn1IA1", "0PSHs000003AdMnGAA"]]),
    "salesforce/metadata/profiles/Sales Operations.profile-meta.xml":
        profile_perms([("ApiEnabled", True), ("ModifyAllData", False), ("ManageDataIntegrations", False)]),
    "outlook/CopilotForSales_rita.sousa.log": ADMIN_LOG,
}, {"summary": "Rita's Modify All Data comes from a permission set; Copilot for Sales admin settings need it on the profile.",
    "expect": [{"cause": "sf.user.admin_permission_on_profile", "owner": "salesforce-admin",
                "user": "rita.sousa@fabrikam.com", "accept": [],
                "evidence": ["Sales Operations.profile"]}],
    "forbid": ["sf.user.api_disabled"]}, """
Rita, who runs Sales Operations, cannot save the Copilot for Sales admin settings.  She has
Modify All Data through the permission set *Sales Ops Admin*, but Copilot for Sales only
accepts that permission (or Manage Data Integrations) on the profile, and her profile
*Sales Operations* has neither.

True cause: `sf.user.admin_permission_on_profile` (Salesforce admin).  Decoy: the
permission set that grants Modify All Data, which looks like enough.
""")

scenario("sf-admin-permission-on-profile-decoy", {
    "salesforce/User.csv": csv([USER_HEADER] + ADMIN_USERS),
    "salesforce/metadata/profiles/Sales Operations.profile-meta.xml":
        profile_perms([("ApiEnabled", True), ("ModifyAllData", True), ("ManageDataIntegrations", False)]),
    "outlook/CopilotForSales_rita.sousa.log": ADMIN_LOG,
}, {"summary": "The profile already has Modify All Data: the permission is where it must be.",
    "forbid": ["sf.user.admin_permission_on_profile"], "clean": True}, """
The same error, but the profile *Sales Operations* has Modify All Data: the admin
permission is on the profile, so this is not the cause (the change may still be
propagating; Teams can take 15 minutes).
""")

# ---- sf-login-hours-org-zone: login hours checked in the org's time zone --------------

scenario("sf-login-hours-org-zone", {
    "salesforce/User.csv": csv([USER_HEADER, ["005Hs00000LgHr1IA1", "jonas.berg@fabrikam.com",
                                              "Jonas Berg", "jonas.berg@fabrikam.com",
                                              "00eHs00000P4fSlIAA", "Field Sales", "true", "Standard"]]),
    "salesforce/Organization.csv": csv([["Id", "Name", "OrganizationType", "TimeZoneSidKey"],
                                        ["00DHs0000001FabAAA", "Fabrikam", "Enterprise Edition",
                                         "America/Los_Angeles"]]),
    "salesforce/LoginHistory.csv": csv([LOGIN_HEADER,
        login("jonas.berg@fabrikam.com", "2025-09-09T09:10:05Z", "Invalid login hours"),
        login("jonas.berg@fabrikam.com", "2025-09-10T09:10:07Z", "Invalid login hours"),
        login("jonas.berg@fabrikam.com", "2025-09-10T16:02:00Z", "Success", app="Browser")]),
    "salesforce/metadata/profiles/Field Sales.profile-meta.xml": "\n".join(
        ['<?xml version="1.0" encoding="UTF-8"?>',
         '<Profile xmlns="http://soap.sforce.com/2006/04/metadata">',
         '    <custom>true</custom>', '    <loginHours>'] +
        ['        <%s%s>%s</%s%s>' % (d, e, v, d, e) for d in
         ("monday", "tuesday", "wednesday", "thursday", "friday")
         for e, v in (("Start", "420"), ("End", "1200"))] +
        ['    </loginHours>', '    <userLicense>Salesforce</userLicense>', '</Profile>']) + "\n",
}, {"summary": "Background refreshes at 02:10 Pacific fail: Field Sales may log in only 07:00-20:00 org time.",
    "expect": [{"cause": "sf.user.login_hours", "owner": "salesforce-admin",
                "user": "jonas.berg@fabrikam.com", "accept": [], "evidence": ["Field Sales.profile"]}]},
    """
Copilot for Sales refreshes Jonas's Salesforce connection at night; Login History shows
`Invalid login hours` at 09:10 UTC, which is 02:10 in the org's time zone
(America/Los_Angeles, from the Organization export).  His profile *Field Sales* allows
logins from 07:00 to 20:00 on weekdays.

True cause: `sf.user.login_hours` (Salesforce admin).  The browser login at 09:02
Pacific the same day succeeds, inside the hours.
""")
