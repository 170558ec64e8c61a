# The front door. `make demo` and `make test` work on a fresh Debian 12 machine as root.
.PHONY: build demo test bench fuzz accuracy screenshots format format-check clean

JOBS ?= $(shell nproc)

build:
	scripts/install-deps
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFORMSENDER_BENCH=ON >/dev/null
	cmake --build build -j $(JOBS)

# Only the binary: a newcomer does not wait for the test and bench programs.
demo:
	scripts/install-deps
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build -j $(JOBS) --target formsender
	scripts/demo

test:
	scripts/run-tests

bench: build
	scripts/bench

# libFuzzer targets (fuzz/README.md), built with clang; FUZZ_SECONDS per target (default 600).
fuzz:
	scripts/install-deps
	scripts/fuzz

# The form engine measured on tests/forms through the sample sites (docs/engine.md).
accuracy:
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build -j $(JOBS) --target engine_accuracy
	build/engine_accuracy --forms tests/forms --json build/accuracy.json

# The dashboard's pages in docs/screenshots/, taken by its end-to-end test (seeded data).
screenshots:
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build -j $(JOBS) --target formsender
	[ -d tests/e2e-dashboard/node_modules/playwright-core ] || npm ci --prefix tests/e2e-dashboard --no-audit --no-fund
	node tests/e2e-dashboard/run.js --formsender build/formsender --screenshots docs/screenshots

format:
	find src bench tests fuzz deploy -name '*.cc' -o -name '*.h' | xargs -r clang-format -i

format-check:
	find src bench tests fuzz deploy -name '*.cc' -o -name '*.h' | xargs -r clang-format --dry-run --Werror

clean:
	rm -rf build build-asan build-fuzz
