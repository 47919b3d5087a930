# 50 create/load/start/run/destroy cycles: no memory leaks (each cycle
# takes 16 MiB of guest RAM and about 20 pages for the hypervisor; a leaked
# cycle would show as 16 MiB), and bad input through the chardev fails
# with the documented errno and changes nothing.
free_kb() { sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 pv-run --quiet /guests/hello.elf
before=$(free_kb)
pv_expect_rc 0 pv-run --quiet --loop 50 /guests/hello.elf >/tmp/out
cat /tmp/out
after=$(free_kb)
echo "MemFree before ${before} kB, after ${after} kB"
[ $((before - after)) -lt 2048 ] || pv_fail "50 cycles lost $((before - after)) kB"
pv_expect_rc 0 pv-dev-garbage /guests/hello.elf
cat /tmp/pv-stderr
[ "$(stat -c %a /dev/partvisor)" = 600 ] || pv_fail "/dev/partvisor is not mode 0600"
pv_expect_rc 0 pv-dev-garbage --unprivileged
cat /tmp/pv-stderr
# Even with the mode opened to everyone, CAP_SYS_ADMIN is required.
chmod 666 /dev/partvisor
pv_expect_rc 0 pv-dev-garbage --unprivileged
chmod 600 /dev/partvisor
pv_expect_rc 0 rmmod partvisor
