#!/usr/bin/env bash
# Boot the test kernel with the test initramfs and run one scenario suite.
#
#   run.sh EMU SUITE OUTDIR
#
#   EMU    bochs  Bochs with a VMX CPU model (corei7_skylake_x), the bench
#                 for everything that executes VMX code
#          qemu   QEMU TCG, no VMX: KUnit and the non-VMX paths
#          kvm    QEMU/KVM with nested VMX, on a developer box whose
#                 /dev/kvm runs guests
#   SUITE  a folder of tests/scenarios/
#   OUTDIR gets serial.log (and bochs.log, the ISO) for later reading
#
# Environment: KDIR (test kernel tree), INITRD, CPUS (2), MEM_MB (512),
# APPEND (more kernel parameters),
# ONLY (run only the scenarios whose names start with it, e.g. ONLY=97),
# TIMEOUT (seconds; default 3600 for Bochs, about 8 times a quiet
# machine's suite, 300 for QEMU).
# The run ends when the guest powers off, prints PV-DONE, panics, or the
# time limit passes; tests/vm/judge.py then reads serial.log.
set -euo pipefail

emu=$1 suite=$2 out=$3
: "${KDIR:?KDIR must name the test kernel tree}"
: "${INITRD:?INITRD must name the test initramfs}"
cpus=${CPUS:-2}
mem=${MEM_MB:-512}
append="console=ttyS0,115200 loglevel=7 panic=-1 pv.suite=$suite${ONLY:+ pv.only=$ONLY}${APPEND:+ $APPEND}"
# A suite may add kernel parameters of its own (tests/scenarios/SUITE/cmdline).
cmdline_file=$(dirname "$0")/../scenarios/$suite/cmdline
if [ -f "$cmdline_file" ]; then
	append="$append $(grep -v '^#' "$cmdline_file" | tr '\n' ' ')"
fi

rm -rf "$out"
mkdir -p "$out"
serial=$out/serial.log
: >"$serial"

case "$emu" in
bochs)
	timeout=${TIMEOUT:-3600}
	# Bochs 2.7's CPUID leaf 0xD for corei7_skylake_x gives AVX-512 state
	# offsets that disagree with the total size it reports (2432 vs 2688
	# bytes), and Linux WARNs at boot. Hide AVX-512 (X86_FEATURE_AVX512F,
	# 9*32+16 = 304) from the guest kernel so XCR0 leaves those states out.
	# Bochs 2.7's XSAVES (and XSAVEC) also write the compacted format's
	# AVX state at offset 416, not 576: over the XSAVE header, whose
	# reserved qword at 528 then holds YMM7's upper half, and the next
	# XRSTORS of that task faults ("Bad FPU state detected", Bochs logs
	# "XRSTORS: Reserved header3 state is not '0"). It takes a task
	# preempted with live AVX state: busy Linux children made it happen
	# in the root. Hide XSAVEC and XSAVES (X86_FEATURE_XSAVEC 10*32+1 =
	# 321, X86_FEATURE_XSAVES 323; Linux 6.1 takes either for its compacted
	# buffers) so it keeps FPU state in the standard format, which Bochs
	# gets right.
	append="$append clearcpuid=304,321,323"
	iso=$out/iso
	mkdir -p "$iso/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/isolinux/"
	cp "$KDIR/arch/x86/boot/bzImage" "$iso/bzImage"
	cp "$INITRD" "$iso/initrd.gz"
	cat >"$iso/isolinux/isolinux.cfg" <<-CFG
	default pv
	prompt 0
	timeout 0
	label pv
	  kernel /bzImage
	  append initrd=/initrd.gz $append
	CFG
	xorriso -as mkisofs -quiet -o "$out/boot.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$iso" >"$out/xorriso.log" 2>&1
	cat >"$out/bochsrc" <<-RC
	megs: $mem
	cpu: model=corei7_skylake_x, count=$cpus, ips=50000000, reset_on_triple_fault=0
	romimage: file=/usr/share/bochs/BIOS-bochs-latest
	vgaromimage: file=/usr/share/vgabios/vgabios.bin
	ata0-master: type=cdrom, path="$out/boot.iso", status=inserted
	boot: cdrom
	com1: enabled=1, mode=file, dev="$serial"
	display_library: rfb, options="timeout=0"
	sound: driver=dummy
	clock: sync=none, time0=local
	log: $out/bochs.log
	error: action=report
	panic: action=fatal
	RC
	# The debugger is compiled into Debian's Bochs: 'c' starts the machine.
	bochs -q -f "$out/bochsrc" < <(echo c) >"$out/bochs.out" 2>&1 &
	;;
qemu | kvm)
	timeout=${TIMEOUT:-300}
	if [ "$emu" = kvm ]; then
		accel=(-accel kvm -cpu host,+vmx)
	else
		accel=(-accel tcg -cpu qemu64)
	fi
	qemu-system-x86_64 "${accel[@]}" -m "$mem" -smp "$cpus" -no-reboot \
		-kernel "$KDIR/arch/x86/boot/bzImage" -initrd "$INITRD" -append "$append" \
		-display none -monitor none -serial "file:$serial" \
		>"$out/qemu.out" 2>&1 &
	;;
*)
	echo "run.sh: unknown emulator '$emu' (bochs, qemu or kvm)" >&2
	exit 2
	;;
esac
pid=$!

start=$(date +%s)
why=
while kill -0 "$pid" 2>/dev/null; do
	now=$(date +%s)
	if grep -q '^PV-DONE' "$serial"; then
		# Give the guest a moment to power off by itself.
		[ -z "$why" ] && why=done && done_at=$now
		[ $((now - done_at)) -lt 10 ] || break
	elif grep -q 'Kernel panic - not syncing' "$serial"; then
		why=panic
		sleep 2
		break
	elif [ $((now - start)) -ge "$timeout" ]; then
		why=timeout
		echo "PV-RUNNER: time limit of ${timeout}s reached" >>"$serial"
		break
	fi
	sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
	pkill -P "$pid" 2>/dev/null || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
fi
elapsed=$(( $(date +%s) - start ))
echo "run.sh: $emu/$suite: ${elapsed}s (${why:-guest powered off})" >&2
echo "$elapsed" >"$out/elapsed"
