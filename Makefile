# haven: every command a person or CI needs.
#   make test    every suite (Rust, C ABI under valgrind, Python) + the quick benchmark
#   make demo    the main job: a workload through haven while the primary dies
#   make bench   the full benchmark, side by side with other clients
SHELL := /bin/bash
CARGO ?= cargo
SERVERS := scripts/servers.sh
FFI_LIB := target/debug
EXAMPLE := ffi/examples/build/example

.PHONY: deps test test-rust test-c test-python test-node bench-quick bench-node demo bench header servers stop

# System packages (Debian): installed when missing, otherwise a no-op.
deps:
	bash scripts/install-deps.sh

test: deps test-rust test-c test-python test-node bench-quick
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

# The npm tarball installed into a scratch project, then node --test.
test-node:
	$(MAKE) -C node test

bench-quick:
	$(SERVERS) start standalone
	$(CARGO) run --release -p haven-benches -- --quick

demo: deps
	$(CARGO) build --release -p haven-core --example demo
	./target/release/examples/demo

bench: deps
	$(SERVERS) start standalone
	$(CARGO) run --release -p haven-benches
	$(MAKE) bench-node

# haven beside ioredis 6 and valkey-glide, then the leak check.
bench-node:
	$(MAKE) -C node bench

# Rewrites ffi/include/haven.h from the code (a test fails when it is stale).
header:
	HAVEN_WRITE_HEADER=1 $(CARGO) test -p haven-ffi --test header

servers:
	$(SERVERS) start

stop:
	$(SERVERS) stop
