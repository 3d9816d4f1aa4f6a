# SPDX-License-Identifier: GPL-2.0
#
# cloudabi.ko: top-level entry points.  'make help' lists them.

KDIR ?= /lib/modules/$(shell uname -r)/build
CONFTEST_DIR := $(CURDIR)/.conftest
# Passed through to the kernel build (cross builds: ARCH=arm64
# CROSS_COMPILE=aarch64-linux-gnu-).
KMAKE_ARGS := $(if $(ARCH),ARCH=$(ARCH)) $(if $(CROSS_COMPILE),CROSS_COMPILE=$(CROSS_COMPILE))

ARCH_GUEST := $(or $(ARCH),x86_64)
KERNEL ?= 6.1

.PHONY: all modules conftest clean check check-quick check-full static-check \
	demo run userland help

all: modules

conftest:
	@scripts/conftest.sh $(KDIR) $(CONFTEST_DIR) $(KMAKE_ARGS)

modules: conftest
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KMAKE_ARGS) CABI_CONFTEST_DIR=$(CONFTEST_DIR) modules

clean:
	-[ ! -f $(KDIR)/Makefile ] || $(MAKE) -C $(KDIR) M=$(CURDIR) CABI_CONFTEST_DIR=$(CONFTEST_DIR) clean
	rm -rf $(CONFTEST_DIR) build

# The whole matrix: static checks, our debug+KUnit kernels (x86_64, arm64),
# stock Debian 6.1 and 6.12 (amd64, arm64).  Prints "N passed, N failed".
check:
	@scripts/check.sh full

check-full: check

# One arch, one kernel (ours, with KUnit and the debug options) for iteration.
check-quick:
	@scripts/check.sh quick $(ARCH_GUEST)

static-check:
	@scripts/static-check.sh

# Boot a stock Debian kernel with the module loaded and show it.
demo:
	@scripts/demo.sh $(ARCH_GUEST)

# Boot a guest with the module loaded and run a program in it:
#   make run [ARCH=arm64] [KERNEL=6.1|6.12|own] PROG=path/to/binary [ARGS='...'] [FILES='...']
run:
	@scripts/run.sh -a $(ARCH_GUEST) -k $(KERNEL) $(foreach f,$(FILES),-f $(f)) -- $(PROG) $(ARGS)

userland:
	@$(MAKE) -C tests/userland ARCH=$(ARCH_GUEST)

help:
	@echo "make [KDIR=...] [ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-]  build cloudabi.ko"
	@echo "make check          static checks + the full qemu matrix"
	@echo "make check-quick    static checks skipped; own x86_64 kernel only ([ARCH=arm64])"
	@echo "make demo           boot stock Debian 6.1 with the module loaded"
	@echo "make run PROG=...   run a program in a guest with the module loaded"
