# agmkiosk - see README.md.
#
#   make run      build and start the kiosk on the bundled content
#   make test     build with ASan+UBSan and run every test
#   make bench    build optimized and print the performance table
#   make fuzz     run the fuzz targets for a few minutes (tests/fuzz/fuzz.mk)
#   make test-appliance   the kiosk as an appliance in a virtual machine
#   make          build build/release/agmkiosk
#
# Missing Debian packages are installed by tools/deps.sh (apt-get).

ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
MAKEFLAGS += --no-print-directory
.SECONDARY:
VERSION   := 0.1.0
PREFIX    ?= /usr/local
CROSS     ?=
CC        := $(CROSS)gcc
PKG_CONFIG ?= pkg-config
# CROSS=aarch64-linux-gnu-: the Raspberry Pi build (build folder, pkg-config).
include rpi/cross.mk

# Sources: the core never sees SDL; only src/platform/ and src/main.c do.
CORE_SRC := $(shell find src -name '*.c' -not -path 'src/platform/*' -not -name main.c | sort)
PLAT_SRC := $(sort $(wildcard src/platform/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TESTLIB  := $(sort $(wildcard tests/lib/*.c))

CORE_PKGS := sqlite3 libcmark inih libsodium icu-uc libqrencode
# ICU is loaded at run time by src/core/phrase.c (dlopen), only its headers here.
LINK_PKGS := $(filter-out icu-uc,$(CORE_PKGS))
PLAT_PKGS := sdl2 SDL2_ttf libpng libsystemd

BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
               -DAGM_VERSION='"$(VERSION)"' -DAGM_PREFIX='"$(PREFIX)"' -MMD -MP
CORE_CFLAGS  = $(BASE_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) 2>/dev/null)
PLAT_CFLAGS  = $(BASE_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) $(PLAT_PKGS) 2>/dev/null)
LIBS         = $(shell $(PKG_CONFIG) --libs $(LINK_PKGS) $(PLAT_PKGS) 2>/dev/null) -lcsv -ldl -lm

# Build variants: B is the build folder, OPT the optimisation/sanitizer flags.
B   ?= build/release
OPT ?= -O2 -g
SAN_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

CORE_OBJ := $(CORE_SRC:%.c=$(B)/obj/%.o)
PLAT_OBJ := $(PLAT_SRC:%.c=$(B)/obj/%.o)
LIB_OBJ  := $(CORE_OBJ) $(PLAT_OBJ)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
TESTLIB_OBJ := $(TESTLIB:%.c=$(B)/obj/%.o)

# AGM_DEPS=build (rpi/install.sh): the build's packages only, a stamp of its own.
DEPS_STAMP := build/.deps-$(or $(CROSS),native)$(if $(filter build,$(AGM_DEPS)),-build)

.PHONY: all run test test-unit bench bench-bin deps clean install binaries tests-bin check-content
all: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory binaries

$(DEPS_STAMP): tools/deps.sh
	@mkdir -p build
	@tools/deps.sh $(CROSS_ARCH)
	@touch $@

binaries: $(B)/agmkiosk

$(B)/obj/src/platform/%.o: src/platform/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PLAT_CFLAGS) $(OPT) -c $< -o $@
$(B)/obj/src/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(PLAT_CFLAGS) $(OPT) -c $< -o $@
$(B)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PLAT_CFLAGS) $(OPT) -Isrc -Itests/lib -c $< -o $@
$(B)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $(OPT) -c $< -o $@

$(B)/libagm.a: $(LIB_OBJ)
	@rm -f $@
	$(CROSS)ar rcs $@ $^

$(B)/agmkiosk: $(B)/obj/src/main.o $(B)/libagm.a
	$(CC) $(OPT) -o $@ $< $(B)/libagm.a $(LIBS)

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(TESTLIB_OBJ) $(B)/libagm.a
	@mkdir -p $(dir $@)
	$(CC) $(OPT) -o $@ $< $(TESTLIB_OBJ) $(B)/libagm.a $(LIBS)

tests-bin: $(B)/agmkiosk $(TEST_BIN)

BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(B)/bench/%)
$(B)/bench/%: $(B)/obj/tests/bench/%.o $(B)/libagm.a
	@mkdir -p $(dir $@)
	$(CC) $(OPT) -o $@ $< $(B)/libagm.a $(LIBS)
# the X screen grabber talks to the X server itself
$(B)/bench/xgrab: LIBS += -lXdamage -lXfixes -lX11
bench-bin: $(B)/agmkiosk $(BENCH_BIN)

# ---- the two commands --------------------------------------------------
RUN_ARGS ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),--windowed 1280x800,)
run: all
	./build/release/agmkiosk --content content $(RUN_ARGS)

test: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory B=build/asan OPT="$(SAN_OPT)" tests-bin
	@$(MAKE) --no-print-directory binaries
	@$(MAKE) --no-print-directory fuzz-test-bin
	@$(if $(ARM64_RUN),$(MAKE) --no-print-directory arm64-tests-bin,true)
	@tests/run.sh build/asan $(ARM64_RUN)

test-unit: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory B=build/asan OPT="$(SAN_OPT)" tests-bin
	@AGM_ONLY_UNIT=1 tests/run.sh build/asan

# A benchmark, not a test: it never fails on a slow machine. QUICK=1: a small run.
bench: $(DEPS_STAMP)
	@$(MAKE) B=build/bench OPT="-O2 -g -DNDEBUG" bench-bin
	@tests/bench/bench.sh build/bench

check-content: all
	./build/release/agmkiosk check content

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# The Raspberry Pi: make test-arm64, make install (see rpi/rpi.mk).
include rpi/rpi.mk
# The libFuzzer targets: make fuzz (see tests/fuzz/fuzz.mk).
include tests/fuzz/fuzz.mk
