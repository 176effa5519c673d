#!/usr/bin/env python3
"""mkzip_entries.py ZIP N - a zip of N empty stored entries (e/0000000,
...), written directly (zip64 past 65535 entries) because zipfile takes
half a minute for a million: the entry-budget test of tests/hostile.sh."""
import struct, sys
n = int(sys.argv[2])
local, central = [], []
off = 0
for i in range(n):
    name = b'e/%07d' % i
    lh = struct.pack('<IHHHHHIIIHH', 0x04034b50, 10, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
    central.append(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 10, 0, 0, 0, 0, 0, 0, 0,
                               len(name), 0, 0, 0, 0, 0, off) + name)
    local.append(lh)
    off += len(lh)
cd = b''.join(central)
end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 0xffff if n > 0xffff else n, 0xffff if n > 0xffff else n, len(cd), off, 0)
with open(sys.argv[1], 'wb') as f:
    f.write(b''.join(local)); f.write(cd)
    if n > 0xffff:
        # zip64 end of central directory record and locator
        z64 = struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, n, n, len(cd), off)
        loc = struct.pack('<IIQI', 0x07064b50, 0, off + len(cd), 1)
        f.write(z64); f.write(loc)
    f.write(end)
