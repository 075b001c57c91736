# bplab — two commands set up a fresh Debian/Ubuntu machine:
#   make run    install what is missing, build in release mode, start the REPL
#   make test   install what is missing, run the test suite
SWIFT ?= swift
# System packages: gnuplot draws the plots, readline edits lines, OpenBLAS
# multiplies wide layers; tmux drives the terminal test.
RUN_PACKAGES := gnuplot-nox libreadline-dev libopenblas-dev
TEST_PACKAGES := $(RUN_PACKAGES) tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build bench deps-run deps-test

run: deps-run
	$(SWIFT) build -c release --product bplab
	./.build/release/bplab

test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build:
	$(SWIFT) build -c release

bench: deps-run
	$(SWIFT) build -c release
	./Benchmarks/run.sh

deps-run:
	@./scripts/install-packages $(RUN_PACKAGES)

deps-test:
	@./scripts/install-packages $(TEST_PACKAGES)
