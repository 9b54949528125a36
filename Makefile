# haven: every command a person or CI needs.
#   make test    every suite (Rust, C ABI under valgrind, Python, Java, Node) + the quick bench and demo
#   make demo    the main job: live dashboard of haven clients while faults are injected (demo/)
#   make bench   every benchmark in one run -> benches/report/REPORT.md (QUICK=1: quick subset)
SHELL := /bin/bash
CARGO ?= cargo
SERVERS := scripts/servers.sh
# Cargo's output directory (CARGO_TARGET_DIR when set), for every recipe
# that picks up a built library or binary.
TARGET := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
FFI_LIB := $(TARGET)/debug
EXAMPLE := ffi/examples/build/example

.PHONY: deps test test-rust test-c test-python test-java test-node bench-quick demo demo-quick demo-rust bench bench-java bench-node header servers stop

# System packages (Debian): installed when missing, otherwise a no-op.
deps:
	bash scripts/install-deps.sh

test: deps test-rust test-c test-python test-java test-node bench-quick demo-quick
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
	    -L $(FFI_LIB) -lhaven -lpthread -ldl -lm -Wl,-rpath,$(FFI_LIB)
	./$(EXAMPLE) 127.0.0.1:6400
	valgrind --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=ffi/examples/valgrind.supp --error-exitcode=99 --quiet \
	    ./$(EXAMPLE) 127.0.0.1:6400

# The wheel built as users get it, installed into a venv, then pytest.
test-python:
	$(MAKE) -C python test

# The Java package: the JNI library (dev profile, debug info stripped for the
# JAR), the JUnit suite against local servers under -Xcheck:jni (any JNI
# warning fails it; faults under the fault lock;
# the slow leak check is left to `make bench-java`), the JAR, then a plain
# `java -cp haven.jar:protobuf-java.jar` program, and the same on a platform
# the JAR has no library for (a clear error). Maven's repository: ~/.m2.
JAVA_MVN := mvn -B -q
test-java:
	$(SERVERS) start standalone replicas cluster sentinel regions
	$(CARGO) build -p haven-java
	mkdir -p java/target/native java/target/example
	strip -g -o java/target/native/libhaven_jni.so $(TARGET)/debug/libhaven_jni.so
	cd java && $(JAVA_MVN) package -Dhaven.excludedGroups=slow -Dhaven.jvmArgs=-Xcheck:jni 2>&1 | tee target/test-java.log; \
	    test $${PIPESTATUS[0]} -eq 0
	! grep -n "WARNING in native method" java/target/test-java.log
	javac -d java/target/example -cp java/target/haven.jar java/example/Example.java
	java -cp java/target/haven.jar:java/target/lib/protobuf-java.jar:java/target/example Example 127.0.0.1:6400
	! java -Dos.arch=aarch64 -cp java/target/haven.jar:java/target/lib/protobuf-java.jar:java/target/example \
	    Example 127.0.0.1:6400 2>java/target/unsupported.log
	grep -q "no native library for this platform" java/target/unsupported.log

# The report harness (benches/report/run.py) on every benchmark's quick
# subset; writes benches/report/quick/ (ignored by git).
# The npm tarball installed into a scratch project, then node --test.
test-node:
	$(MAKE) -C node test

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
	$(TARGET)/release/examples/demo

bench: deps
	$(MAKE) -C benches/report run QUICK=$(QUICK)

# The Java benchmark (haven, Lettuce, Jedis, valkey-glide; release engine)
# and the Java leak check. HAVEN_BENCH_QUICK=1 for the short version.
bench-java:
	$(SERVERS) start standalone cluster
	$(CARGO) build --release -p haven-java
	mkdir -p java/target/native-release
	strip -g -o java/target/native-release/libhaven_jni.so $(TARGET)/release/libhaven_jni.so
	cd java && $(JAVA_MVN) -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
	    -Dhaven.native.dir=$(CURDIR)/java/target/native-release
	cd java && java -cp target/classes:$$(cat target/bench.cp) io.haven.bench.Bench
	if [[ -z "$${HAVEN_BENCH_QUICK:-}" ]]; then cd java && $(JAVA_MVN) -Pbench surefire:test -Dgroups=slow -Dtest=LeakTest; fi

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
