# Build knobs. Override on the command line: make debug=n QEMU=/path/to/qemu
debug        ?= y
CONFIG_HVM   ?= n
QEMU         ?= qemu-system-x86_64
# CPU model and memory for every QEMU run (ours and the oracle's alike).
QEMU_CPU     ?= max
QEMU_MEM     ?= 512
ROOT         := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Where downloaded Debian packages (Xen, Linux) are unpacked. Never committed.
CACHE_DIR    ?= $(ROOT)/.cache
BUILD_DIR    ?= $(ROOT)/build
DIST_DIR     ?= $(ROOT)/dist
HOSTCC       ?= gcc
CC           ?= gcc
