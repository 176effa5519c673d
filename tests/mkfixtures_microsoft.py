#!/usr/bin/env python3
"""Write the synthetic Microsoft fixtures in testdata/microsoft/.

Every value is invented (contoso.com, documentation IP ranges, made-up
GUIDs).  The shapes follow ../shared/FORMATS.md sections 4-5 and the
"Formats with no real public sample" list.  Each sign-in and audit event
is defined once below and written in every dialect, so tests can check
that the dialects normalise to the same record.

Deterministic: rerunning gives byte-identical files.  Standard library only.
Usage: python3 testdata/microsoft/make-fixtures.py
"""

import csv
import hashlib
import io
import json
from datetime import datetime, timezone, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "testdata" / "microsoft"
TENANT = "9c4e2b17-3d5a-4f8e-b6c1-7a20d5e8f341"
SALESFORCE_APP = "d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42"
COPILOT_APP = "a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95"
OFFICE_APP = "d3590ed6-52b3-4102-aeff-aad2292ab01c"
OUTLOOK_MOBILE_APP = "27922004-5251-4030-b22d-91ecd9a37ea4"
GRAPH = "00000003-0000-0000-c000-000000000000"
EXO = "00000002-0000-0ff1-ce00-000000000000"
SF_SP = "6c2a9e4f-1d7b-4a3e-8f5c-9b0d2e6a1c37"
COPILOT_SP = "8e1d4b7a-2c9f-4a6e-b3d5-1f0a7c9e2b48"
GRAPH_SP = "4f2b9d7e-1c6a-4e8b-a3d5-0b9f7c2e1a48"
ADMIN = ("7f3e1d9c-2b8a-4a5f-9c6e-1d0b4a7e3c28", "admin@contoso.com", "Contoso Admin")


