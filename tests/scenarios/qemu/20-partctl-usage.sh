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
# Partition commands: usage errors before any netlink (the module is not
# even loaded here), then "not loaded" (exit 3) for a well-formed one.
pv_expect_rc 2 partctl create
pv_expect_rc 2 partctl create web
pv_expect_rc 2 partctl create web --memory 64M
pv_expect_rc 2 partctl create 'bad name' --memory 64M --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory lots --image /guests/hello.elf
# Sizes that do not fit are refused, not wrapped or cut: (2^44 + 64) MiB
# would wrap to 64 MiB; 4G + 4K and 4G as a u32 console size would be 4K and 0.
pv_expect_rc 2 partctl create web --memory 17592186044480M --image /guests/hello.elf
grep -q "bad memory size" /tmp/pv-stderr || pv_fail "wrapping memory size: $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl create web --memory 1025G --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory 64M --console-size 4294971392 --image /guests/hello.elf
grep -q "console size '4294971392' is too big" /tmp/pv-stderr ||
	pv_fail "console size over 32 bits: $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl create web --memory 64M --console-size 4G --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory 64M --console-size 18446744073709551615 --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory 64M --vcpus 0 --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory 64M --vcpus 17 --image /guests/hello.elf
pv_expect_rc 2 partctl create web --memory 64M --image /guests/hello.elf --bogus
pv_expect_rc 3 partctl create web --memory 64M --image /no/such/file
pv_expect_rc 2 partctl start
pv_expect_rc 2 partctl stop web --timeout
pv_expect_rc 2 partctl stop web --timeout 99999
pv_expect_rc 2 partctl destroy a b
pv_expect_rc 2 partctl info
grep -q 'a partition name is needed' /tmp/pv-stderr || pv_fail "info without a name: $(cat /tmp/pv-stderr)"
# A bad name is not a missing one: say what is wrong with it.
pv_expect_rc 2 partctl info 'bad name'
grep -q "'bad name' is not a partition name: only A-Z" /tmp/pv-stderr ||
	pv_fail "info 'bad name': $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl console 'web/1'
grep -q "'web/1' is not a partition name: only A-Z" /tmp/pv-stderr ||
	pv_fail "console 'web/1': $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl console aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
grep -q 'not a partition name: 32 characters, at most 31' /tmp/pv-stderr ||
	pv_fail "console with a 32-character name: $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl info ''
grep -q 'the partition name is empty' /tmp/pv-stderr || pv_fail "info '': $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl list extra
pv_expect_rc 2 partctl console
pv_expect_rc 2 partctl monitor --bogus
pv_expect_rc 0 partctl help create
pv_expect_rc 0 partctl stop --help
# --help is an option only where an option may be: as an option's value it
# is a value (and the request goes on, to "not loaded" here).
pv_expect_rc 0 partctl stop web --help >/tmp/out
grep -q '^usage: partctl stop NAME' /tmp/out || pv_fail "stop web --help: $(cat /tmp/out)"
pv_expect_rc 0 partctl info web -h >/tmp/out
grep -q '^usage: partctl info NAME' /tmp/out || pv_fail "info web -h: $(cat /tmp/out)"
pv_expect_rc 3 partctl create web --memory 64M --image /guests/hello.elf --cmdline --help >/tmp/out
grep -q usage /tmp/out && pv_fail "--cmdline --help printed help: $(cat /tmp/out)"
grep -q "not loaded" /tmp/pv-stderr || pv_fail "--cmdline --help: $(cat /tmp/pv-stderr)"
pv_expect_rc 2 partctl caps --cpu --help
pv_expect_rc 2 partctl stop web --timeout --help
pv_expect_rc 3 partctl list
grep -q "not loaded" /tmp/pv-stderr || pv_fail "partctl list did not say the module is not loaded"
pv_expect_rc 3 partctl create web --memory 64M --image /guests/hello.elf
