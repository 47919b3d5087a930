#!/usr/bin/env bash
# make demo: boot the emulated VT-x machine (Bochs, 2 CPUs), load
# partvisor, show what it found on each CPU, run child partitions, unload.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/demo
eval "$("$top/tests/vm/prepare.sh")"
export KDIR INITRD
echo "demo: booting Bochs (corei7_skylake_x, 2 CPUs, 512 MB); this takes a minute or more"
"$top/tests/vm/run.sh" "${BENCH:-bochs}" demo "$out"
sed -n '/^PV-BOOT/,/^PV-DONE/p' "$out/serial.log" | grep -v '^PV-DONE'
"$top/tests/vm/judge.py" "$out/serial.log" demo >/dev/null ||
	{ "$top/tests/vm/judge.py" "$out/serial.log" demo; exit 1; }
echo "demo: done (serial log: $out/serial.log)"
