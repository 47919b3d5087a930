#!/usr/bin/env bash
# Install the Debian packages the build and the test bench need, if missing.
# Runs apt-get as root, or through sudo.
set -euo pipefail

pkgs=(
	# module, partctl, test kernel
	make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio xz-utils
	pkg-config libnl-3-dev libnl-genl-3-dev linux-source-6.1 linux-libc-dev
	python3
	# test bench: Bochs (VMX), QEMU (TCG), the initramfs and the boot ISO
	bochs bochsbios vgabios qemu-system-x86 busybox-static xorriso isolinux
	syslinux-common
)

missing=()
for p in "${pkgs[@]}"; do
	[ "$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null)" = installed ] ||
		missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
