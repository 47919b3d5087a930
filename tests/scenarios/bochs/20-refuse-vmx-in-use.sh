# While kvm_intel holds VMX (it turns VMX on while a VM exists), partvisor
# refuses to load with EBUSY and a message naming the cause and the cure;
# once the VM is gone it loads.
pv_expect_rc 0 insmod /lib/modules/irqbypass.ko
pv_expect_rc 0 insmod /lib/modules/kvm.ko
pv_expect_rc 0 insmod /lib/modules/kvm-intel.ko

mkfifo /tmp/kvm-release
kvm-hold /tmp/kvm-ready </tmp/kvm-release &
pid=$!
exec 3>/tmp/kvm-release
pv_wait_file /tmp/kvm-ready "$pid"

# busybox insmod exits with the errno: 16 is EBUSY.
pv_expect_rc 16 insmod /lib/modules/partvisor.ko
grep -q "Device or resource busy" /tmp/pv-stderr || pv_fail "insmod did not report EBUSY"
pv_dmesg_has "VMX is already in use by another hypervisor (CR4.VMXE is set)"
pv_dmesg_has "close every KVM virtual machine"
[ ! -e /sys/kernel/debug/partvisor ] || pv_fail "a refused load left debugfs behind"

exec 3>&-
wait "$pid" || pv_fail "kvm-hold failed"
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 rmmod partvisor
pv_expect_rc 0 rmmod kvm_intel
pv_expect_rc 0 rmmod kvm
pv_expect_rc 0 rmmod irqbypass
