# The two commands of the README: `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
PRESET ?= spiral-dropout

.PHONY: all deps configure build run test check-nogui bench bench-compare format clean

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
