# ltephy: build, test, benchmark, install.  See README.md.
# SPDX-License-Identifier: BSD-3-Clause

CC      ?= gcc
PREFIX  ?= /usr/local
SAN     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD   ?= build
SANFLAGS :=
endif

PKGS        := fftw3f cmocka
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(shell pkg-config --libs fftw3f 2>/dev/null || echo -lfftw3f)
# liquid-dsp ships no pkg-config file on Debian; fall back to the plain library.
LIQUID_LIBS := $(shell pkg-config --libs liquid 2>/dev/null || echo -lliquid)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# Baseline x86-64: the library must run on CPUs without AVX2. SIMD variants
# live in *_avx2.c / *_avx512.c files compiled with their own flags and are
# only called after run-time CPU detection (kernels/simd.c).
OPT      ?= -O2
CFLAGS_BASE := -std=gnu11 $(OPT) -g -fPIC -Wall -Wextra -Wshadow -Wno-unused-parameter \
               -fopenmp -D_GNU_SOURCE -Iinclude -I. -MMD -MP $(PKG_CFLAGS) $(SANFLAGS)
AVX2_FLAGS   := -mavx2 -mfma -mbmi -mbmi2 -mpclmul -mpopcnt
AVX512_FLAGS := $(AVX2_FLAGS) -mavx512f -mavx512bw -mavx512dq -mavx512vl -mvpclmulqdq
LDLIBS   := $(LIQUID_LIBS) $(PKG_LIBS) -lm -lpthread
LDFLAGS  += -fopenmp $(SANFLAGS)

