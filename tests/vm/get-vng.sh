#!/usr/bin/env bash
# Provide virtme-ng (vng) for the KUnit runner. Bookworm has no package;
# trixie's virtme-ng is architecture-independent Python that runs on
# bookworm's python3. It is fetched through a private apt configuration
# (the system's sources are not touched) and unpacked with dpkg -x into the
# cache. Prints the path of the vng executable, or fails.
set -euo pipefail
cache=${PARTVISOR_CACHE:-${HOME:-/root}/.cache/partvisor}
dir=$cache/vng

if command -v vng >/dev/null 2>&1; then
	command -v vng
	exit 0
fi
if [ -x "$dir/root/usr/bin/vng" ]; then
	echo "$dir/root/usr/bin/vng"
	exit 0
fi

mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/debs"
cat >"$dir/sources/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$dir/sources"
	  -o "Dir::State::Lists=$dir/lists" -o Debug::NoLocking=1)
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$dir/debs" && apt-get "${apt_opts[@]}" download virtme-ng >&2)
rm -rf "$dir/root"
dpkg -x "$dir"/debs/virtme-ng_*.deb "$dir/root"
[ -x "$dir/root/usr/bin/vng" ] || { echo "get-vng: no vng in the package" >&2; exit 1; }
echo "$dir/root/usr/bin/vng"
