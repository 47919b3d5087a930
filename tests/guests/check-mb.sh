#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Check partvisor test guest images without running them.
#
#   check-mb.sh [ELF32...] [--elf64 ELF64...] [--flat BIN ELF]...
#
# ELF32 (default mode): ELF32 EXEC for i386, first PT_LOAD at 0x100000, the
#   entry inside a PT_LOAD, a multiboot v1 header (magic 0x1BADB002, flags
#   0x3, checksum making the sum 0 mod 2^32) 4-byte aligned within the
#   file's first 8 KiB, and inside the file image of a PT_LOAD.
# --elf64: ELF64 EXEC for x86-64, first PT_LOAD at 0x100000, entry inside it.
# --flat BIN ELF: BIN is non-empty, and ELF (the image it was made from)
#   has its entry at 0x100000, the first byte of BIN.
# Exits 0 if every check passes, 1 otherwise. Needs readelf and od.
set -u

fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }

hdr() { # file field-name -> value after the colon
	readelf -h "$1" 2>/dev/null | sed -n "s/^ *$2: *//p" | head -n 1
}

# Print "offset vaddr filesz memsz" (decimal) for each PT_LOAD.
loads_sh() {
	readelf -W -l "$1" 2>/dev/null | while read -r type off vaddr _paddr filesz memsz _rest; do
		[ "$type" = LOAD ] || continue
		echo "$((off)) $((vaddr)) $((filesz)) $((memsz))"
	done
}

entry_in_load() { # file entry
	loads_sh "$1" | while read -r off vaddr filesz memsz; do
		if [ "$2" -ge "$vaddr" ] && [ "$2" -lt $((vaddr + memsz)) ]; then
			echo yes
			break
		fi
	done
}

check_common() { # file class machine
	f=$1
	[ -f "$f" ] || { fail "$f: missing"; return 1; }
	class=$(hdr "$f" Class)
	type=$(hdr "$f" Type)
	mach=$(hdr "$f" Machine)
	[ "$class" = "$2" ] || fail "$f: class '$class', want $2"
	case $type in EXEC*) ;; *) fail "$f: type '$type', want EXEC" ;; esac
	[ "$mach" = "$3" ] || fail "$f: machine '$mach', want $3"
	first=$(loads_sh "$f" | head -n 1)
	[ -n "$first" ] || { fail "$f: no PT_LOAD"; return 1; }
	# shellcheck disable=SC2086 # split "offset vaddr filesz memsz"
	set -- $first
	[ "$2" -eq $((0x100000)) ] || fail "$f: first PT_LOAD at $(printf %#x "$2"), want 0x100000"
	entry=$(($(hdr "$f" "Entry point address")))
	[ "$(entry_in_load "$f" "$entry")" = yes ] ||
		fail "$f: entry $(printf %#x "$entry") is not inside a PT_LOAD"
	return 0
}

check_elf32() {
	f=$1
	before=$fails
	check_common "$f" ELF32 "Intel 80386" || return
	# 32-bit little-endian words of the first 8 KiB, one per line, in order.
	words=$(od -A n -t x4 -v -N 8192 "$f" | tr -s ' ' '\n' | sed '/^$/d')
	idx=$(printf '%s\n' "$words" | grep -n -x -m 1 '1badb002' | cut -d: -f1)
	if [ -z "$idx" ]; then
		fail "$f: no multiboot header in the first 8 KiB"
		return
	fi
	off=$(((idx - 1) * 4))
	magic=$((0x$(printf '%s\n' "$words" | sed -n "${idx}p")))
	flags=$((0x$(printf '%s\n' "$words" | sed -n "$((idx + 1))p")))
	sum=$((0x$(printf '%s\n' "$words" | sed -n "$((idx + 2))p")))
	total=$(((magic + flags + sum) & 0xffffffff))
	[ "$total" -eq 0 ] ||
		fail "$f: multiboot checksum $(printf %#x "$sum") wrong (sum $(printf %#x "$total"))"
	[ "$flags" -eq 3 ] || fail "$f: multiboot flags $(printf %#x "$flags"), want 0x3"
	inload=no
	for l in $(loads_sh "$f" | tr ' ' ,); do
		loff=${l%%,*}
		lfilesz=$(echo "$l" | cut -d, -f3)
		if [ "$off" -ge "$loff" ] && [ $((off + 12)) -le $((loff + lfilesz)) ]; then
			inload=yes
		fi
	done
	[ "$inload" = yes ] || fail "$f: multiboot header at file offset $off is not loaded"
	[ "$fails" -eq "$before" ] &&
		ok "$f: ELF32 EXEC i386, PT_LOAD at 0x100000, entry $(printf %#x "$entry"), multiboot header at offset $(printf %#x "$off"), flags $(printf %#x "$flags"), checksum ok"
}

check_elf64() {
	f=$1
	before=$fails
	check_common "$f" ELF64 "Advanced Micro Devices X86-64" || return
	[ "$fails" -eq "$before" ] &&
		ok "$f: ELF64 EXEC x86-64, PT_LOAD at 0x100000, entry $(printf %#x "$entry")"
}

check_flat() {
	bin=$1 elf=$2
	before=$fails
	[ -s "$bin" ] || { fail "$bin: missing or empty"; return; }
	entry=$(($(hdr "$elf" "Entry point address")))
	[ "$entry" -eq $((0x100000)) ] ||
		fail "$bin: entry $(printf %#x "$entry") in $elf, want 0x100000 (first byte)"
	size=$(wc -c < "$bin")
	[ "$fails" -eq "$before" ] && ok "$bin: flat, $size bytes, entry = first byte (0x100000)"
}

[ $# -gt 0 ] || { sed -n '3,15p' "$0"; exit 2; }
mode=elf32
while [ $# -gt 0 ]; do
	case $1 in
	--elf64) mode=elf64 ;;
	--elf32) mode=elf32 ;;
	--flat)
		[ $# -ge 3 ] || { echo "--flat needs BIN ELF"; exit 2; }
		check_flat "$2" "$3"
		shift 2 ;;
	*) check_$mode "$1" ;;
	esac
	shift
done
if [ "$fails" -ne 0 ]; then
	echo "check-mb: $fails check(s) failed"
	exit 1
fi
echo "check-mb: all checks passed"
