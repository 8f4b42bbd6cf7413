# rpi/cross.mk - cross-building for the Raspberry Pi (64-bit) from Debian's
# multiarch packages. Included by the Makefile before the build folder is
# chosen:
#
#   make CROSS=aarch64-linux-gnu-     build/arm64/agmkiosk
#
# The :arm64 -dev packages, the cross compiler and qemu-user come from
# tools/deps.sh arm64 (run by the deps stamp as for the native build).
ifneq ($(CROSS),)
CROSS_TRIPLET := $(patsubst %-,%,$(CROSS))
ifneq ($(filter aarch64-%,$(CROSS_TRIPLET)),)
CROSS_ARCH    := arm64
else
$(error CROSS=$(CROSS): only aarch64-linux-gnu- (the 64-bit Raspberry Pi OS) is supported)
endif
# Its own build folder: cross objects never mix with native ones.
B ?= build/$(CROSS_ARCH)
# Multiarch pkg-config: only the target's .pc files (and arch-independent ones).
# Given on the command line of every call because make 4.3's $(shell) does
# not see exported variables.
PKG_CONFIG := PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/share/pkgconfig PKG_CONFIG_PATH= pkg-config
endif
