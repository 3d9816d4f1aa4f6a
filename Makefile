# SPDX-License-Identifier: GPL-2.0
#
# cloudabi.ko: top-level entry points.  'make help' lists them.

KDIR ?= /lib/modules/$(shell uname -r)/build
# Generated before Kbuild runs: compile-probe results and the vDSO.
GEN_DIR := $(CURDIR)/.gen
# Passed through to the kernel build (cross builds: ARCH=arm64
# CROSS_COMPILE=aarch64-linux-gnu-).
KMAKE_ARGS := $(if $(ARCH),ARCH=$(ARCH)) $(if $(CROSS_COMPILE),CROSS_COMPILE=$(CROSS_COMPILE))

ARCH_GUEST := $(or $(ARCH),x86_64)
KERNEL ?= 6.1

VDSO_ARCH := $(if $(filter arm64 aarch64,$(or $(ARCH),$(shell uname -m))),arm64,x86_64)
VDSO_CC := $(CROSS_COMPILE)gcc
VDSO_SO := $(GEN_DIR)/vdso/cloudabi-vdso.so
VDSO_SRCS := vdso/vdso.c vdso/clock.c vdso/seccomp.c vdso/string.c vdso/thread.c vdso/lock.c \
	arch/$(VDSO_ARCH)/vdso_entry.S arch/$(VDSO_ARCH)/vdso_thread.S
# -fno-tree-vectorize: gcc 14 builds a vector of two function addresses in
# .data.rel.ro (a dynamic relocation, which vdso-check refuses).
VDSO_CFLAGS := -O2 -g0 -fPIC -ffreestanding -nostdinc -nostdlib -fno-builtin \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-tree-loop-distribute-patterns -fno-tree-vectorize -fcf-protection=none -fvisibility=hidden \
	-Wall -Wextra -Werror -Iinclude -Iinclude/user -Ivdso -Iarch/$(VDSO_ARCH) \
	'-D__noreturn=__attribute__((__noreturn__))' \
	'-D__always_inline=inline __attribute__((__always_inline__))'
VDSO_LDFLAGS := -shared -Wl,-T,vdso/vdso.lds -Wl,--hash-style=both -Wl,-Bsymbolic \
	-Wl,--no-undefined -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none
ifeq ($(VDSO_ARCH),arm64)
VDSO_CFLAGS += -mgeneral-regs-only -mno-outline-atomics
VDSO_CFLAGS := $(filter-out -fcf-protection=none,$(VDSO_CFLAGS))
endif

.PHONY: all modules conftest vdso clean bench bench-ab stress fuzz soak check check-quick check-full static-check check-kernels \
	demo run userland help cloudabi-run cloudabi-trace argdata-test install dkms-install

all: modules

conftest:
	@scripts/conftest.sh $(KDIR) $(GEN_DIR) $(KMAKE_ARGS)

# The vDSO runs in CloudABI processes: built as a freestanding shared object
# with the target's gcc, checked, then embedded by src/vdso_image.S.
vdso: $(VDSO_SO)

