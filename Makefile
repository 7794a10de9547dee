# The two commands of the README: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
PRESET ?= spiral-dropout
# ccache (when installed) keys on paths relative to the checkout, so clones share the cache.
export CCACHE_BASEDIR ?= $(CURDIR)

.PHONY: all deps configure build run test check-nogui bench bench-compare format clean \
        test-asan test-asan-core test-tsan fuzz fuzz-build fuzz-regress

all: build

deps:
	@bash scripts/install-deps.sh

configure:
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps build
	./$(BUILD_DIR)/bin/dropoutlab --preset $(PRESET)

test: deps build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

# The Qt-free build (DL_BUILD_GUI=OFF) and its tests with Qt hidden (needs root).
check-nogui: deps
	bash scripts/check-without-qt.sh

bench: build
	./$(BUILD_DIR)/bin/dropoutlab-cli bench

# Ours against the in-repo PyTorch peer, interleaved (the README's Performance table).
bench-compare: build
	bash bench/compare.sh

format:
	@find app base core ui datasets tests -name '*.h' -o -name '*.cpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)

# Sanitizer lanes and fuzzers (docs/testing.md). Their own build trees; g++ for ASan and TSan,
# clang-14 for libFuzzer. SAN_JOBS caps the parallelism (the lanes are heavy on small machines).
SAN_JOBS ?= 2
# -O1 and line tables only keep the lanes' builds short; stacks still name file and line, and
# assertions (Eigen's bounds checks included) stay on.
SAN_CMAKE := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
             -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1"
SAN_DIR := $(CURDIR)/tests/sanitizers
ASAN_ENV := ASAN_OPTIONS=include=$(SAN_DIR)/asan.options \
            LSAN_OPTIONS=include=$(SAN_DIR)/lsan.options:suppressions=$(SAN_DIR)/lsan.supp \
            UBSAN_OPTIONS=include=$(SAN_DIR)/ubsan.options
TSAN_ENV := TSAN_OPTIONS=include=$(SAN_DIR)/tsan.options:suppressions=$(SAN_DIR)/tsan.supp
SAN_CTEST_ARGS ?=
TSAN_TESTS ?= test_training_worker test_rate_sweep test_determinism
san_empty :=
san_space := $(san_empty) $(san_empty)

# ASan + UBSan (leaks on) over every suite, the GUI ones included, and the fuzz replays. The
# monkey test does fewer actions there (10 000 take about 70 s under ASan).
ASAN_MONKEY_ACTIONS ?= 3000
test-asan: deps
	cmake -S . -B build-asan $(SAN_CMAKE) -DDL_SANITIZE=address -DDL_BUILD_FUZZERS=ON >/dev/null
	nice -n 19 cmake --build build-asan -j $(SAN_JOBS)
	cd build-asan && $(ASAN_ENV) QT_QPA_PLATFORM=offscreen DL_MONKEY_ACTIONS=$(ASAN_MONKEY_ACTIONS) \
	    nice -n 19 ctest --output-on-failure -j $(SAN_JOBS) $(SAN_CTEST_ARGS)

# The same lane without Qt: core, datasets and CLI suites and the fuzz replays (what .ci/run runs),
# less the two long suites that test learning and speed rather than input handling.
test-asan-core: deps
	cmake -S . -B build-asan-core $(SAN_CMAKE) -DDL_SANITIZE=address -DDL_BUILD_GUI=OFF \
	      -DDL_BUILD_FUZZERS=ON -DDL_LONG_SUITES=OFF >/dev/null
	nice -n 19 cmake --build build-asan-core -j $(SAN_JOBS)
	cd build-asan-core && $(ASAN_ENV) nice -n 19 ctest --output-on-failure -j $(SAN_JOBS)

# TSan over the threaded paths: the training worker, rate sweeps and determinism.
test-tsan: deps
	cmake -S . -B build-tsan $(SAN_CMAKE) -DDL_SANITIZE=thread >/dev/null
	nice -n 19 cmake --build build-tsan -j $(SAN_JOBS) --target $(TSAN_TESTS)
	cd build-tsan && $(TSAN_ENV) QT_QPA_PLATFORM=offscreen \
	    nice -n 19 ctest --output-on-failure -R '^($(subst $(san_space),|,$(strip $(TSAN_TESTS))))$$'

# libFuzzer targets (clang-14): build them, replay corpora and kept crashes, then fuzz each for
# FUZZ_SECONDS, two at a time. Corpora grow and artefacts land only under build-fuzz/.
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 2
FUZZ_TARGETS := experiment_config csv idx run_record

fuzz-build:
	@bash tests/fuzz/check-clang.sh
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DDL_BUILD_GUI=OFF -DDL_SANITIZE=fuzzer -DDL_BUILD_FUZZERS=ON >/dev/null
	nice -n 19 cmake --build build-fuzz -j $(SAN_JOBS) --target fuzz_all

fuzz-regress: fuzz-build
	cd build-fuzz && $(ASAN_ENV) ctest --output-on-failure -L fuzz

fuzz: fuzz-regress
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) bash tests/fuzz/run.sh $(FUZZ_TARGETS)
