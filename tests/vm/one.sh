#!/usr/bin/env bash
# Build, boot and judge one suite, or some of its scenarios: for working on
# a scenario without the whole of make check.
#
#   tests/vm/one.sh EMU SUITE [PREFIX]
#
# e.g. tests/vm/one.sh bochs partitions 97 runs 97-partctl.sh in Bochs.
# Logs go to build/one-SUITE/; exits non-zero if the judge fails anything.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
emu=${1:?usage: one.sh EMU SUITE [PREFIX]} suite=${2:?usage: one.sh EMU SUITE [PREFIX]}
out=$top/build/one-$suite${3:+-$3}
eval "$("$top/tests/vm/prepare.sh")"
export KDIR INITRD
ONLY=${3:-} "$top/tests/vm/run.sh" "$emu" "$suite" "$out"
"$top/tests/vm/judge.py" "$out/serial.log" "$emu-$suite"