$(VDSO_SO): $(VDSO_SRCS) vdso/vdso.lds $(wildcard vdso/*.h include/cloudabi/*.h include/user/*.h arch/$(VDSO_ARCH)/*.h) scripts/vdso-check.sh tools/trace/sites.h
	@mkdir -p $(dir $@)
	@echo "  VDSO    $@"
	@$(VDSO_CC) $(VDSO_CFLAGS) $(VDSO_LDFLAGS) -o $@.tmp $(VDSO_SRCS)
	@scripts/vdso-check.sh $@.tmp $(CROSS_COMPILE)
	@mv $@.tmp $@

modules: conftest vdso
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KMAKE_ARGS) CABI_GEN_DIR=$(GEN_DIR) modules

clean:
	-[ ! -f $(KDIR)/Makefile ] || $(MAKE) -C $(KDIR) M=$(CURDIR) CABI_GEN_DIR=$(GEN_DIR) clean
	rm -rf $(GEN_DIR) build

# The whole matrix: static checks, our debug+KUnit kernels (x86_64, arm64),
# stock Debian 6.1 and 6.12 (amd64, arm64).  Prints "N passed, N failed".
check:
	@scripts/check.sh full

check-full: check

# One arch, one kernel (ours, with KUnit and the debug options) for iteration.
check-quick:
	@scripts/check.sh quick $(ARCH_GUEST) $(if $(filter command line,$(origin KERNEL)),$(KERNEL),own)

static-check:
	@scripts/static-check.sh

# Build the module against every kernel of the matrix, no boot (seconds each).
check-kernels:
	@scripts/check-kernels.sh

# Boot a stock Debian kernel with the module loaded and show it.
demo:
	@scripts/demo.sh $(ARCH_GUEST) $(KERNEL)

# Boot a guest with the module loaded and run a program in it:
#   make run [ARCH=arm64] [KERNEL=6.1|6.12|own] PROG=path/to/binary [ARGS='...'] [FILES='...']
run:
	@scripts/run.sh -a $(ARCH_GUEST) -k $(KERNEL) $(foreach f,$(FILES),-f $(f)) -- $(PROG) $(ARGS)

userland:
	@$(MAKE) -C tests/userland ARCH=$(ARCH_GUEST)

# Entry-path cost against native Linux in the same guest (a measurement).
bench:
	@scripts/bench.sh $(ARCH_GUEST) $(KERNEL)

# This tree's module against REV's in one guest, loaded in turn (a change's
# measurement, not part of make bench): make bench-ab REV=... [MODE=poll|entry]
bench-ab:
	@scripts/bench-ab.sh -a $(ARCH_GUEST) -k $(KERNEL) $(REV) $(MODE)

# Threads, locks and poll RUNS times in a row on our debug kernel.
RUNS ?= 10
stress:
	@scripts/stress.sh $(ARCH_GUEST) $(RUNS)

# The system-call fuzzer on our debug kernel (issue 15):
#   make fuzz [ARCH=arm64] [CALLS=10000000] [SEED=S] [THREADS=4] [SLICE=K] [FROM=N]
CALLS ?= 10000000
SEED ?= 0
THREADS ?= 4
FROM ?= -
SLICE ?= 0
fuzz:
	@FROM=$(FROM) SLICE=$(SLICE) scripts/fuzz.sh $(ARCH_GUEST) $(CALLS) $(SEED) $(THREADS) $(if $(filter command line,$(origin KERNEL)),$(KERNEL),own)

# The lifecycle soak on our debug kernel (issue 15):
#   make soak [ARCH=arm64] [LIFECYCLES=10000]
LIFECYCLES ?= 10000
soak:
	@scripts/soak.sh $(ARCH_GUEST) $(LIFECYCLES) $(if $(filter command line,$(origin KERNEL)),$(KERNEL),own)

# The native launcher (tools/cloudabi-run, needs libyaml-dev) and the host
# unit test of its argdata encoder; both for the build machine.
RUN_CC ?= gcc
RUN_DIR := $(CURDIR)/build/cloudabi-run
RUN_SRCS := tools/cloudabi-run/main.c tools/cloudabi-run/config.c tools/cloudabi-run/argdata.c \
	tools/cloudabi-run/listen.c
RUN_CFLAGS := -O2 -g -Wall -Wextra -Werror
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin

cloudabi-run: $(RUN_DIR)/cloudabi-run

$(RUN_DIR)/cloudabi-run: $(RUN_SRCS) $(wildcard tools/cloudabi-run/*.h)
	@mkdir -p $(dir $@)
	$(RUN_CC) $(RUN_CFLAGS) -o $@ $(RUN_SRCS) -lyaml -lm

argdata-test: $(RUN_DIR)/argdata_test
	@$(RUN_DIR)/argdata_test

$(RUN_DIR)/argdata_test: tests/host/argdata_test.c tools/cloudabi-run/argdata.c tools/cloudabi-run/argdata.h
	@mkdir -p $(dir $@)
	$(RUN_CC) $(RUN_CFLAGS) -Itools/cloudabi-run -o $@ tests/host/argdata_test.c \
		tools/cloudabi-run/argdata.c -lm

# cloudabi-trace (tools/trace): strace for CloudABI programs.
TRACE_DIR := $(CURDIR)/build/cloudabi-trace
TRACE_SRCS := tools/trace/main.c tools/trace/arch.c tools/trace/vdso.c tools/trace/decode.c

cloudabi-trace: $(TRACE_DIR)/cloudabi-trace

$(TRACE_DIR)/cloudabi-trace: $(TRACE_SRCS) $(wildcard tools/trace/*.h include/cloudabi/*.h)
	@mkdir -p $(dir $@)
	$(RUN_CC) $(RUN_CFLAGS) -Itools/trace -Iinclude -o $@ $(TRACE_SRCS)

install: cloudabi-run cloudabi-trace
	install -D -m 0755 $(RUN_DIR)/cloudabi-run $(DESTDIR)$(BINDIR)/cloudabi-run
	install -D -m 0755 $(TRACE_DIR)/cloudabi-trace $(DESTDIR)$(BINDIR)/cloudabi-trace

# The module under DKMS (root): /usr/src/cloudabi-<version>, rebuilt for
# every kernel the machine installs.
dkms-install:
	@scripts/dkms.sh install

help:
	@echo "make [KDIR=...] [ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-]  build cloudabi.ko"
	@echo "make check          static checks + the full qemu matrix"
	@echo "make check-quick    one guest: own 7.3 x86_64 kernel ([ARCH=arm64] [KERNEL=6.1|6.12|trixie|bpo|sid|7.3|own-6.1|bpo-16k])"
	@echo "make check-kernels  build the module against every kernel of the matrix, no boot"
	@echo "make demo [KERNEL=7.3] [ARCH=arm64]  boot a stock Debian kernel (6.1) with the module loaded"
	@echo "make run PROG=...   run a program in a guest with the module loaded"
	@echo "make cloudabi-run   build the launcher into build/cloudabi-run/ (make install: PREFIX, DESTDIR)"
	@echo "make cloudabi-trace build the tracer into build/cloudabi-trace/ (installed by make install)"
	@echo "make dkms-install   (root) install the module sources under DKMS for every kernel"
	@echo "make stress [ARCH=] [RUNS=10]  threads/locks/poll/sockmsg RUNS times on the debug kernel"
