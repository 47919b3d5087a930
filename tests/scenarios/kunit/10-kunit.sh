# Load the KUnit test module: its suites print KTAP on the console, which
# the host parses with the kernel's tools/testing/kunit/kunit.py.
#
# Linux 6.1 prints no top-level KTAP header for suites in a module (only
# built-in suites get one from the executor), so announce the plan here, as
# the executor would: the suite count was read from the module's
# .kunit_test_suites section when the initramfs was built.
n=$(cat /lib/modules/partvisor_test.suites)
echo "KTAP version 1" >/dev/kmsg
echo "1..$n" >/dev/kmsg
pv_expect_rc 0 insmod /lib/modules/partvisor_test.ko
