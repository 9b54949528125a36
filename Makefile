# haven: every command a person or CI needs.
#   make test    every suite (Rust, C ABI under valgrind, Python) + the quick bench and demo
#   make demo    the main job: live dashboard of haven clients while faults are injected (demo/)
#   make bench   every benchmark in one run -> benches/report/REPORT.md (QUICK=1: quick subset)
SHELL := /bin/bash
CARGO ?= cargo
SERVERS := scripts/servers.sh
FFI_LIB := target/debug
EXAMPLE := ffi/examples/build/example

.PHONY: deps test test-rust test-c test-python bench-quick demo demo-quick demo-rust bench header servers stop

# System packages (Debian): installed when missing, otherwise a no-op.
deps:
	bash scripts/install-deps.sh

test: deps test-rust test-c test-python bench-quick demo-quick
	@echo "make test: all suites passed"

test-rust:
	$(CARGO) build --workspace --all-targets
	$(CARGO) test --workspace --no-fail-fast

# The C example against a local server, then under valgrind: a definite or
# possible leak (beyond the runtime's live threads) or any invalid access fails.
test-c:
	$(SERVERS) start standalone
	$(CARGO) build -p haven-ffi
	mkdir -p ffi/examples/build
	gcc -Wall -Wextra -Werror -O1 -g -I ffi/include ffi/examples/example.c -o $(EXAMPLE) \
	    -L $(FFI_LIB) -lhaven -lpthread -ldl -lm -Wl,-rpath,$(CURDIR)/$(FFI_LIB)
	./$(EXAMPLE) 127.0.0.1:6400
	valgrind --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=ffi/examples/valgrind.supp --error-exitcode=99 --quiet \
	    ./$(EXAMPLE) 127.0.0.1:6400

# The wheel built as users get it, installed into a venv, then pytest.
test-python:
	$(MAKE) -C python test

# The report harness (benches/report/run.py) on every benchmark's quick
# subset; writes benches/report/quick/ (ignored by git).
bench-quick:
	$(MAKE) -C benches/report run QUICK=1

# The demo's shorter run, plain lines; fails unless every fault recovered.
demo-quick:
	$(MAKE) -C demo quick

demo: deps
	$(MAKE) -C demo run

# The earlier Rust-only demo (core/examples/demo.rs).
demo-rust:
	$(CARGO) build --release -p haven-core --example demo
	$${CARGO_TARGET_DIR:-target}/release/examples/demo

bench: deps
	$(MAKE) -C benches/report run QUICK=$(QUICK)

# Rewrites ffi/include/haven.h from the code (a test fails when it is stale).
header:
	HAVEN_WRITE_HEADER=1 $(CARGO) test -p haven-ffi --test header

servers:
	$(SERVERS) start

stop:
	$(SERVERS) stop
