# bplab — two commands set up a fresh Debian/Ubuntu machine:
#   make run    install what is missing, build in release mode, start the REPL
#   make test   install what is missing, run the test suite
#   make dist   a tarball of bplab that runs where Swift is not installed
SWIFT ?= swift
# System packages: gnuplot draws the plots, readline edits lines; OpenBLAS
# gives the benchmark its dgemm ceiling (the tests build the benchmark too);
# tmux drives the terminal test, Chromium renders the HTML notebooks in their
# tests (and prints one as PDF), objdump (binutils) reads the kernels' machine code,
# zsh and fish run the shell completions (bash is there already).
RUN_PACKAGES := gnuplot-nox libreadline-dev
BENCH_PACKAGES := $(RUN_PACKAGES) libopenblas-dev
TEST_PACKAGES := $(BENCH_PACKAGES) tmux chromium binutils zsh fish
# Debian's python3 makes virtual environments only with python3-venv.
PYTHON_PACKAGES := python3-venv

.PHONY: run test test-generic test-dist dist install uninstall fuzz build bench readme deps-run deps-bench deps-test deps-python

run: deps-run
	$(SWIFT) build -c release --product bplab
	./.build/release/bplab

# The Swift tests, then the Jupyter kernel's (scripts/test-kernel: pytest in .venv).
test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/test-kernel

# The long fuzz: a million seeded grammar-aware lines (`make test` runs 20,000),
# with its figures; FUZZ_SEED picks another stream of lines.
FUZZ_LINES ?= 1000000
FUZZ_SEED ?= 19
fuzz: deps-test
	$(SWIFT) build --build-tests
	BPLAB_FUZZ_LINES=$(FUZZ_LINES) BPLAB_FUZZ_SEED=$(FUZZ_SEED) $(SWIFT) test --skip-build --filter FuzzTests > .fuzz.log 2>&1; \
	status=$$?; grep -E "^fuzz:|✘" .fuzz.log; rm -f .fuzz.log; exit $$status

# The generic kernels (what arm64 builds) on this machine: the core's tests and
# every lesson, which must replay with identical output.
test-generic: deps-test
	BPLAB_GENERIC_KERNELS=1 $(SWIFT) build --build-tests --scratch-path .build-generic
	BPLAB_GENERIC_KERNELS=1 $(SWIFT) test --skip-build --scratch-path .build-generic --filter 'BackpropCoreTests|DerivativeTests'
	for lesson in sessions/*.bpl; do .build-generic/debug/bplab replay --check "$$lesson" >/dev/null || exit 1; done
	@echo "generic kernels: core tests pass and every lesson replays identically"

# The release binary with the Swift standard library and Foundation linked in
# (it needs only glibc, readline and the C++ runtime), packed with the man
# page, completions and lessons into dist/bplab-VERSION-linux-ARCH.tar.gz
# (scripts/make-dist says what goes where). Its own build folder, so it does
# not undo the release build of make run.
DIST_BUILD := .build-dist
dist: deps-run
	$(SWIFT) build -c release --static-swift-stdlib --product bplab --scratch-path $(DIST_BUILD)
	./scripts/make-dist $(DIST_BUILD)/release/bplab > $(DIST_BUILD)/tarball

# make install [PREFIX=/usr/local] [DESTDIR=]: the release binary, the man page
# bplab(1) and the bash, zsh and fish completions, the pages written by the binary
# from its command table (scripts/install-bplab says where each goes); BINARY=
# installs a bplab built already. make uninstall removes them again.
PREFIX ?= /usr/local
install:
	@if [ -z "$(BINARY)" ]; then $(MAKE) deps-run && $(SWIFT) build -c release --product bplab; fi
	./scripts/install-bplab install "$(or $(BINARY),.build/release/bplab)" "$(DESTDIR)$(PREFIX)"

uninstall:
	./scripts/install-bplab uninstall "$(DESTDIR)$(PREFIX)"

# The tarball with the Swift toolchain hidden (a mount namespace): every
# lesson replays with check. Apart from make test, since the release build
# takes minutes; CI runs both.
test-dist: dist
	$(SWIFT) build --product bplab
	./scripts/test-dist "$$(cat $(DIST_BUILD)/tarball)" .build/debug/bplab

build: deps-bench
	$(SWIFT) build -c release

bench: deps-bench deps-python
	$(SWIFT) build -c release
	./Benchmarks/run.sh

# Refreshes the README's generated parts from the program itself: the command
# reference (from the command table) and the exit statuses, each between its
# <!-- NAME:begin --> and <!-- NAME:end --> lines.
README_PART = ./.build/debug/bplab --$(1) > .part.md && \
	awk -v name=$(2) 'BEGIN{skip=0} $$0 == "<!-- " name ":begin -->"{print; system("cat .part.md"); skip=1; next} \
		$$0 == "<!-- " name ":end -->"{skip=0} !skip' README.md > README.md.new && mv README.md.new README.md && rm -f .part.md
readme:
	$(SWIFT) build --product bplab
	$(call README_PART,command-reference,commands)
	$(call README_PART,exit-status-reference,exit-status)

deps-run:
	@./scripts/install-packages $(RUN_PACKAGES)

deps-bench:
	@./scripts/install-packages $(BENCH_PACKAGES)

deps-test: deps-python
	@./scripts/install-packages $(TEST_PACKAGES)

# numpy, PyTorch (CPU) and the Jupyter packages, pinned in requirements.txt
# (their dependencies in constraints.txt), into the project's own .venv for the
# comparisons, the PyTorch export test and the kernel's tests; says what it
# installs, never fails (without them those are skipped).
deps-python:
	@./scripts/install-packages $(PYTHON_PACKAGES)
	@./scripts/install-python-packages
