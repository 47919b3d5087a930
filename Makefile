# SPDX-License-Identifier: GPL-2.0
#
# partvisor top-level build.
#
#   make              partvisor.ko (+ partvisor_test.ko where the kernel has
#                     KUnit) in kmod/, and ctl/partctl
#   make check        the whole test bench: KUnit and scenarios under QEMU,
#                     VMX scenarios under Bochs; ends with "N passed, N failed"
#   make demo         boot the emulated VT-x machine and show partvisor at work
#   make bench        CPUID round trip: root partition vs a kvm_intel guest
#   make kernel       build (or find cached) the test kernel
#   make checkpatch   scripts/checkpatch.pl --strict over the kernel code
#   make man          Documentation/partctl.8 from Documentation/partctl.rst
#
# KDIR is the kernel tree to build against: the running kernel's headers if
# installed, else the project's test kernel (make kernel).

TOP := $(CURDIR)
KVER := $(shell uname -r)
TEST_KDIR := $(shell $(TOP)/tests/vm/build-kernel.sh --dir)
ifneq ($(wildcard /lib/modules/$(KVER)/build/Makefile),)
KDIR ?= /lib/modules/$(KVER)/build
else
KDIR ?= $(TEST_KDIR)
endif

# The KUnit module only where the kernel has KUnit.
KUNIT_M := $(if $(shell grep -sE '^CONFIG_KUNIT=(y|m)' $(KDIR)/.config),m)

all: module partctl

# Objects built against one kernel tree look up to date against another
# (same relative paths, older headers): start clean when KDIR changes.
module:
	@test -f $(KDIR)/Makefile || { echo "No kernel tree at KDIR=$(KDIR): install linux-headers-$(KVER), or run 'make kernel' for the test kernel" >&2; exit 1; }
	@if [ "$$(cat kmod/.pv-kdir 2>/dev/null)" != "$(KDIR)" ]; then \
		$(MAKE) -s -C $(KDIR) M=$(TOP)/kmod clean; echo "$(KDIR)" >kmod/.pv-kdir; fi
	$(MAKE) -C $(KDIR) M=$(TOP)/kmod CONFIG_PARTVISOR=m \
		CONFIG_PARTVISOR_KUNIT_TEST=$(KUNIT_M) modules

partctl:
	$(MAKE) -C ctl

kernel: deps
	tests/vm/build-kernel.sh

deps:
	tests/vm/deps.sh

check: deps
	tests/vm/check.sh

demo: deps
	tests/vm/demo.sh

bench: deps
	tests/vm/bench.sh

checkpatch:
	@test -f $(TEST_KDIR)/scripts/checkpatch.pl || { echo "run 'make kernel' first" >&2; exit 1; }
	$(TEST_KDIR)/scripts/checkpatch.pl --no-tree --strict --terse --show-types \
		-f \
		$$(git ls-files 'kmod/*.[chS]' 'include/*.h' 'tests/kmod/*.c')

# The man page is generated from Documentation/partctl.rst and committed.
RST2MAN := $(shell command -v rst2man || command -v rst2man.py)
man:
	@test -n "$(RST2MAN)" || { echo "rst2man not found: apt install python3-docutils" >&2; exit 1; }
	$(RST2MAN) Documentation/partctl.rst >Documentation/partctl.8

clean:
	-test -f $(KDIR)/Makefile && $(MAKE) -C $(KDIR) M=$(TOP)/kmod clean
	$(MAKE) -C ctl clean
	rm -rf build

.PHONY: all module partctl kernel deps check demo bench checkpatch man clean