def guid(n):
    """A fixed, valid-looking GUID from a small number."""
    h = hashlib.sha256(f"triage-{n}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


# ---- sign-ins ---------------------------------------------------------------

def policy(name, result, grant, pid):
    return {"id": pid, "displayName": name,
            "enforcedGrantControls": list(grant), "enforcedSessionControls": [],
            "result": result}


MFA = lambda r: policy("Require MFA for Salesforce", r, ["Mfa"] if r != "notApplied" else [],
                       "1a2b3c4d-0001-4e00-a000-000000000001")
COMPLIANT = lambda r: policy("Block unmanaged devices", r,
                             ["RequireCompliantDevice"] if r != "notApplied" else [],
                             "1a2b3c4d-0002-4e00-a000-000000000002")
GUESTS = policy("Guests: terms of use", "notEnabled", [], "1a2b3c4d-0003-4e00-a000-000000000003")


def device(managed, compliant, trust, os_, browser, did=""):
    return {"deviceId": did, "displayName": None if not did else "CONTOSO-LT-" + did[:4].upper(),
            "operatingSystem": os_, "browser": browser, "isCompliant": compliant,
            "isManaged": managed, "trustType": trust}


def location(city, state, country):
    return {"city": city, "state": state, "countryOrRegion": country,
            "geoCoordinates": {"altitude": None, "latitude": 47.6062, "longitude": -122.3321}}


def signin(n, when, upn, name, app, app_id, resource, resource_id, ip, code, reason,
           details, ca_status, policies, dev, loc, interactive=True, corr=None,
           client="Browser"):
    return {
        "id": guid(100 + n),
        "createdDateTime": when,
        "userDisplayName": name,
        "userPrincipalName": upn,
        "userId": guid(200 + n),
        "homeTenantId": TENANT,
        "appId": app_id,
        "appDisplayName": app,
        "ipAddress": ip,
        "clientAppUsed": client,
        "correlationId": corr or guid(300 + n),
        "conditionalAccessStatus": ca_status,
        "isInteractive": interactive,
        "riskDetail": "none",
        "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "none",
        "riskState": "none",
        "riskEventTypes": [],
        "resourceDisplayName": resource,
        "resourceId": resource_id,
        "status": {"errorCode": code, "failureReason": reason, "additionalDetails": details},
        "deviceDetail": dev,
        "location": loc,
        "appliedConditionalAccessPolicies": policies,
    }


PAIR = "5d8c2a7e-9b1f-4c3d-8e6a-0f2b7d4c9e13"
SIGNINS = [
    signin(1, "2026-11-24T09:14:07.1234567Z", "alice@contoso.com", "Alice Wong", "Salesforce",
           SALESFORCE_APP, "Salesforce", SALESFORCE_APP, "203.0.113.45", 0, None,
           "MFA requirement satisfied by claim in the token", "success",
           [MFA("success"), COMPLIANT("success"), GUESTS],
           device(True, True, "Azure AD joined", "Windows 10", "Edge 131.0.0", guid(401)),
           location("Seattle", "Washington", "US")),
    signin(2, "2026-11-24T08:55:10.4821930Z", "bob@contoso.com", "Bob Lee", "Microsoft Office",
           OFFICE_APP, "Office 365 Exchange Online", EXO, "198.51.100.23", 50126,
           "Error validating credentials due to invalid username or password.", None,
           "notApplied", [MFA("notApplied"), GUESTS],
           device(False, False, "", "Windows 10", "Chrome 131.0.0"),
           location("London", "London", "GB"), client="Mobile Apps and Desktop clients"),
    signin(3, "2026-11-24T09:20:33.5000000Z", "carol@contoso.com", "Carol Diaz",
           "Microsoft Copilot for Sales", COPILOT_APP, "Salesforce", SALESFORCE_APP,
           "203.0.113.77", 53003, "Access has been blocked by Conditional Access policies. "
           "The access policy does not allow token issuance.", None, "failure",
           [MFA("success"), COMPLIANT("failure"), GUESTS],
           device(False, False, "Azure AD registered", "MacOs", "Safari 17.6"),
           location("Portland", "Oregon", "US")),
    signin(4, "2026-11-24T09:31:02.0000001Z", "dave@contoso.com", "Dave Kim",
           "Microsoft Copilot for Sales", COPILOT_APP, "Microsoft Graph", GRAPH,
           "203.0.113.80", 65001, "The user or administrator has not consented to use the "
           "application.", "Send an interactive authorization request for this user and "
           "resource.", "notApplied", [],
           device(True, True, "Hybrid Azure AD joined", "Windows 11", "Edge 131.0.0", guid(404)),
           location("Chicago", "Illinois", "US")),
    signin(5, "2026-11-24T09:40:45.9990000Z", "erin@contoso.com", "Erin Moss", "Salesforce",
           SALESFORCE_APP, "Salesforce", SALESFORCE_APP, "198.51.100.99", 50105,
           "The signed in user is not assigned to a role for the application.", None,
           "notApplied", [], device(None, None, None, "Windows 10", "Firefox 133.0"),
           location("Denver", "Colorado", "US")),
    signin(6, "2026-11-24T09:19:58.2500000Z", "frank@contoso.com", "Frank Ode", "Outlook Mobile",
           OUTLOOK_MOBILE_APP, "Office 365 Exchange Online", EXO, "2001:db8::15", 0, None, None,
           "success", [MFA("success")],
           device(True, True, "", "Ios 18.1", "Outlook-iOS 4.2447.0", guid(406)),
           location("Austin", "Texas", "US"), corr=PAIR,
           client="Mobile Apps and Desktop clients"),
    # the non-interactive token refresh of the same session, as Event Hub
    # copies write it: a local offset, not Z
    signin(7, "2026-11-24T04:20:01.9876543-05:00", "frank@contoso.com", "Frank Ode",
           "Outlook Mobile", OUTLOOK_MOBILE_APP, "Office 365 Exchange Online", EXO,
           "2001:db8::15", 0, None, None, "success", [MFA("success")],
           device(True, True, "", "Ios 18.1", "Outlook-iOS 4.2447.0", guid(406)),
           location("Austin", "Texas", "US"), interactive=False, corr=PAIR,
           client="Mobile Apps and Desktop clients"),
]


def diag_category(si):
    return "SignInLogs" if si["isInteractive"] else "NonInteractiveUserSignInLogs"


def diag_record(si):
    """An Azure Monitor diagnostic-settings record around a sign-in."""
    t = parse_time(si["createdDateTime"]).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    return {
        "time": t,
        "resourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "operationName": "Sign-in activity",
        "operationVersion": "1.0",
        "category": diag_category(si),
        "tenantId": TENANT,
        "resultType": str(si["status"]["errorCode"]),
        "resultSignature": "None",
        "resultDescription": si["status"]["failureReason"] or "",
        "durationMs": 0,
        "callerIpAddress": si["ipAddress"],
        "correlationId": si["correlationId"],
        "identity": si["userDisplayName"],
        "Level": "4",
        "location": (si["location"] or {}).get("countryOrRegion", ""),
        "properties": si,
    }


def parse_time(s):
    """createdDateTime (7-digit fraction, Z or offset) as an aware datetime."""
    date, rest = s[:19], s[19:]
    frac = ""
    if rest.startswith("."):
        i = 1
        while i < len(rest) and rest[i].isdigit():
            i += 1
        frac, rest = rest[1:i], rest[i:]
    dt = datetime.strptime(date, "%Y-%m-%dT%H:%M:%S")
    dt = dt.replace(microsecond=int((frac + "000000")[:6]))
    if rest == "Z":
        return dt.replace(tzinfo=timezone.utc)
    sign = 1 if rest[0] == "+" else -1
    off = timedelta(hours=int(rest[1:3]), minutes=int(rest[4:6])) * sign
    return (dt - off).replace(tzinfo=timezone.utc)


def us_time(s):
    """Log Analytics' display: 11/24/2026, 9:14:07.123 AM (UTC)."""
    dt = parse_time(s)
    h = dt.hour % 12 or 12
    return (f"{dt.month}/{dt.day}/{dt.year}, {h}:{dt.minute:02d}:{dt.second:02d}."
            f"{dt.microsecond // 1000:03d} {'AM' if dt.hour < 12 else 'PM'}")


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def la_signin_row(si):
    t = us_time(si["createdDateTime"])
    st = dict(si["status"])
    if st.get("failureReason") is None:
        st.pop("failureReason")
    if st.get("additionalDetails") is None:
        st.pop("additionalDetails")
    return {
        "TenantId": "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",  # the workspace
        "SourceSystem": "Azure AD",
        "TimeGenerated [UTC]": t,
        "ResourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "OperationName": "Sign-in activity",
        "OperationVersion": "1.0",
        "Category": diag_category(si),
        "ResultType": str(si["status"]["errorCode"]),
        "ResultSignature": "None",
        "ResultDescription": si["status"]["failureReason"] or "",
        "DurationMs": "0",
        "CorrelationId": si["correlationId"],
        "Identity": si["userDisplayName"],
        "Level": "4",
        "Location": (si["location"] or {}).get("countryOrRegion", ""),
        "AppDisplayName": si["appDisplayName"],
        "AppId": si["appId"],
        "ClientAppUsed": si["clientAppUsed"],
        "ConditionalAccessPolicies": compact(si["appliedConditionalAccessPolicies"]),
        "ConditionalAccessStatus": si["conditionalAccessStatus"],
        "CreatedDateTime [UTC]": t,
        "DeviceDetail": compact(si["deviceDetail"]),
        "IsInteractive": "True" if si["isInteractive"] else "False",
        "Id": si["id"],
        "IPAddress": si["ipAddress"],
        "LocationDetails": compact(si["location"] or {}),
        "ResourceDisplayName": si["resourceDisplayName"],
        "ResourceIdentity": si["resourceId"],
        "Status": compact(st),
        "UserDisplayName": si["userDisplayName"],
        "UserId": si["userId"],
        "UserPrincipalName": si["userPrincipalName"],
        "AADTenantId": TENANT,
        "HomeTenantId": TENANT,
        "Type": "SigninLogs",
    }


def yes_no(v):
    return "" if v is None else ("Yes" if v else "No")


def portal_signin_row(si):
    """The portal's Download CSV; the column names are UNVERIFIED."""
    dt = parse_time(si["createdDateTime"])
    loc = si["location"] or {}
    dev = si["deviceDetail"]
    ca = {"success": "Success", "failure": "Failure", "notApplied": "Not Applied"}
    return {
        "Date (UTC)": dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Request ID": si["id"],
        "User agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "Correlation ID": si["correlationId"],
        "User ID": si["userId"],
        "User": si["userDisplayName"],
        "Username": si["userPrincipalName"],
        "User type": "Member",
        "Application": si["appDisplayName"],
        "Application ID": si["appId"],
        "Resource": si["resourceDisplayName"],
        "Resource ID": si["resourceId"],
        "Home tenant ID": TENANT,
        "IP address": si["ipAddress"],
        "Location": ", ".join(x for x in (loc.get("city"), loc.get("state"),
                                          loc.get("countryOrRegion")) if x),
        "Status": "Success" if si["status"]["errorCode"] == 0 else "Failure",
        "Sign-in error code": str(si["status"]["errorCode"]),
        "Failure reason": si["status"]["failureReason"] or "",
        "Client app": si["clientAppUsed"],
        "Device ID": dev["deviceId"],
        "Browser": dev["browser"],
        "Operating System": dev["operatingSystem"],
        "Compliant": yes_no(dev["isCompliant"]),
        "Managed": yes_no(dev["isManaged"]),
        "Join Type": dev["trustType"] or "",
        "Multifactor authentication result": "",
        "Conditional Access": ca[si["conditionalAccessStatus"]],
        "Authentication requirement": "singleFactorAuthentication",
    }


# ---- directory audits -------------------------------------------------------

def prop(name, old, new):
    """A modifiedProperty: values are JSON text inside a string."""
    enc = lambda v: None if v is None else json.dumps(v)
    return {"displayName": name, "oldValue": enc(old), "newValue": enc(new)}


def target(tid, name, ttype, props=(), upn=None):
    return {"id": tid, "displayName": name, "type": ttype, "userPrincipalName": upn,
            "groupType": None, "modifiedProperties": list(props)}


def audit(n, when, activity, category, op_type, targets, details=(), by_app=None,
          result="success", reason=""):
    if by_app:
        by = {"app": {"appId": by_app[0], "displayName": by_app[1],
                      "servicePrincipalId": by_app[2], "servicePrincipalName": None},
              "user": None}
    else:
        by = {"app": None, "user": {"id": ADMIN[0], "displayName": None,
                                    "userPrincipalName": ADMIN[1], "ipAddress": "203.0.113.10",
                                    "userType": None, "homeTenantId": None,
                                    "homeTenantName": None}}
    return {
        "id": f"Directory_{guid(600 + n)}_KQ9Z1_{41882900 + n}",
        "category": category,
        "correlationId": guid(700 + n),
        "result": result,
        "resultReason": reason,
        "activityDisplayName": activity,
        "activityDateTime": when,
        "loggedByService": "Core Directory",
        "operationType": op_type,
        "initiatedBy": by,
        "targetResources": list(targets),
        "additionalDetails": [{"key": k, "value": v} for k, v in details],
    }


PERMS = ("[] => [[Id: 5Jxq1fGzb0uUcfjwQf2LmnoYRVkD7bZNlGd9o2LcYoM, ClientId: " + COPILOT_SP +
         ", PrincipalId: , ResourceId: " + GRAPH_SP + ", ConsentType: AllPrincipals, Scope:  "
         "User.Read Mail.Read offline_access openid profile, CreatedDateTime: , "
         "LastModifiedDateTime ]]; ")
AUDITS = [
    audit(1, "2026-11-20T14:31:07.5520381Z", "Consent to application", "ApplicationManagement",
          "Assign", [target(COPILOT_SP, "Microsoft Copilot for Sales", "ServicePrincipal", [
              prop("ConsentContext.IsAdminConsent", None, "True"),
              prop("ConsentContext.IsAppOnly", None, "False"),
              prop("ConsentContext.OnBehalfOfAll", None, "True"),
              prop("ConsentAction.Permissions", None, PERMS),
              prop("TargetId.ServicePrincipalNames", None, [COPILOT_APP, "api://copilot-sales"]),
          ])], [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0.0.0"),
                ("AppId", COPILOT_APP)]),
    audit(2, "2026-11-20T14:29:51.1000000Z", "Add service principal", "ApplicationManagement",
          "Add", [target(SF_SP, "Salesforce", "ServicePrincipal", [
              prop("AccountEnabled", [], [True]),
              prop("AppPrincipalId", [], [SALESFORCE_APP]),
              prop("DisplayName", [], ["Salesforce"]),
              prop("ServicePrincipalName", [], [SALESFORCE_APP, "https://contoso.my.salesforce.com"]),
          ])], by_app=("18ed3507-a475-4ccb-b669-d66bc9f2a36e", "Microsoft_Azure_AppManagement",
                      guid(801))),
    audit(3, "2026-11-20T14:35:12.0000000Z", "Add app role assignment to service principal",
          "ApplicationManagement", "Assign", [
              target(GRAPH_SP, "Microsoft Graph", "ServicePrincipal", [
                  prop("AppRole.Id", None, "df021288-bdef-4463-88db-98f22de89214"),
                  prop("AppRole.Value", None, "User.Read.All"),
                  prop("ServicePrincipal.DisplayName", None, "Microsoft Copilot for Sales"),
              ]),
              target(COPILOT_SP, "Microsoft Copilot for Sales", "ServicePrincipal")]),
    audit(4, "2026-11-20T14:31:07.6000000Z", "Add delegated permission grant", "ApplicationManagement",
          "Assign", [target(GRAPH_SP, "Microsoft Graph", "ServicePrincipal", [
              prop("DelegatedPermissionGrant.Scope", "", " User.Read Mail.Read offline_access"),
              prop("DelegatedPermissionGrant.ConsentType", None, "AllPrincipals"),
              prop("ServicePrincipal.ObjectID", None, COPILOT_SP),
          ])]),
    audit(5, "2026-11-21T10:02:44.0000000Z", "Add member to role", "RoleManagement", "Assign", [
        target(guid(901), None, "User", [
            prop("Role.DisplayName", None, "Application Administrator"),
            prop("Role.TemplateId", None, "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"),
        ], upn="erin@contoso.com")]),
    audit(6, "2026-11-22T16:45:00.0000000Z",
          "Update application \u2013 Certificates and secrets management",
          "ApplicationManagement", "Update", [target(guid(902), "Salesforce", "Application", [
              prop("KeyDescription", ["[KeyIdentifier=1111, KeyType=Password, KeyUsage=Verify, "
                                      "DisplayName=old secret]"],
                   ["[KeyIdentifier=2222, KeyType=Password, KeyUsage=Verify, "
                    "DisplayName=sfdc 2026]"]),
          ])]),
    audit(7, "2026-11-22T17:00:00.0000000Z", "Add app role assignment grant to user",
          "UserManagement", "Assign", [
              target(SF_SP, "Salesforce", "ServicePrincipal", [
                  prop("AppRole.Id", None, "00000000-0000-0000-0000-000000000000"),
                  prop("User.UPN", None, "carol@contoso.com"),
              ]),
              target(guid(903), None, "User", upn="carol@contoso.com")],
          result="failure", reason="Microsoft.Online.Workflows.ObjectAlreadyExistsException"),
]


def la_audit_row(a):
    t = us_time(a["activityDateTime"])
    return {
        "TenantId": "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
        "SourceSystem": "Azure AD",
        "TimeGenerated [UTC]": t,
        "ResourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "OperationName": a["activityDisplayName"],
        "OperationVersion": "1.0",
        "Category": a["category"],
        "ResultType": "",
        "ResultSignature": "None",
        "ResultDescription": "",
        "DurationMs": "0",
        "CorrelationId": a["correlationId"],
        "Resource": "Microsoft.aadiam",
        "ResourceGroup": "Microsoft.aadiam",
        "Identity": (a["initiatedBy"]["app"] or {}).get("displayName") or "Contoso Admin",
        "Level": "4",
        "Location": "",
        "AdditionalDetails": compact(a["additionalDetails"]),
        "Id": a["id"],
        "InitiatedBy": compact({k: v for k, v in a["initiatedBy"].items() if v}),
        "LoggedByService": a["loggedByService"],
        "Result": a["result"],
        "ResultReason": a["resultReason"],
        "TargetResources": compact(a["targetResources"]),
        "AADTenantId": TENANT,
        "ActivityDisplayName": a["activityDisplayName"],
        "ActivityDateTime [UTC]": t,
        "AADOperationType": a["operationType"],
        "Type": "AuditLogs",
    }


def portal_audit_rows(audits):
    """The portal's audit Download CSV: targets, their modified properties
    and additional details in numbered columns.  Column names UNVERIFIED."""
    nt = max(len(a["targetResources"]) for a in audits)
    nm = max(len(t["modifiedProperties"]) for a in audits for t in a["targetResources"])
    nd = max(len(a["additionalDetails"]) for a in audits)
    fields = ["Date (UTC)", "CorrelationId", "Service", "Category", "Activity", "Result",
              "ResultReason", "ActorType", "ActorDisplayName", "ActorObjectId",
              "ActorUserPrincipalName", "IPAddress"]
    for t in range(1, nt + 1):
        fields += [f"Target{t}Type", f"Target{t}DisplayName", f"Target{t}ObjectId",
                   f"Target{t}UserPrincipalName"]
        for m in range(1, nm + 1):
            fields += [f"Target{t}ModifiedProperty{m}{x}" for x in ("Name", "OldValue", "NewValue")]
    for d in range(1, nd + 1):
        fields += [f"AdditionalDetail{d}Key", f"AdditionalDetail{d}Value"]
    rows = []
    for a in audits:
        by_user = a["initiatedBy"]["user"]
        actor = by_user or a["initiatedBy"]["app"]
        r = {"Date (UTC)": parse_time(a["activityDateTime"]).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
             "CorrelationId": a["correlationId"], "Service": a["loggedByService"],
             "Category": a["category"], "Activity": a["activityDisplayName"],
             "Result": a["result"], "ResultReason": a["resultReason"],
             "ActorType": "User" if by_user else "Application",
             "ActorDisplayName": actor.get("displayName") or "",
             "ActorObjectId": actor.get("id") or actor.get("servicePrincipalId") or "",
             "ActorUserPrincipalName": (by_user or {}).get("userPrincipalName") or "",
             "IPAddress": (by_user or {}).get("ipAddress") or ""}
        for t, tr in enumerate(a["targetResources"], 1):
            r[f"Target{t}Type"] = tr["type"]
            r[f"Target{t}DisplayName"] = tr["displayName"] or ""
            r[f"Target{t}ObjectId"] = tr["id"]
            r[f"Target{t}UserPrincipalName"] = tr["userPrincipalName"] or ""
            for m, mp in enumerate(tr["modifiedProperties"], 1):
                r[f"Target{t}ModifiedProperty{m}Name"] = mp["displayName"]
                r[f"Target{t}ModifiedProperty{m}OldValue"] = mp["oldValue"] or ""
                r[f"Target{t}ModifiedProperty{m}NewValue"] = mp["newValue"] or ""
        for d, det in enumerate(a["additionalDetails"], 1):
            r[f"AdditionalDetail{d}Key"] = det["key"]
            r[f"AdditionalDetail{d}Value"] = det["value"]
        rows.append(r)
    return rows, fields


def audit_diag(a):
    return {
        "time": a["activityDateTime"],
        "resourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "operationName": a["activityDisplayName"],
        "operationVersion": "1.0",
        "category": "AuditLogs",
        "tenantId": TENANT,
        "resultSignature": "None",
        "durationMs": 0,
        "callerIpAddress": "203.0.113.10",
        "correlationId": a["correlationId"],
        "identity": "Contoso Admin",
        "level": "Informational",
        "properties": a,
    }


# ---- configuration ----------------------------------------------------------

def page(context, items, next_link=None):
    p = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#" + context}
    if next_link:
        p["@odata.nextLink"] = next_link
    p["value"] = items
    return p


SERVICE_PRINCIPALS = [
    {"id": SF_SP, "accountEnabled": True, "appDisplayName": "Salesforce", "appId": SALESFORCE_APP,
     "appOwnerOrganizationId": TENANT, "appRoleAssignmentRequired": True,
     "displayName": "Salesforce", "preferredSingleSignOnMode": "saml",
     "replyUrls": ["https://contoso.my.salesforce.com?so=00D5g000008ZkQm"],
     "servicePrincipalNames": [SALESFORCE_APP, "https://contoso.my.salesforce.com"],
     "servicePrincipalType": "Application", "signInAudience": "AzureADMyOrg",
     "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
     "appRoles": [{"allowedMemberTypes": ["User"], "displayName": "User",
                   "id": "18d14569-c3bd-439b-9a66-3a2aee01d14f", "isEnabled": True,
                   "value": None}],
     "info": {"marketingUrl": None, "privacyStatementUrl": None}},
    {"id": COPILOT_SP, "accountEnabled": True, "appDisplayName": "Microsoft Copilot for Sales",
     "appId": COPILOT_APP, "appOwnerOrganizationId": "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
     "appRoleAssignmentRequired": False, "displayName": "Microsoft Copilot for Sales",
     "servicePrincipalNames": [COPILOT_APP], "servicePrincipalType": "Application",
     "signInAudience": "AzureADMultipleOrgs", "tags": []},
]

# Get-MgServicePrincipal | ConvertTo-Json: PascalCase, one object
SP_POWERSHELL = {
    "AccountEnabled": False, "AppDisplayName": "Salesforce Sandbox",
    "AppId": "b7e2d9c4-1f6a-4e3b-8d5c-9a0f2e7b1c63", "AppRoleAssignmentRequired": True,
    "DisplayName": "Salesforce Sandbox", "Id": "3e9a1c7f-5b2d-4f8e-a6c4-7d0b9e2f1a35",
    "ServicePrincipalType": "Application", "Tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
    "AdditionalProperties": {},
}

APP_ROLE_ASSIGNED_TO = [
    {"id": "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6", "deletedDateTime": None,
     "appRoleId": "18d14569-c3bd-439b-9a66-3a2aee01d14f", "createdDateTime": "2026-10-01T08:00:00Z",
     "principalDisplayName": "Alice Wong", "principalId": guid(201), "principalType": "User",
     "resourceDisplayName": "Salesforce", "resourceId": SF_SP},
    {"id": "q7R8s9T0u1V2w3X4y5Z6a7B8c9D0e1F2", "deletedDateTime": None,
     "appRoleId": "18d14569-c3bd-439b-9a66-3a2aee01d14f", "createdDateTime": "2026-10-02T08:00:00Z",
     "principalDisplayName": "Sales Team", "principalId": guid(950), "principalType": "Group",
     "resourceDisplayName": "Salesforce", "resourceId": SF_SP},
]

GRANTS = [
    {"clientId": COPILOT_SP, "consentType": "AllPrincipals",
     "id": "T2zqbBQdOkqPXJvtLmohN_-c3cDaqZtNnS1ZhL6ULRI", "principalId": None,
     "resourceId": GRAPH_SP, "scope": " User.Read Mail.Read offline_access openid profile"},
    {"clientId": SF_SP, "consentType": "Principal",
     "id": "T2zqbBQdOkqPXJvtLmohNyBd2SlkW0FGpz8ew7uUMDA", "principalId": guid(203),
     "resourceId": GRAPH_SP, "scope": "User.Read "},
]

CA_POLICIES = [
    {"id": "1a2b3c4d-0001-4e00-a000-000000000001", "displayName": "Require MFA for Salesforce",
     "createdDateTime": "2026-01-10T10:00:00Z", "modifiedDateTime": None, "state": "enabled",
     "conditions": {"clientAppTypes": ["all"], "applications": {
         "includeApplications": [SALESFORCE_APP, COPILOT_APP], "excludeApplications": []},
         "users": {"includeUsers": ["All"], "excludeUsers": [], "includeGroups": []},
         "platforms": None, "locations": None},
     "grantControls": {"operator": "OR", "builtInControls": ["mfa"], "customAuthenticationFactors": [],
                       "termsOfUse": []},
     "sessionControls": None},
    {"id": "1a2b3c4d-0002-4e00-a000-000000000002", "displayName": "Block unmanaged devices",
     "createdDateTime": "2026-02-01T10:00:00Z", "modifiedDateTime": "2026-11-19T17:30:00Z",
     "state": "enabled",
     "conditions": {"clientAppTypes": ["browser", "mobileAppsAndDesktopClients"], "applications": {
         "includeApplications": ["All"], "excludeApplications": [OFFICE_APP]},
         "users": {"includeUsers": [], "excludeUsers": [], "includeGroups": [guid(950)]},
         "platforms": {"includePlatforms": ["macOS", "iOS"], "excludePlatforms": []}},
     "grantControls": {"operator": "AND",
                       "builtInControls": ["compliantDevice", "domainJoinedDevice"]},
     "sessionControls": None},
    {"id": "1a2b3c4d-0003-4e00-a000-000000000003", "displayName": "Guests: terms of use",
     "state": "disabled", "conditions": {"applications": {"includeApplications": ["All"]}},
     "grantControls": None, "sessionControls": {"signInFrequency": {"value": 1, "type": "days",
                                                                    "isEnabled": True}}},
]

AUTHORIZATION_POLICY = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/authorizationPolicy/$entity",
    "id": "authorizationPolicy", "displayName": "Authorization Policy",
    "description": "Used to manage authorization related settings across the company.",
    "allowInvitesFrom": "everyone", "allowedToUseSSPR": True,
    "allowEmailVerifiedUsersToJoinOrganization": False,
    "allowUserConsentForRiskyApps": False, "blockMsolPowerShell": False,
    "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
    "defaultUserRolePermissions": {
        "allowedToCreateApps": False, "allowedToCreateSecurityGroups": True,
        "allowedToReadOtherUsers": True,
        "permissionGrantPoliciesAssigned": ["ManagePermissionGrantsForSelf.microsoft-user-default-low",
                                            "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team"]},
}

