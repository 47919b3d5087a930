#!/usr/bin/env bash
# Provision the partvisor test kernel: Debian's linux-source-6.1, tinyconfig
# plus tests/vm/kernel.config (plus kernel-debug.config for PROFILE=debug).
# The built tree is cached outside the clone, keyed by the hash of the
# fragment(s) and the source package version, so a fresh clone reuses it.
#
#   build-kernel.sh            build if needed, print the tree's path
#   build-kernel.sh --dir      print the path the tree has (or will have)
#
# Environment: PROFILE=default|debug, PARTVISOR_CACHE (default
# ~/.cache/partvisor), JOBS (default nproc).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
profile=${PROFILE:-default}
cache=${PARTVISOR_CACHE:-${HOME:-/root}/.cache/partvisor}
tarball=/usr/src/linux-source-6.1.tar.xz

case "$profile" in
default) frags=("$here/kernel.config") ;;
debug) frags=("$here/kernel.config" "$here/kernel-debug.config") ;;
*) echo "build-kernel: unknown PROFILE '$profile' (default or debug)" >&2; exit 2 ;;
esac

srcver=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null || true)
if [ -z "$srcver" ] || [ ! -f "$tarball" ]; then
	echo "build-kernel: Debian's linux-source-6.1 is not installed (run tests/vm/deps.sh)" >&2
	exit 1
fi
key=$( { echo "linux-source-6.1 $srcver $profile"; cat "${frags[@]}"; } | sha256sum | cut -c1-16)
tree="$cache/linux-6.1-$profile-$key"

if [ "${1:-}" = "--dir" ]; then
	echo "$tree"
	exit 0
fi

if [ -f "$tree/.partvisor-built" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock-$key"
flock 9
if [ -f "$tree/.partvisor-built" ]; then
	echo "$tree"
	exit 0
fi

log="$cache/build-$key.log"
echo "build-kernel: building the $profile test kernel in $tree (log: $log)" >&2
start=$(date +%s)
rm -rf "$tree" "$tree.tmp"
# A failed or interrupted build leaves nothing that looks usable.
trap 'rm -rf "$tree.tmp"' EXIT
mkdir -p "$tree.tmp"
tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
(
	cd "$tree.tmp"
	make tinyconfig
	./scripts/kconfig/merge_config.sh -m .config "${frags[@]}"
	make olddefconfig
) >"$log" 2>&1

# Kconfig drops options whose dependencies are missing without a word:
# insist that every line of the fragment(s) made it into .config.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	if ! grep -qx -- "$line" "$tree.tmp/.config"; then
		echo "build-kernel: '$line' did not survive olddefconfig" >&2
		missing=1
	fi
done < <(cat "${frags[@]}")
if [ "$missing" -ne 0 ]; then
	echo "build-kernel: fix the config fragment; see $log" >&2
	exit 1
fi

if ! make -C "$tree.tmp" -j"${JOBS:-$(nproc)}" bzImage modules >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-kernel: kernel build failed; full log in $log" >&2
	exit 1
fi
mv "$tree.tmp" "$tree"
trap - EXIT
touch "$tree/.partvisor-built"
echo "build-kernel: built in $(( $(date +%s) - start )) s" >&2
echo "$tree"
