#!/usr/bin/env python3
"""Generate large, realistic Microsoft inputs for `make bench`.

Deterministic: a fixed seed, so every run writes byte-identical files.
Standard library only.  Everything is synthetic (contoso.com, documentation
IP ranges, made-up GUIDs).

Writes into OUTDIR:
  signins-graph.json    one Graph page {"@odata.context", "value":[...]} of
                        signIn objects (about --mb MB; ~1.3 KB a sign-in)
  signins-diag.ndjson   the same sign-ins as Azure Monitor diagnostic-settings
                        records, one per line (NDJSON)
  ual.csv               a Purview unified audit log export, classic layout
                        (CreationDate,UserIds,Operations,AuditData), UTF-8
                        with BOM, about --mb / 2 MB

Usage: bench/gen.py [--mb N] [--seed N] OUTDIR
"""

import argparse
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

TENANT = "9c4e2b17-3d5a-4f8e-b6c1-7a20d5e8f341"
APPS = [  # (display name, app id, weight)
    ("Salesforce", "d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42", 20),
    ("Microsoft Copilot for Sales", "a3f6c1e8-5d2b-4f7a-9e04-6b1c8d3f2a95", 10),
    ("Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", 30),
    ("Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4", 25),
    ("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", 15),
]
RESOURCES = [
    ("Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    ("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
    ("Salesforce", "d5b2e8f1-7c4a-4b9e-8d36-0a1f5c7e9b42"),
]
ERRORS = [  # (code, failureReason, weight): mostly successes
    (0, None, 80),
    (50126, "Error validating credentials due to invalid username or password.", 5),
    (53003, "Access has been blocked by Conditional Access policies.", 3),
    (65001, "The user or administrator has not consented to use the application.", 3),
    (50105, "The signed in user is not assigned to a role for the application.", 2),
    (50140, "This error occurred due to 'Keep me signed in' interrupt when the user was "
            "signing-in.", 5),
    (700016, "Application with identifier was not found in the directory.", 2),
]
CITIES = [("Seattle", "Washington", "US"), ("London", "London", "GB"),
          ("Paris", "Ile-de-France", "FR"), ("Austin", "Texas", "US"),
          ("Berlin", "Berlin", "DE"), ("Tokyo", "Tokyo", "JP")]
DEVICES = [("Windows 10", "Edge 131.0.0", "Azure AD joined", True, True),
           ("Windows 11", "Chrome 131.0.0", "Hybrid Azure AD joined", True, True),
           ("MacOs", "Safari 17.6", "Azure AD registered", False, False),
           ("Ios 18.1", "Outlook-iOS 4.2447.0", "", True, True),
           ("Android 14", "Mobile Safari", "", False, False)]
POLICIES = ["Require MFA for Salesforce", "Block unmanaged devices", "Guests: terms of use",
            "Block legacy authentication"]


def weighted(rng, items):
    total = sum(w for *_, w in items)
    x = rng.uniform(0, total)
    for it in items:
        x -= it[-1]
        if x <= 0:
            return it
    return items[-1]


def guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class World:
    """Users and their devices, fixed for a run."""

    def __init__(self, rng, nusers=5000):
        self.users = []
        for i in range(nusers):
            name = f"user{i:05d}"
            self.users.append((f"{name}@contoso.com", f"User {i:05d}", guid(rng),
                               rng.choice(DEVICES), guid(rng), rng.choice(CITIES),
                               f"203.0.113.{rng.randrange(1, 255)}"))


def signin(rng, world, t):
    upn, display, uid, dev, dev_id, city, ip = rng.choice(world.users)
    app, app_id, _ = weighted(rng, APPS)
    resource, resource_id = rng.choice(RESOURCES)
    code, reason, _ = weighted(rng, ERRORS)
    interactive = rng.random() < 0.3
    policies = []
    for p in rng.sample(POLICIES, rng.randrange(0, 4)):
        result = "failure" if code == 53003 and not policies else rng.choice(
            ["success", "notApplied", "notEnabled", "reportOnlySuccess"])
        policies.append({"id": guid(rng), "displayName": p,
                         "enforcedGrantControls": ["Mfa"] if result == "success" else [],
                         "enforcedSessionControls": [], "result": result})
    ca = "failure" if code == 53003 else ("success" if policies else "notApplied")
    return {
        "id": guid(rng),
        "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(10**7):07d}Z",
        "userDisplayName": display,
        "userPrincipalName": upn,
        "userId": uid,
        "appId": app_id,
        "appDisplayName": app,
        "ipAddress": ip,
        "clientAppUsed": rng.choice(["Browser", "Mobile Apps and Desktop clients"]),
        "correlationId": guid(rng),
        "conditionalAccessStatus": ca,
        "isInteractive": interactive,
        "riskDetail": "none",
        "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "none",
        "riskState": "none",
        "riskEventTypes": [],
        "resourceDisplayName": resource,
        "resourceId": resource_id,
        "status": {"errorCode": code, "failureReason": reason,
                   "additionalDetails": None if code else "MFA requirement satisfied by claim"},
        "deviceDetail": {"deviceId": dev_id if dev[3] else "", "displayName": None,
                         "operatingSystem": dev[0], "browser": dev[1], "isCompliant": dev[4],
                         "isManaged": dev[3], "trustType": dev[2]},
        "location": {"city": city[0], "state": city[1], "countryOrRegion": city[2],
                     "geoCoordinates": {"altitude": None, "latitude": 47.6062,
                                        "longitude": -122.3321}},
        "appliedConditionalAccessPolicies": policies,
    }


def diag(si):
    return {
        "time": si["createdDateTime"], "resourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "operationName": "Sign-in activity", "operationVersion": "1.0",
        "category": "SignInLogs" if si["isInteractive"] else "NonInteractiveUserSignInLogs",
        "tenantId": TENANT, "resultType": str(si["status"]["errorCode"]),
        "resultSignature": "None", "resultDescription": si["status"]["failureReason"] or "",
        "durationMs": 0, "callerIpAddress": si["ipAddress"],
        "correlationId": si["correlationId"], "identity": si["userDisplayName"], "Level": "4",
        "location": si["location"]["countryOrRegion"], "properties": si,
    }


def ual_entry(rng, world, t):
    upn, _, uid, _, _, _, ip = rng.choice(world.users)
    base = {"CreationTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "Id": guid(rng),
            "OrganizationId": TENANT, "UserKey": f"10032000{rng.getrandbits(32):08X}",
            "Version": 1, "UserId": upn}
    if rng.random() < 0.85:
        code, reason, _ = weighted(rng, ERRORS)
        app = weighted(rng, APPS)
        base.update(Operation="UserLoginFailed" if code else "UserLoggedIn", RecordType=15,
                    Workload="AzureActiveDirectory", UserType=0,
                    ResultStatus="Failed" if code else "Succeeded", ClientIP=ip,
                    ActorIpAddress=ip, ApplicationId=app[1], ObjectId=app[1],
                    AzureActiveDirectoryEventType=1,
                    Actor=[{"ID": uid, "Type": 0}, {"ID": upn, "Type": 5}],
                    Target=[{"ID": app[1], "Type": 0}], ModifiedProperties=[],
                    ExtendedProperties=[
                        {"Name": "UserAgent", "Value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},
                        {"Name": "RequestType", "Value": "OAuth2:Authorize"},
                        {"Name": "ResultStatusDetail", "Value": "Success"}])
        if code:
            base.update(ErrorNumber=str(code), LogonError="InvalidUserNameOrPassword")
    else:
        op = rng.choice(["New-App", "Set-App", "Remove-App", "Set-OrganizationAddIn",
                         "Set-OwaMailboxPolicy", "Set-CASMailbox"])
        base.update(Operation=op, RecordType=1, Workload="Exchange", UserType=2,
                    ResultStatus="True", ClientIP=f"[2001:db8::{rng.randrange(1, 999)}]:51532",
                    ObjectId=guid(rng), ExternalAccess=False,
                    OrganizationName="contoso.onmicrosoft.com",
                    OriginatingServer="AM0PR01MB1234 (15.20.8182.12)",
                    Parameters=[{"Name": "Identity", "Value": guid(rng)},
                                {"Name": "Enabled", "Value": rng.choice(["True", "False"])},
                                {"Name": "ProvidedTo", "Value": "Everyone"}])
    return base


def csv_cell(s):
    return '"' + s.replace('"', '""') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200, help="size of the Graph file in MB")
    ap.add_argument("--seed", type=int, default=4711)
    ap.add_argument("--people", type=int, default=5000,
                    help="how many people sign in (fewer: more of each one's records)")
    ap.add_argument("outdir")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    world = World(rng, a.people)
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    target = a.mb * 1_000_000
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

    graph = open(os.path.join(a.outdir, "signins-graph.json"), "w", encoding="utf-8")
    nd = open(os.path.join(a.outdir, "signins-diag.ndjson"), "w", encoding="utf-8")
    graph.write('{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",'
                '"value":[\n')
    size, n, t = 0, 0, start
    while size < target:
        t += timedelta(milliseconds=rng.randrange(1, 20000))
        si = signin(rng, world, t)
        text = dumps(si)
        if n:
            graph.write(",\n")
        graph.write(text)
        nd.write(dumps(diag(si)))
        nd.write("\n")
        size += len(text) + 2
        n += 1
    graph.write("\n]}\n")
    graph.close()
    nd.close()

    with open(os.path.join(a.outdir, "ual.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write('"CreationDate","UserIds","Operations","AuditData"\r\n')
        size, m, t = 0, 0, start
        while size < target // 2:
            t += timedelta(milliseconds=rng.randrange(1, 30000))
            e = ual_entry(rng, world, t)
            row = ",".join([csv_cell(e["CreationTime"] + ".0000000Z"), csv_cell(e["UserId"]),
                            csv_cell(e["Operation"]), csv_cell(dumps(e))]) + "\r\n"
            f.write(row)
            size += len(row)
            m += 1
    print(f"{n} sign-ins, {m} audit entries in {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