GROUP_MEMBERS = page("directoryObjects", [
    {"@odata.type": "#microsoft.graph.user", "id": guid(201), "displayName": "Alice Wong",
     "userPrincipalName": "alice@contoso.com", "mail": "alice@contoso.com"},
    {"@odata.type": "#microsoft.graph.user", "id": guid(203), "displayName": "Carol Diaz",
     "userPrincipalName": "carol@contoso.com", "mail": "carol@contoso.com"},
    {"@odata.type": "#microsoft.graph.group", "id": guid(951), "displayName": "Sales EMEA",
     "mailEnabled": False, "securityEnabled": True},
], "https://graph.microsoft.com/v1.0/groups/" + guid(950) + "/members?$skiptoken=X1Y2Z3")


# ---- unified audit log ------------------------------------------------------

def ual(n, when, op, user, record_type, workload, result, **more):
    d = {"CreationTime": when, "Id": guid(1000 + n), "Operation": op, "OrganizationId": TENANT,
         "RecordType": record_type, "ResultStatus": result, "UserKey": f"10032000{n:08X}",
         "UserType": 2 if workload == "Exchange" else 0, "Version": 1, "Workload": workload,
         "UserId": user}
    d.update(more)
    return d


def exchange(n, when, op, params, object_id=""):
    return ual(n, when, op, "admin@contoso.com", 1, "Exchange", "True",
               ClientIP="[2001:db8::10]:51532", ObjectId=object_id,
               AppId="", ClientAppId="", ExternalAccess=False,
               OrganizationName="contoso.onmicrosoft.com",
               OriginatingServer="AM0PR01MB1234 (15.20.8182.12)",
               Parameters=[{"Name": k, "Value": v} for k, v in params])


