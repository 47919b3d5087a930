#!/usr/bin/env python3
"""Turn a test guest's serial log into results.

    judge.py SERIAL_LOG LABEL
    judge.py --scan LOG LABEL   (a log without scenario markers, e.g. vng's:
                                 one result, "LABEL/kernel-log")

Prints one line per scenario, "PASS LABEL/name" or "FAIL LABEL/name: why",
and on any failure the last 50 serial lines. A scenario fails if the guest
said so, if the kernel printed a WARN, BUG, Oops or panic while it ran, or if
it never finished (hang or time limit). Exit status: 0 if all passed.
"""
import re
import sys

KERNEL_TROUBLE = re.compile(
    r"(Kernel panic - not syncing|BUG: |Oops: |WARNING: CPU: |"
    r"general protection fault|UBSAN: |KASAN: |"
    r"unreferenced object|INFO: task .* blocked|watchdog: BUG)")
START = re.compile(r"^PV-START: (\S+)")
RESULT = re.compile(r"^PV-RESULT: (PASS|FAIL) ([^:\s]+)(?:: (.*))?")


def judge(lines, label):
    results = []          # [name, ok, why]
    current = None        # scenario running now, or None
    trouble = {}          # name -> first kernel trouble line
    booted = done = False

    for raw in lines:
        line = re.sub(r"^\[\s*\d+\.\d+\]\s*", "", raw.rstrip("\r\n"))
        bare = raw.rstrip("\r\n")
        if line.startswith("PV-BOOT:"):
            booted = True
        m = START.match(bare)
        if m:
            current = m.group(1)
            continue
        m = RESULT.match(bare)
        if m:
            results.append([m.group(2), m.group(1) == "PASS", m.group(3) or ""])
            current = None
            continue
        if bare.startswith("PV-DONE"):
            done = True
        if KERNEL_TROUBLE.search(line):
            trouble.setdefault(current or "(boot)", line.strip())

    out = []
    for name, ok, why in results:
        if name in trouble:
            ok, why = False, "kernel: " + trouble.pop(name)
        out.append((name, ok, why))
    if current is not None:
        why = trouble.pop(current, None)
        out.append((current, False,
                    "kernel: " + why if why else "never finished (hang or time limit)"))
    for name, why in trouble.items():
        out.append((name, False, "kernel: " + why))
    if not booted:
        out.append(("boot", False, "the guest never reached /init"))
    elif not done and current is None:
        out.append(("shutdown", False, "the guest stopped before PV-DONE"))
    return [(f"{label}/{n}", ok, why) for n, ok, why in out]


def scan(lines, label):
    for raw in lines:
        if KERNEL_TROUBLE.search(raw):
            return [(f"{label}/kernel-log", False, "kernel: " + raw.strip())]
    return [(f"{label}/kernel-log", True, "")]


def main():
    args = sys.argv[1:]
    scan_only = args[:1] == ["--scan"]
    if scan_only:
        args = args[1:]
    path, label = args
    with open(path, errors="replace") as f:
        lines = f.readlines()
    results = scan(lines, label) if scan_only else judge(lines, label)
    failed = False
    for name, ok, why in results:
        if ok:
            print(f"PASS {name}")
        else:
            failed = True
            print(f"FAIL {name}: {why}")
    if failed:
        print(f"---- last 50 lines of {path} ----")
        # Prefixed, so no guest line is ever taken for a result line.
        sys.stdout.writelines("| " + line for line in lines[-50:])
        print("---- end ----")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
