#!/usr/bin/env python3
"""Build triage's derived test fixtures from testdata/samples/.

All data is synthetic (see testdata/SOURCES.md).  Standard library only.
The output is deterministic: every archive member gets the same fixed
timestamp (2026-11-24 00:00:00 UTC), owner 0/0 and mode 0644, so a rerun
gives byte-identical files (bundle.7z depends on the installed 7z; when 7z
is missing the committed bundle.7z is kept).

Writes:
  testdata/encoding/  one small CSV in UTF-8, UTF-8+BOM, UTF-16LE, UTF-16BE,
                      plus invalid UTF-8 and the expected decodings
  testdata/walker/    archives for the bundle walker (nesting, formats,
                      truncation, corruption, hostile names, bombs, limits)
  testdata/demo/      ticket-4711.zip, the Quick start demo bundle

Usage: python3 tests/mkfixtures.py
"""

import bz2
import calendar
import csv
import gzip
import hashlib
import io
import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "testdata"
SAMPLES = ROOT / "samples"
ENCODING = ROOT / "encoding"
WALKER = ROOT / "walker"
DEMO = ROOT / "demo"

FIXED_TUPLE = (2026, 11, 24, 0, 0, 0)
FIXED_EPOCH = calendar.timegm(FIXED_TUPLE + (0, 0, 0))

written = []  # (path, note) for the summary


def sample(name):
    return (SAMPLES / name).read_bytes()


def put(path, data, note):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    written.append((path, note))


