#!/usr/bin/env bash
# Provide virtme-ng (vng) for the KUnit runner. Bookworm has no package;
# trixie's virtme-ng is architecture-independent Python that runs on
# bookworm's python3. It is fetched through a private apt configuration
# (the system's sources are not touched) and unpacked with dpkg -x into the
# cache, with a wrapper that sets its module path. What it needs from
# bookworm (python3-argcomplete, python3-requests, and udev, which vng's
# init runs in the guest to name its virtio ports) is installed with
# apt-get. Prints the path of the vng to run, or fails.
set -euo pipefail
cache=${PARTVISOR_CACHE:-${HOME:-/root}/.cache/partvisor}
dir=$cache/vng

if command -v vng >/dev/null 2>&1; then
	command -v vng
	exit 0
fi

need=()
for p in python3-argcomplete python3-requests udev; do
	[ "$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${need[@]}" >&2
fi

if [ -x "$dir/vng" ]; then
	echo "$dir/vng"
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
	  -o "Dir::State::Lists=$dir/lists" -o Debug::NoLocking=1
	  -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$dir/debs" && apt-get "${apt_opts[@]}" download virtme-ng >&2)
rm -rf "$dir/root"
dpkg -x "$dir"/debs/virtme-ng_*.deb "$dir/root"
[ -x "$dir/root/usr/bin/vng" ] || { echo "get-vng: no vng in the package" >&2; exit 1; }
# Debian's python3 (the one the python3-* packages are for), not whatever
# python3 comes first in PATH.
cat >"$dir/vng" <<WRAP
#!/bin/sh
export PYTHONPATH="$dir/root/usr/lib/python3/dist-packages\${PYTHONPATH:+:\$PYTHONPATH}"
export PATH="$dir/root/usr/bin:\$PATH"
exec /usr/bin/python3 "$dir/root/usr/bin/vng" "\$@"
WRAP
chmod +x "$dir/vng"
echo "$dir/vng"