LIB_SRC   := $(sort $(wildcard kernels/*.c phy/*.c))
TOOL_SRC  := $(sort $(wildcard tools/*.c bench/*.c))
# everything of the command but main(), as an archive the tests can link
TOOLLIB_SRC := $(filter-out tools/ltephy.c,$(sort $(wildcard tools/*.c)))
TEST_SRC  := $(sort $(wildcard tests/kernels/test_*.c tests/phy/test_*.c tests/tools/test_*.c))
TEST_COMMON := $(sort $(wildcard tests/common/*.c))

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TOOL_OBJ  := $(TOOL_SRC:%.c=$(BUILD)/obj/%.o)
TOOLLIB_OBJ := $(TOOLLIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_COMMON_OBJ := $(TEST_COMMON:%.c=$(BUILD)/obj/%.o)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

LIB_A  := $(BUILD)/libltephy.a
LIB_SO := $(BUILD)/libltephy.so
TOOLLIB_A := $(BUILD)/libltephy-tools.a
BIN    := $(BUILD)/ltephy

.SECONDARY:
.PHONY: all deps demo test check-deps check-deps-test bench install clean hdl-test vectors mpi fuzz
all: $(LIB_A) $(LIB_SO) $(BIN)

$(BUILD)/obj/%_avx2.o: %_avx2.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(AVX2_FLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/%_avx512.o: %_avx512.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(AVX512_FLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SO): $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDFLAGS) $(LDLIBS)
$(TOOLLIB_A): $(TOOLLIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(BIN): $(TOOL_OBJ) $(LIB_A)
	$(CC) -o $@ $(TOOL_OBJ) $(LIB_A) $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(TEST_COMMON_OBJ) $(TOOLLIB_A) $(LIB_A)
	@mkdir -p $(dir $@) $(BUILD)/obj/tests/$(dir $*)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -DLTE_TEST_BUILD_DIR='"$(BUILD)"' -MF $(BUILD)/obj/tests/$*.d -o $@ $< $(TEST_COMMON_OBJ) \
	  $(TOOLLIB_A) $(LIB_A) $(LDFLAGS) $(CMOCKA_LIBS) $(LDLIBS)

# MPI-enabled command $(BUILD)/mpi/ltephy (`mpirun -n N $(BUILD)/mpi/ltephy sim ...`,
# OpenMPI from Debian, installed with `MPI=1 make deps`): the objects of
# $(BUILD) with tools/cmd_sim.c compiled once more with LTEPHY_MPI, linked by
# mpicc. The normal build needs no MPI.
MPICC ?= mpicc
MPI_BIN := $(BUILD)/mpi/ltephy
MPI_TOOL_OBJ := $(filter-out $(BUILD)/obj/tools/cmd_sim.o,$(TOOL_OBJ)) $(BUILD)/obj/mpi/tools/cmd_sim.o
mpi: $(MPI_BIN)
$(BUILD)/obj/mpi/tools/cmd_sim.o: tools/cmd_sim.c
	@MPI=1 sh scripts/deps.sh check
	@mkdir -p $(dir $@)
	$(MPICC) $(CFLAGS_BASE) $(CFLAGS) -DLTEPHY_MPI -c $< -o $@
$(MPI_BIN): $(MPI_TOOL_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(MPICC) -o $@ $(MPI_TOOL_OBJ) $(LIB_A) $(LDFLAGS) $(LDLIBS)

# Debian packages: installed when run as root, otherwise the exact command is printed.
deps:
	@sh scripts/deps.sh install
check-deps:
	@sh scripts/deps.sh check
# make test also installs OpenMPI when it can (as root), so that the 1-vs-2-rank
# test runs; without it that test skips, saying so.
check-deps-test:
	@MPI=1 sh scripts/deps.sh check 2>/dev/null || sh scripts/deps.sh check

# The main job on built-in defaults.
demo: check-deps all
	@sh scripts/demo.sh $(BIN)

# Every test; T=substring runs only the tests whose path contains it.
test: check-deps-test all $(TEST_BIN)
	@LTEPHY_SAN=$(SAN) sh tests/run.sh $(BUILD) "$(T)"

# Regenerate the checked-in golden vectors (after an intended output change).
vectors: all
	rm -rf vectors/.regen && $(BIN) vectors gen --checked-in --out vectors/.regen >/dev/null
	for d in vectors/.regen/*; do rm -rf vectors/$$(basename $$d); mv $$d vectors/; done
	rm -rf vectors/.regen

# The Verilog example checked against the golden vectors (Icarus Verilog).
hdl-test: check-deps
	@sh vectors/hdl/run.sh $(BUILD)

bench: check-deps all
	$(BIN) bench --path all

# libFuzzer harnesses (tests/fuzz/README.md; optional, needs clang): each
# built from the sources it exercises, instrumented, over the library of
# $(BUILD), then run FUZZ_SECONDS seconds each on a corpus kept in
# $(BUILD)/fuzz/NAME.corpus. Not part of make test.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -std=gnu11 -D_GNU_SOURCE -Iinclude -I.
FUZZ_SRC_sib    := phy/sib.c
FUZZ_SRC_dci    := phy/dci_formats.c phy/ra.c
FUZZ_SRC_wf_cfg := tools/wf_cfg.c phy/waveform.c
FUZZ_BIN := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_A) $(TOOLLIB_A)
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs $(FUZZ_CC) (Debian: apt-get install clang)"; exit 2; }
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRC_$*) $(TOOLLIB_A) $(LIB_A) $(LDLIBS) -lgomp
fuzz: check-deps all $(FUZZ_BIN)
	@for b in $(FUZZ_BIN); do mkdir -p $$b.corpus && echo "== $$b ($(FUZZ_SECONDS) s)" && \
	  $$b -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=2 -print_final_stats=1 \
	    -artifact_prefix=$$b- $$b.corpus 2>&1 | \
	  grep -E 'stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|Test unit written' || true; \
	  found=$$(ls $$b-crash-* $$b-leak-* $$b-timeout-* 2>/dev/null); \
	  [ -z "$$found" ] || { echo "make fuzz: $$b found an input that fails: $$found"; exit 1; }; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/include/ltephy $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/bin
	install -m 644 include/ltephy/*.h $(DESTDIR)$(PREFIX)/include/ltephy/
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e "s|@VERSION@|$$(sed -n 's/.*LTE_VERSION_STRING \"\(.*\)\"/\1/p' include/ltephy/version.h)|" \
	  ltephy.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/ltephy.pc

clean:
	rm -rf build build-san build-*

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