# --------------------------------------------------------------------------
# archive writers


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED):
    """entries: list of (name, bytes). Names are stored exactly as given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=FIXED_TUPLE)
            zi.create_system = 3  # Unix
            zi.external_attr = 0o100644 << 16
            zi.compress_type = method
            zf.writestr(zi, data, compress_type=method, compresslevel=9)
    return buf.getvalue()


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = FIXED_EPOCH
            ti.mode = 0o644
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def gzip_bytes(data, fname=""):
    buf = io.BytesIO()
    with gzip.GzipFile(filename=fname, mode="wb", fileobj=buf,
                       compresslevel=9, mtime=FIXED_EPOCH) as gz:
        gz.write(data)
    return buf.getvalue()


def cpio_newc_bytes(entries):
    """SVR4 'newc' cpio (magic 070701), files only, GNU-style 512-byte padding."""
    out = bytearray()

    def pad4():
        while len(out) % 4:
            out.append(0)

    def member(ino, mode, name, data, nlink=1, mtime=FIXED_EPOCH):
        bname = name.encode() + b"\0"
        fields = (ino, mode, 0, 0, nlink, mtime, len(data), 0, 0, 0, 0, len(bname), 0)
        out.extend(b"070701" + b"".join(b"%08X" % f for f in fields))
        out.extend(bname)
        pad4()
        out.extend(data)
        pad4()

    for ino, (name, data) in enumerate(entries, start=1):
        member(ino, 0o100644, name, data)
    member(0, 0, "TRAILER!!!", b"", mtime=0)
    while len(out) % 512:
        out.append(0)
    return bytes(out)


def sevenzip_bytes(entries):
    """Run 7z on a temp tree with fixed mtimes; None when 7z is not installed."""
    exe = shutil.which("7z") or shutil.which("7za")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in entries:
            p = Path(tmp, name)
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
            os.chmod(p, 0o644)
            os.utime(p, (FIXED_EPOCH, FIXED_EPOCH))
        subprocess.run([exe, "a", "-t7z", "-m0=lzma2", "-mx=9", "-mmt=1",
                        "-mtm=on", "-mtc=off", "-mta=off", "-bd", "-bso0", "-bsp0",
                        "out.7z"] + [n for n, _ in entries],
                       cwd=tmp, check=True)
        return Path(tmp, "out.7z").read_bytes()


# --------------------------------------------------------------------------
# testdata/encoding


def build_encoding():
    text = ("Name,Username,Status\n"
            "Zoë Müller,zoe.muller@contoso.com,Success\n"
            "\"Wong, Alice\",alice@contoso.com,Failed: Not approved for access\n"
            "Bob Lee,bob@contoso.com,Invalid Password\n")
    crlf = text.replace("\n", "\r\n")
    put(ENCODING / "login-utf8.csv", text.encode("utf-8"), "UTF-8, no BOM, LF")
    put(ENCODING / "login-utf8bom.csv", b"\xef\xbb\xbf" + crlf.encode("utf-8"), "UTF-8 + BOM EF BB BF, CRLF")
    put(ENCODING / "login-utf16le.csv", b"\xff\xfe" + crlf.encode("utf-16-le"), "UTF-16LE + BOM FF FE, CRLF")
    put(ENCODING / "login-utf16be.csv", b"\xfe\xff" + crlf.encode("utf-16-be"), "UTF-16BE + BOM FE FF, CRLF")
    put(ENCODING / "login-utf8.expected.txt", text.encode("utf-8"), "what every login-*.csv decodes to (LF)")
    bad = b"ab\xffcd\xc3(\n"
    put(ENCODING / "invalid-utf8.txt", bad, "invalid UTF-8: FF and a truncated C3")
    exp = bad.decode("utf-8", errors="replace").encode("utf-8")
    assert exp == b"ab\xef\xbf\xbdcd\xef\xbf\xbd(\n", exp
    put(ENCODING / "invalid-utf8.expected.txt", exp, "each invalid byte -> U+FFFD")


# --------------------------------------------------------------------------
# testdata/walker


def build_walker():
    signins = sample("entra-signins-graph.synthetic.json")
    client = sample("addin-client.synthetic.log")
    loginh = sample("sf-loginhistory.synthetic.csv")
    audit = sample("entra-audit-graph.synthetic.json")

    # nested3.zip: outer > level1.zip > level2.zip > signins.json
    level2 = zip_bytes([("signins.json", signins)])
    level1 = zip_bytes([("level2.zip", level2)])
    readme = (b"Synthetic test archive for triage: three levels of zip.\n"
              b"nested3.zip > level1.zip > level2.zip > signins.json\n")
    put(WALKER / "nested3.zip", zip_bytes([("README.txt", readme), ("level1.zip", level1)]),
        "README.txt + level1.zip > level2.zip > signins.json")

    bundle = [("exports/signins.json", signins),
              ("logs/addin-client.log", client),
              ("sf/loginhistory.csv", loginh)]
    tar = tar_bytes(bundle)
    put(WALKER / "bundle.tar.gz", gzip_bytes(tar), "ustar, gzip")
    put(WALKER / "bundle.tar.bz2", bz2.compress(tar, 9), "ustar, bzip2")
    put(WALKER / "bundle.tar.xz", lzma.compress(tar, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64),
        "ustar, xz")
    put(WALKER / "bundle.cpio", cpio_newc_bytes(bundle), "cpio newc (070701)")
    sz = sevenzip_bytes(bundle)
    if sz is not None:
        put(WALKER / "bundle.7z", sz, "7z LZMA2")
    elif (WALKER / "bundle.7z").exists():
        written.append((WALKER / "bundle.7z", "7z not installed: kept committed file"))
    else:
        print("warning: 7z not installed and no committed bundle.7z", file=sys.stderr)

    put(WALKER / "addin-client.log.gz", gzip_bytes(client, "addin-client.log"), "gzip, FNAME set")
    put(WALKER / "loginhistory.csv.bz2", bz2.compress(loginh, 9), "bzip2")
    put(WALKER / "signins.json.xz", lzma.compress(signins, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64),
        "xz")

    # truncated.zip: a valid 3-entry zip cut to 60 % of its length
    # (order chosen so the cut falls inside the deflate data of the last entry)
    whole = zip_bytes([("loginhistory.csv", loginh), ("addin-client.log", client),
                       ("signins.json", signins)])
    cut = len(whole) * 60 // 100
    put(WALKER / "truncated.zip", whole[:cut], "3-entry zip cut at 60%% (%d of %d bytes)" % (cut, len(whole)))

    # corrupt-entry.zip: b.csv's deflate data damaged in the middle
    good = zip_bytes([("a.json", audit), ("b.csv", loginh), ("c.log", client)])
    buf = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        zi = zf.getinfo("b.csv")
    lh = zi.header_offset
    nlen = int.from_bytes(buf[lh + 26:lh + 28], "little")
    xlen = int.from_bytes(buf[lh + 28:lh + 30], "little")
    start = lh + 30 + nlen + xlen
    mid = start + zi.compress_size // 2
    for i in range(mid - 8, mid + 8):
        buf[i] ^= 0xA5
    corrupt = bytes(buf)
    with zipfile.ZipFile(io.BytesIO(corrupt)) as zf:
        assert zf.read("a.json") == audit and zf.read("c.log") == client
        try:
            zf.read("b.csv")
        except Exception:
            pass
        else:
            raise SystemExit("corrupt-entry.zip: b.csv still reads fine")
    put(WALKER / "corrupt-entry.zip", corrupt,
        "b.csv data bytes %d..%d XOR 0xA5; a.json, c.log intact" % (mid - 8 - start, mid + 8 - start))

    # evil-names.zip: path traversal and absolute names
    evil_csv = b"Username,Status\nroot@contoso.com,Success\n"
    put(WALKER / "evil-names.zip",
        zip_bytes([("../../etc/passwd", evil_csv), ("/abs/x.json", signins),
                   ("ok.log", b"2026-11-24T09:14:03.120Z INFO  ok\n")]),
        "../../etc/passwd, /abs/x.json, ok.log")

    # bomb.zip: header + 24 MiB of one 32-byte row
    header = b"Username,Browser,Status\n"
    row = b"bob@contoso.com,Browser,Success\n"
    assert len(row) == 32
    huge = header + row * (24 * 1024 * 1024 // len(row))
    bomb = zip_bytes([("huge.csv", huge)])
    assert len(bomb) < 100 * 1024, len(bomb)
    put(WALKER / "bomb.zip", bomb, "huge.csv %d bytes, ratio %d:1" % (len(huge), len(huge) // len(bomb)))

    # many.zip: 40 one-line logs
    many = [("f%02d.log" % i,
             b"2026-11-24T09:14:%02d.000Z INFO  [many] entry %02d\n" % (i, i)) for i in range(40)]
    put(WALKER / "many.zip", zip_bytes(many), "f00.log..f39.log, one line each")

    # depth.zip: 5 zip levels: depth.zip > d4.zip > d3.zip > d2.zip > d1.zip > deep.log
    inner = zip_bytes([("deep.log", b"2026-11-24T09:14:03.120Z INFO  [depth] reached level 5\n")])
    for n in (2, 3, 4):
        inner = zip_bytes([("d%d.zip" % (n - 1), inner)])
    put(WALKER / "depth.zip", zip_bytes([("d4.zip", inner)]),
        "depth.zip > d4.zip > d3.zip > d2.zip > d1.zip > deep.log")


# --------------------------------------------------------------------------
# testdata/demo/ticket-4711.zip


def keep_rows(csv_bytes, column, drop_value):
    """Rewrite a quoted CRLF CSV export without the rows whose `column` is
    drop_value (same dialect as the samples, so kept rows are unchanged)."""
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline="")))
    col = rows[0].index(column)
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerows([rows[0]] + [r for r in rows[1:] if r[col] != drop_value])
    return out.getvalue().encode("utf-8")


def build_demo():
    readme = (
        "Ticket 4711 - \"Access denied for this user\" in Copilot for Sales (Outlook)\r\n"
        "Reported by: alice@contoso.com (Alice Wong, Inside Sales), 24 Nov 2026 09:20 GMT\r\n"
        "\r\n"
        "Since this morning the Copilot for Sales pane in Outlook (desktop, Windows 11)\r\n"
        "shows \"Access denied for this user\" when I open an email from a customer.\r\n"
        "Sign in to Salesforce does not help, I get the same message. Salesforce in the\r\n"
        "browser works fine. My colleague in the Sales Manager team does not have this.\r\n"
        "\r\n"
        "Helpdesk note: Salesforce user alice@contoso.com, profile \"Sales User\",\r\n"
        "licence Salesforce, active. Collected by the helpdesk:\r\n"
        "  outlook/addin-runtime.log  Office runtime logging (Alice's PC)\r\n"
        "  outlook/addin-client.log   Copilot for Sales client log (Alice's PC)\r\n"
        "  entra/signins.json         Entra sign-ins for alice@contoso.com (Graph)\r\n"
        "  entra/audit.json           Entra directory audit, last 7 days (Graph)\r\n"
        "  m365/audit.csv             Purview audit log search export\r\n"
        "  salesforce/metadata.zip    Metadata API retrieve (connected app, profile)\r\n"
        "  salesforce/LoginHistory.csv  Setup > Login History download\r\n"
        "\r\n"
        "All content is synthetic test data for the triage project.\r\n").encode("utf-8")

    graph = json.loads(sample("entra-signins-graph.synthetic.json"))
    graph["value"] = [s for s in graph["value"] if s["userPrincipalName"] == "alice@contoso.com"]
    signins = (json.dumps(graph, indent=4, ensure_ascii=False) + "\n").encode("utf-8")

    ca = sample("sf-connectedapp.synthetic.connectedApp-meta.xml").decode("utf-8")
    ca = "".join(l for l in ca.splitlines(True) if "<plugin" not in l)  # drop plugin + pluginExecutionUser
    pkg = sample("sf-package.synthetic.xml").decode("utf-8")
    pkg = pkg.replace("    <types>\n        <members>Copilot_for_Sales_Users</members>\n"
                      "        <name>PermissionSet</name>\n    </types>\n", "")
    pkg = pkg.replace("        <members>Admin</members>\n", "")
    assert "PermissionSet" not in pkg and "Admin" not in pkg
    metadata = zip_bytes([
        ("unpackaged/package.xml", pkg.encode("utf-8")),
        ("unpackaged/connectedApps/Copilot_for_Sales.connectedApp", ca.encode("utf-8")),
        ("unpackaged/profiles/Sales User.profile", sample("sf-profile.synthetic.profile-meta.xml")),
    ])

    entries = [
        ("README.txt", readme),
        ("outlook/addin-runtime.log", sample("addin-runtime.synthetic.log")),
        ("outlook/addin-client.log", sample("addin-client.synthetic.log")),
        ("entra/signins.json", signins),
        ("entra/audit.json", sample("entra-audit-graph.synthetic.json")),
        ("m365/audit.csv", keep_rows(sample("purview-ual.synthetic.csv"), "UserIds", "bob@contoso.com")),
        ("salesforce/metadata.zip", metadata),
        ("salesforce/LoginHistory.csv", keep_rows(sample("sf-loginhistory.synthetic.csv"), "Username", "bob@contoso.com")),
    ]
    put(DEMO / "ticket-4711.zip", zip_bytes(entries), "demo bundle, 8 entries (metadata.zip nested)")


# --------------------------------------------------------------------------


# testdata/salesforce/retrieve.zip: the mdapi tree as a Metadata API
# retrieve returns it (a zip whose entries start with unpackaged/)
def build_retrieve():
    base = ROOT / "salesforce" / "metadata"
    entries = []
    for path in sorted((base / "unpackaged").rglob("*")):
        if path.is_file():
            entries.append((str(path.relative_to(base)), path.read_bytes()))
    put(ROOT / "salesforce" / "retrieve.zip", zip_bytes(entries),
        "Metadata API retrieve zip of testdata/salesforce/metadata/unpackaged")


def main():
    if not SAMPLES.is_dir():
        raise SystemExit("missing %s" % SAMPLES)
    build_encoding()
    build_walker()
    build_demo()
    build_retrieve()
    total = 0
    for path, note in written:
        data = path.read_bytes()
        total += len(data)
        print("%-40s %8d  %s  %s" % (path.relative_to(ROOT), len(data),
                                     hashlib.sha256(data).hexdigest()[:12], note))
    print("%d files, %d bytes" % (len(written), total))


if __name__ == "__main__":
    main()
