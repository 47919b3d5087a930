# partctl's command line: version, help, usage errors (exit 2) are decided
# before any netlink traffic.
pv_expect_rc 0 partctl --version
pv_expect_rc 0 partctl --help
pv_expect_rc 0 partctl help caps
pv_expect_rc 2 partctl
pv_expect_rc 2 partctl no-such-command
pv_expect_rc 2 partctl caps --cpu
pv_expect_rc 2 partctl caps --cpu -1
pv_expect_rc 2 partctl caps --cpu 12abc
pv_expect_rc 2 partctl caps --cpu 99999999999
pv_expect_rc 2 partctl caps --bogus
