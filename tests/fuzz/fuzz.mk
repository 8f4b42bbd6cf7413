# tests/fuzz/fuzz.mk - the libFuzzer targets (tests/fuzz/fuzz_*.c), built
# with clang into build/fuzz. Included at the end of the Makefile.
#
#   make fuzz                  every target FUZZ_SECONDS (20) seconds, one
#                              after the other; the grown corpus stays in
#                              build/fuzz/corpus, crashes go to build/fuzz/crashes
#   make fuzz FUZZ_TARGETS="report merge" FUZZ_SECONDS=300
#   make fuzz-bin              build them only
#
# make test builds them too when clang and its libFuzzer runtime are
# installed (tools/deps.sh tries to), and tests/e2e/fuzz.sh runs each a
# fixed number of times; without clang that test says it was skipped.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_TARGETS ?=
FUZZ_B       := build/fuzz
FUZZ_OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_NAMES   := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
# The core (what fuzz_content drives: the screens, the deck) and, of the
# platform, the two parsers it holds (and the font file reader fonts.c needs).
FUZZ_LIB_SRC := $(CORE_SRC) src/platform/replay_script.c src/platform/fonts.c src/platform/font_file.c
# Does the compiler link a libFuzzer program? (clang without libclang-rt-*-dev cannot.)
FUZZ_PROBE   := printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' | \
                $(FUZZ_CC) -x c -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1

.PHONY: fuzz fuzz-bin fuzz-bins fuzz-test-bin

# Inside the sub-make (B=$(FUZZ_B), CC=$(FUZZ_CC), OPT=$(FUZZ_OPT)).
fuzz-bins: $(FUZZ_NAMES:%=$(B)/fuzz_%)

# Objects and library are remade when this file changes (their list, or
# the flags below).
$(FUZZ_LIB_SRC:%.c=$(FUZZ_B)/obj/%.o): tests/fuzz/fuzz.mk
$(B)/libagm-fuzz.a: $(FUZZ_LIB_SRC:%.c=$(B)/obj/%.o) tests/fuzz/fuzz.mk
	@rm -f $@
	ar rcs $@ $(filter %.o,$^)

$(B)/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/common.o $(B)/libagm-fuzz.a
	$(CC) $(OPT) -fsanitize=fuzzer -o $@ $< $(B)/obj/tests/fuzz/common.o $(B)/libagm-fuzz.a $(LIBS)


# Text layout and drawing (the screens and deck the content target builds)
# compare numbers, not input bytes: tracing their comparisons would only
# make them slower.
$(patsubst %.c,$(FUZZ_B)/obj/%.o,$(filter src/ui/% src/slideshow/% src/forms/% src/admin/%,$(FUZZ_LIB_SRC))): \
    CORE_CFLAGS += -fno-sanitize-coverage=trace-cmp

fuzz-bin:
	@$(FUZZ_PROBE) || { echo "fuzz: $(FUZZ_CC) cannot build libFuzzer programs; install clang and libclang-rt-NN-dev (tools/deps.sh does)"; exit 1; }
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) OPT="$(FUZZ_OPT)" fuzz-bins

# For make test: build them, or leave a note that says why not.
fuzz-test-bin:
	@mkdir -p $(FUZZ_B)
	@rm -f $(FUZZ_B)/SKIPPED
	@if $(FUZZ_PROBE); then \
	    $(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) OPT="$(FUZZ_OPT)" fuzz-bins; \
	else \
	    echo "fuzz targets skipped: $(FUZZ_CC) with the libFuzzer runtime is not installed (Debian: clang, libclang-rt-NN-dev)" \
	        | tee $(FUZZ_B)/SKIPPED; \
	fi

fuzz: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory fuzz-bin
	@tests/fuzz/run.sh --seconds $(FUZZ_SECONDS) $(FUZZ_B) $(FUZZ_TARGETS)