def sts(n, when, op, user, app_id, ip, error=None, logon_error=None, record_type=15):
    more = dict(ClientIP=ip, ActorIpAddress=ip, ApplicationId=app_id, ObjectId=app_id,
                AzureActiveDirectoryEventType=1,
                Actor=[{"ID": guid(200 + n), "Type": 0}, {"ID": user, "Type": 5}],
                Target=[{"ID": app_id, "Type": 0}], ModifiedProperties=[],
                ExtendedProperties=[
                    {"Name": "ResultStatusDetail", "Value": "Success" if not error else "Redirect"},
                    {"Name": "UserAgent", "Value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},
                    {"Name": "RequestType", "Value": "OAuth2:Authorize"}])
    if error:
        more["ErrorNumber"] = str(error)
        more["LogonError"] = logon_error
    return ual(n, when, op, user, record_type, "AzureActiveDirectory",
               "Failed" if error else "Succeeded", **more)


ADDIN_ID = "b8f2c4a1-6d3e-4f7b-9a05-1c2e3d4f5a6b"
UAL_ENTRIES = [
    exchange(1, "2026-11-20T14:52:19", "New-App", [
        ("Url", "https://appsource.microsoft.com/manifest/copilot-for-sales.xml"),
        ("OrganizationApp", "True"), ("ProvidedTo", "SpecificUsers"),
        ("UserList", "alice@contoso.com;bob@contoso.com"), ("DefaultStateForUser", "Enabled"),
        ("Enabled", "True")]),
    exchange(2, "2026-11-21T09:03:55", "Set-App", [
        ("Identity", ADDIN_ID), ("OrganizationApp", "True"), ("ProvidedTo", "Everyone"),
        ("DefaultStateForUser", "AlwaysEnabled")], ADDIN_ID),
    exchange(3, "2026-11-23T18:20:00", "Remove-App", [("Identity", ADDIN_ID),
                                                      ("OrganizationApp", "True")], ADDIN_ID),
    exchange(4, "2026-11-23T18:25:41", "Set-OrganizationAddIn", [
        ("Identity", ADDIN_ID), ("Enabled", "False")], ADDIN_ID),
    sts(5, "2026-11-24T08:55:10", "UserLoginFailed", "bob@contoso.com", OFFICE_APP,
        "198.51.100.23", 50126, "InvalidUserNameOrPassword"),
    sts(6, "2026-11-24T09:12:50", "UserLoggedIn", "alice@contoso.com", SALESFORCE_APP,
        "203.0.113.45:443"),
    ual(7, "2026-11-20T14:31:08", "Consent to application.", "admin@contoso.com", 8,
        "AzureActiveDirectory", "Success", ObjectId=COPILOT_SP,
        Actor=[{"ID": "admin@contoso.com", "Type": 5}, {"ID": ADMIN[0], "Type": 2}],
        Target=[{"ID": "ServicePrincipal_" + COPILOT_SP, "Type": 2},
                {"ID": "Microsoft Copilot for Sales", "Type": 1}],
        ModifiedProperties=[
            {"Name": "ConsentContext.IsAdminConsent", "NewValue": "True", "OldValue": ""},
            {"Name": "ConsentAction.Permissions", "NewValue": PERMS, "OldValue": ""},
            {"Name": "TargetId.ServicePrincipalNames",
             "NewValue": json.dumps([COPILOT_APP]), "OldValue": ""}],
        ExtendedProperties=[{"Name": "additionalDetails",
                             "Value": json.dumps({"AppId": COPILOT_APP})},
                            {"Name": "extendedAuditEventCategory", "Value": "ServicePrincipal"}]),
]


def big_entry():
    """Set-OrganizationConfig with a list long enough to pass 32 KB."""
    domains = ";".join(f"partner{i:04d}.example.com" for i in range(1800))
    return exchange(8, "2026-11-19T11:00:00", "Set-OrganizationConfig", [
        ("Identity", "contoso.onmicrosoft.com"), ("OAuth2ClientProfileEnabled", "True"),
        ("AllowedDomains", domains)])


def csv_text(rows, fields):
    """PowerShell Export-Csv style: every cell quoted, CRLF."""
    b = io.StringIO()
    w = csv.DictWriter(b, fieldnames=fields, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return b.getvalue()


def write(name, text, encoding="utf-8"):
    path = OUT / name
    if encoding == "utf-16-le-bom":
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    elif encoding == "utf-8-bom":
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        path.write_bytes(text.encode("utf-8"))
    print(f"{name}: {path.stat().st_size} bytes")


def main():
    # sign-ins
    write("signins-portal.synthetic.json", json.dumps(SIGNINS, indent=2) + "\n")
    p1 = page("auditLogs/signIns", SIGNINS[:4],
              "https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=4&$skiptoken=c2e1f0d9_1")
    p2 = page("auditLogs/signIns", SIGNINS[4:])
    write("signins-graph-pages.synthetic.json",
          json.dumps(p1, indent=4) + "\n" + json.dumps(p2, indent=4) + "\n")
    write("signins-diag-blob.synthetic.json",
          json.dumps({"records": [diag_record(s) for s in SIGNINS]}) + "\n")
    write("signins-diag.synthetic.ndjson",
          "".join(compact(diag_record(s)) + "\n" for s in SIGNINS))
    rows = [la_signin_row(s) for s in SIGNINS]
    write("SigninLogs-loganalytics.synthetic.csv", csv_text(rows, list(rows[0])))
    rows = [portal_signin_row(s) for s in SIGNINS]
    write("InteractiveSignIns-portal.synthetic.csv", csv_text(rows, list(rows[0])), "utf-8-bom")
    # audits
    write("directoryAudits-graph.synthetic.json",
          json.dumps(page("auditLogs/directoryAudits", AUDITS), indent=2) + "\n")
    write("directoryAudits-diag.synthetic.ndjson",
          "".join(compact(audit_diag(a)) + "\n" for a in AUDITS))
    rows, fields = portal_audit_rows(AUDITS)
    write("AuditLogs-portal.synthetic.csv", csv_text(rows, fields), "utf-8-bom")
    rows = [la_audit_row(a) for a in AUDITS]
    write("AuditLogs-loganalytics.synthetic.csv", csv_text(rows, list(rows[0])))
    # configuration
    write("servicePrincipals.synthetic.json",
          json.dumps(page("servicePrincipals", SERVICE_PRINCIPALS), indent=2) + "\n")
    write("servicePrincipal-powershell.synthetic.json", json.dumps(SP_POWERSHELL, indent=4) + "\n")
    write("appRoleAssignedTo.synthetic.json", json.dumps(page(
        "servicePrincipals('" + SF_SP + "')/appRoleAssignedTo", APP_ROLE_ASSIGNED_TO), indent=2) + "\n")
    write("oauth2PermissionGrants.synthetic.json", json.dumps(GRANTS, indent=2) + "\n")
    write("conditionalAccessPolicies.synthetic.json", json.dumps(page(
        "identity/conditionalAccess/policies", CA_POLICIES), indent=2) + "\n")
    write("authorizationPolicy.synthetic.json", json.dumps(AUTHORIZATION_POLICY, indent=2) + "\n")
    write("groupMembers.synthetic.json", json.dumps(GROUP_MEMBERS, indent=2) + "\n")
    # unified audit log: classic export, UTF-8 with BOM; one AuditData cell
    # over 32 KB and one pretty-printed over several lines
    classic = []
    for e in UAL_ENTRIES[:4] + [big_entry()] + UAL_ENTRIES[4:]:
        data = json.dumps(e, indent=2) if e["Operation"] == "Set-App" else compact(e)
        classic.append({"CreationDate": e["CreationTime"] + ".0000000Z", "UserIds": e["UserId"],
                        "Operations": e["Operation"], "AuditData": data})
    write("ual-classic.synthetic.csv",
          csv_text(classic, ["CreationDate", "UserIds", "Operations", "AuditData"]), "utf-8-bom")
    # the newer Purview export, UTF-16LE with BOM and a PowerShell #TYPE line;
    # RecordType written as its name
    names = {1: "ExchangeAdmin", 8: "AzureActiveDirectory", 15: "AzureActiveDirectoryStsLogon"}
    newer = []
    for e in UAL_ENTRIES:
        dt = datetime.strptime(e["CreationTime"], "%Y-%m-%dT%H:%M:%S")
        newer.append({"RecordId": e["Id"], "CreationDate": dt.strftime("%m/%d/%Y %I:%M:%S %p"),
                      "RecordType": names[e["RecordType"]], "Operation": e["Operation"],
                      "UserId": e["UserId"], "AuditData": compact(e),
                      "AssociatedAdminUnits": "", "AssociatedAdminUnitsNames": ""})
    text = "#TYPE Selected.System.Management.Automation.PSCustomObject\r\n" + csv_text(
        newer, list(newer[0]))
    write("ual-purview.synthetic.csv", text, "utf-16-le-bom")
    write("ual-auditdata.synthetic.ndjson", "".join(compact(e) + "\n" for e in UAL_ENTRIES))


if __name__ == "__main__":
    main()
