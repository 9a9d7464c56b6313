# SPDX-License-Identifier: GPL-2.0-only
# One `make` builds everything: the hypervisor image (dist/boot/hypervisor),
# the guest test kernels, and the dom0 tools.
#
#   make            build
#   make run        boot the hypervisor with Debian's Linux as dom0 under QEMU: a shell on stdio
#   make test       every test suite (host units, guests on ours, oracle, tools); what CI runs
#   make test-oracle  the guest test kernels on Debian's Xen 4.17
#   make bench      boot times, PV micro-operations and the toolstack against
#                   Xen 4.17 and Debian's xl/xenstored (never pass/fail)
#   make setup      install the Debian packages the build and tests need (as root)
include Config.mk

GUEST_DIR := $(BUILD_DIR)/tests/guests
DOM0_DIR := $(BUILD_DIR)/dom0
TOOLS := $(patsubst %/Makefile,%,$(wildcard tools/*/Makefile))

all: hypervisor guests tools

hypervisor:
	$(MAKE) -C hypervisor O=$(BUILD_DIR)/hypervisor

guests:
	$(MAKE) -C tests/guests O=$(GUEST_DIR)

tools:
	@for t in $(TOOLS); do $(MAKE) -C $$t O=$(BUILD_DIR)/$$t || exit 1; done

setup:
	bash scripts/setup.sh

# The dom0 tools as an installable tree (dist/dom0): programs, libctrl as a
# shared and a static library, its headers and a pkg-config file.
DOM0_DIST := $(DIST_DIR)/dom0
dist: tools
	bash scripts/stage-dom0.sh $(BUILD_DIR)/tools $(DOM0_DIST)

# The main job: the hypervisor under QEMU with Debian's Linux as dom0; dom0's
# /init starts the toolstack daemons and the demo scenario creates a Linux
# guest (tests/dom0/scenarios/demo), then leaves a shell on dom0's console
# (hvc0, here on the terminal) to drive it with xl. `poweroff -f` in the
# shell ends the run. RUN_TIMEOUT bounds it (seconds).
# RUN_VCPUS gives dom0 that many vCPUs (all on the one physical CPU).
RUN_TIMEOUT ?= 3600
RUN_VCPUS ?= 1
RUN_INITRD := $(DOM0_DIR)/initrd-run.gz
run: setup all
	python3 tests/toolstack/run_e2e.py --hv ours --initrd-only $(RUN_INITRD)
	timeout --foreground $(RUN_TIMEOUT) $(QEMU) -accel tcg -cpu $(QEMU_CPU) -m 1024 \
		-smp $(RUN_VCPUS) -nographic -monitor none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel $(DIST_DIR)/boot/hypervisor \
		-append "console=com1 com1=115200,8n1 dom0_mem=512M dom0_max_vcpus=$(RUN_VCPUS) loglvl=info" \
		-initrd "$(CACHE_DIR)/linux/standard/vmlinuz console=hvc0 earlyprintk=xen scenario=demo,$(RUN_INITRD)"; \
		st=$$?; [ $$st -eq 1 ] && echo "dom0 powered off cleanly" || echo "QEMU exit status $$st"

# The same with a guest test kernel as dom0 (no Linux download needed).
run-testkernel: setup hypervisor guests
	timeout --foreground 120 $(QEMU) -accel tcg -cpu $(QEMU_CPU) -m $(QEMU_MEM) \
		-nographic -monitor none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel $(DIST_DIR)/boot/hypervisor \
		-append "console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all" \
		-initrd "$(GUEST_DIR)/hello.elf hello marker=42"

test: setup all
	bash tests/run-all.sh

test-unit:
	$(MAKE) -C tests/unit O=$(BUILD_DIR)/unit test

test-guests: hypervisor guests
	python3 tests/harness/run_guests.py --hv ours

test-oracle: guests
	bash scripts/fetch-xen.sh
	python3 tests/harness/run_guests.py --hv xen

bench: hypervisor guests dom0-initrd
	bash scripts/fetch-xen.sh
	python3 tests/bench/boot_time.py 5
	python3 tests/bench/linux_boot.py 3
	python3 tests/bench/pv_micro.py --boots 3
	python3 tests/bench/xenstored_ops.py --reps 5
	python3 tests/bench/xl_create.py --rounds 3

# Debian's kernels (cache) and the test initramfs for Linux as dom0/domU.
linux:
	bash scripts/fetch-linux.sh

$(DOM0_DIR)/xenver: tests/dom0/xenver.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -static -O2 -Wall -Wextra -Werror $< -o $@

dom0-initrd: linux $(DOM0_DIR)/xenver dist
	for f in standard cloud; do \
		python3 tests/dom0/mkinitramfs.py --modules $(CACHE_DIR)/linux/$$f/modules \
			--out $(DOM0_DIR)/initrd-$$f.gz --bin $(DOM0_DIR)/xenver \
			--dist $(DOM0_DIST) || exit 1; \
	done

test-dom0: hypervisor dom0-initrd
	python3 tests/harness/run_dom0.py --hv ours --flavour standard
	python3 tests/harness/run_dom0.py --hv ours --flavour cloud
	python3 tests/harness/run_dom0.py --hv ours --flavour standard --vcpus 2
	python3 tests/harness/run_dom0.py --hv ours --flavour cloud --vcpus 2

clean:
	rm -rf $(BUILD_DIR) $(DIST_DIR)


.PHONY: all hypervisor guests tools setup dist run run-testkernel test test-unit test-guests test-oracle bench linux dom0-initrd test-dom0 clean
