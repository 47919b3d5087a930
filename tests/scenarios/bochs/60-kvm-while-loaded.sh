# While partvisor owns VMX, KVM fails cleanly. kvm_intel loaded before
# partvisor cannot create a VM: the root sees CR4.VMXE set, Linux's own sign
# that VMX is taken, so KVM returns EBUSY without trying VMXON. kvm_intel
# loaded after partvisor refuses to load: the root's CPUID has no VMX.
# Once partvisor is gone, KVM creates VMs again.
pv_expect_rc 0 insmod /lib/modules/irqbypass.ko
pv_expect_rc 0 insmod /lib/modules/kvm.ko
pv_expect_rc 0 insmod /lib/modules/kvm-intel.ko
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 1 kvm-hold /tmp/never-ready </dev/null
grep -q "KVM_CREATE_VM: Device or resource busy" /tmp/pv-stderr || pv_fail "KVM_CREATE_VM did not fail with EBUSY"
[ ! -e /tmp/never-ready ] || pv_fail "kvm-hold thinks it has a VM"

pv_expect_rc 0 rmmod kvm_intel
# busybox insmod exits with the errno: 95 is EOPNOTSUPP.
pv_expect_rc 95 insmod /lib/modules/kvm-intel.ko
pv_dmesg_has "kvm: no hardware support for 'kvm_intel'"

pv_expect_rc 0 rmmod partvisor
pv_expect_rc 0 insmod /lib/modules/kvm-intel.ko
pv_expect_rc 0 kvm-hold /tmp/kvm-ready </dev/null
[ -e /tmp/kvm-ready ] || pv_fail "KVM cannot create a VM after partvisor left"
pv_expect_rc 0 rmmod kvm_intel
pv_expect_rc 0 rmmod kvm
pv_expect_rc 0 rmmod irqbypass
