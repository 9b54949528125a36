#!/usr/bin/env bash
# `make test-dist`: every artifact `make dist` left in dist/ installed the
# way a user installs it, in a temp directory where no source tree is
# visible, then a smoke test against the local standalone server (6400):
# connect, SET/GET, one typed error (WRONGTYPE -> ResponseError & co).
#   Python  a fresh venv, pip install the wheel
#   Node    scratch npm projects, CommonJS and ESM, npm install the tarball
#   Java    plain `java -cp` with the JAR and protobuf-java only; also the
#           loader's per-user cache fallback when the temp dir is unusable
#   C       the tarball unpacked, gcc with `pkg-config --cflags --libs haven`
#           (PKG_CONFIG_PATH into it): a smoke program and ffi/examples/example.c
# It also checks the highest GLIBC symbol version each native library needs
# (objdump -T): at most HAVEN_MAX_GLIBC (2.17), and the wheel with
# `auditwheel show` (manylinux_2_17).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${DIST:-$root/dist}
max_glibc=${HAVEN_MAX_GLIBC:-2.17}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -1)
address=127.0.0.1:6400
tools=$(bash "$root/scripts/dist/tools.sh")

wheel=$(ls "$dist"/haven_valkey-"$version"-*manylinux*.whl)
tgz=$dist/haven-$version.tgz
jar=$dist/haven-$version.jar
ctar=$dist/haven-c-$version-linux-x86_64.tar.gz
protobuf=$(ls "${HOME:-/root}"/.m2/repository/com/google/protobuf/protobuf-java/*/protobuf-java-*.jar | grep -v sources | sort -V | tail -1)
for f in "$wheel" "$tgz" "$jar" "$ctar" "$protobuf"; do [[ -f $f ]] || { echo "test-dist: missing $f (run make dist)" >&2; exit 1; }; done

bash "$root/scripts/servers.sh" start standalone
work=$(mktemp -d /tmp/haven-test-dist.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
key=haven:test-dist:$$

section() { printf '\n== test-dist: %s\n' "$*"; }

# --- GLIBC floor of every native library -----------------------------------
section "GLIBC symbol versions (must be <= $max_glibc)"
mkdir natives
unzip -q -o -j "$wheel" 'haven/_haven*.so' -d natives/python
tar -xzf "$tgz" -C natives package/haven.linux-x64-gnu.node
unzip -q -o -j "$jar" 'io/haven/native/linux-x86_64/libhaven_jni.so' -d natives/java
tar -xzf "$ctar" -C natives
fail=0
for lib in natives/python/_haven*.so natives/package/haven.linux-x64-gnu.node natives/java/libhaven_jni.so \
           natives/haven-c-"$version"-linux-x86_64/lib/libhaven.so."$version"; do
  need=$(objdump -T "$lib" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
  ok=$(printf '%s\n%s\n' "$need" "$max_glibc" | sort -V | tail -1)
  printf '  %-48s GLIBC_%s\n' "${lib#natives/}" "$need"
  [[ $ok == "$max_glibc" ]] || { echo "  ^ needs GLIBC_$need > $max_glibc" >&2; fail=1; }
done
[[ $fail == 0 ]]
"$tools/auditwheel" show "$wheel" | tee auditwheel.txt
grep -q 'manylinux_2_17_x86_64' auditwheel.txt

# --- Python: a fresh venv -----------------------------------------------------
section "Python wheel in a fresh venv"
python3 -m venv venv
venv/bin/pip install --quiet --disable-pip-version-check --no-index "$wheel"
cat > smoke.py <<PY
import asyncio, sys, haven
assert "site-packages" in haven.__file__, haven.__file__

async def main():
    config = haven.StandaloneConfig(addresses=["$address"])
    async with await haven.Client.connect(config) as client:
        await client.set("$key:py", "hello")
        assert await client.get("$key:py") == b"hello"
        try:
            await client.hget("$key:py", "f")
        except haven.ResponseError as e:
            print("typed error:", type(e).__name__, e)
        else:
            sys.exit("no ResponseError")
        await client.delete("$key:py")
    print("python", haven.__version__, "ok")

asyncio.run(main())
PY
venv/bin/python smoke.py

# --- Node: CommonJS and ESM scratch projects ---------------------------------
npm_q=(npm --no-audit --no-fund --loglevel=error)
for kind in cjs esm; do
  section "npm tarball in a scratch $kind project"
  mkdir "node-$kind"
  if [[ $kind == esm ]]; then type='"type":"module",'; else type=''; fi
  echo "{\"name\":\"scratch-$kind\",\"private\":true,$type\"version\":\"0.0.0\"}" > "node-$kind/package.json"
  (cd "node-$kind" && "${npm_q[@]}" install "$tgz")
done
cat > node-cjs/smoke.js <<JS
const { Client, StandaloneConfig, ResponseError } = require("haven");
(async () => {
  if (!require.resolve("haven").includes("node_modules")) throw new Error("not the installed package");
  const client = await Client.connect(new StandaloneConfig({ addresses: ["$address"] }));
  await client.set("$key:cjs", "hello");
  if ((await client.get("$key:cjs")) !== "hello") throw new Error("GET");
  try { await client.hget("$key:cjs", "f"); throw new Error("no error"); }
  catch (e) { if (!(e instanceof ResponseError)) throw e; console.log("typed error:", e.constructor.name, e.message); }
  await client.del("$key:cjs");
  await client.close();
  console.log("node cjs ok");
})().catch((e) => { console.error(e); process.exit(1); });
JS
cat > node-esm/smoke.js <<JS
import { Client, StandaloneConfig, ResponseError } from "haven";
import haven from "haven";
if (haven.Client !== Client) throw new Error("default export");
const client = await Client.connect(new StandaloneConfig({ addresses: ["$address"] }));
await client.set("$key:esm", "hello");
if ((await client.get("$key:esm")) !== "hello") throw new Error("GET");
try { await client.hget("$key:esm", "f"); throw new Error("no error"); }
catch (e) { if (!(e instanceof ResponseError)) throw e; console.log("typed error:", e.constructor.name, e.message); }
await client.del("$key:esm");
await client.close();
console.log("node esm ok");
JS
(cd node-cjs && node smoke.js)
(cd node-esm && node smoke.js)
# Types through the exports map, for both entry points.
if [[ -x $root/node/node_modules/.bin/tsc ]]; then
  printf 'import { Client, StandaloneConfig } from "haven";\nconst c: Promise<Client> = Client.connect(new StandaloneConfig({ addresses: ["x:1"] }));\nvoid c;\n' > node-esm/types.mts
  (cd node-esm && "$root/node/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext --types node --typeRoots "$root/node/node_modules/@types" types.mts)
  printf 'import { Client } from "haven";\nexport const f = (c: Client) => c;\n' > node-cjs/types.ts
  (cd node-cjs && "$root/node/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext --types node --typeRoots "$root/node/node_modules/@types" types.ts)
  echo "types ok (CommonJS and ESM)"
fi

# --- Java: plain java -cp -----------------------------------------------------
section "JAR with plain java -cp (haven + protobuf-java)"
mkdir java && cp "$jar" java/haven.jar && cp "$protobuf" java/protobuf-java.jar
cat > java/Smoke.java <<JAVA
import io.haven.HavenClient;
import io.haven.ResponseException;
import io.haven.StandaloneConfig;
import java.util.concurrent.ExecutionException;

public class Smoke {
    public static void main(String[] args) throws Exception {
        try (HavenClient client = HavenClient.connect(StandaloneConfig.builder("$address").build()).get()) {
            client.set("$key:java", "hello").get();
            if (!"hello".equals(client.get("$key:java").get())) throw new AssertionError("GET");
            try {
                client.hget("$key:java", "f").get();
                throw new AssertionError("no error");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ResponseException)) throw e;
                System.out.println("typed error: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            }
            client.del("$key:java").get();
        }
        System.out.println("java ok");
    }
}
JAVA
(cd java && javac -cp haven.jar Smoke.java && java -cp haven.jar:protobuf-java.jar:. Smoke)
# An unusable temp dir (here: a file, so nothing can be created in it; a
# noexec mount fails the same way, at load) falls back to the per-user cache.
(cd java && touch not-a-dir && XDG_CACHE_HOME=$work/java/cache \
  java -Dhaven.native.tmpdir="$work/java/not-a-dir/x" -cp haven.jar:protobuf-java.jar:. Smoke)
ls "$work"/java/cache/haven/native/*/libhaven_jni.so >/dev/null
echo "per-user cache fallback ok"
# A real noexec temp dir where this machine lets us mount one (root, not in
# every container): the same fallback.
if [[ $(id -u) == 0 ]] && mkdir java/noexec && mount -t tmpfs -o noexec,size=64m tmpfs java/noexec 2>/dev/null; then
  rm -rf java/cache
  set +e
  (cd java && XDG_CACHE_HOME=$work/java/cache java -Dhaven.native.tmpdir="$work/java/noexec" -cp haven.jar:protobuf-java.jar:. Smoke)
  rc=$?
  set -e
  umount java/noexec
  [[ $rc == 0 ]] && ls "$work"/java/cache/haven/native/*/libhaven_jni.so >/dev/null
  echo "noexec temp dir fallback ok"
fi

# --- C: the tarball with pkg-config ------------------------------------------
section "C tarball with pkg-config"
tar -xzf "$ctar"
prefix=$work/haven-c-$version-linux-x86_64
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
[[ $(pkg-config --modversion haven) == "$version" ]]
readelf -d "$prefix/lib/libhaven.so" | grep -q 'SONAME.*\[libhaven.so.0\]'
cat > smoke.c <<C
#include <haven.h>
#include <stdio.h>
#include <string.h>

static HavenReply *cmd(HavenClient *c, size_t n, const char **args) {
    size_t lens[4];
    for (size_t i = 0; i < n; i++) lens[i] = strlen(args[i]);
    return haven_client_command_blocking(c, n, (const uint8_t **)args, lens);
}

int main(void) {
    char *error = NULL;
    printf("haven.h %s\n", HAVEN_VERSION);
    HavenConfig *config = haven_config_standalone();
    haven_config_set(config, "address", "$address", &error);
    HavenClient *client = haven_client_connect(config, &error);
    haven_config_free(config);
    if (!client) { fprintf(stderr, "connect: %s\n", error); return 1; }
    const char *set[] = {"SET", "$key:c", "hello"}, *get[] = {"GET", "$key:c"}, *hget[] = {"HGET", "$key:c", "f"}, *del[] = {"DEL", "$key:c"};
    haven_reply_free(cmd(client, 3, set));
    HavenReply *r = cmd(client, 2, get);
    size_t len = 0;
    const uint8_t *bytes = haven_reply_bytes(r, &len);
    if (haven_reply_type(r) != HAVEN_REPLY_BULK_STRING || len != 5 || memcmp(bytes, "hello", 5)) { fprintf(stderr, "GET\n"); return 1; }
    haven_reply_free(r);
    r = cmd(client, 3, hget);
    if (haven_reply_type(r) != HAVEN_REPLY_ERROR || haven_reply_error_kind(r) != HAVEN_ERROR_RESPONSE) { fprintf(stderr, "no typed error\n"); return 1; }
    printf("typed error: HAVEN_ERROR_RESPONSE: %s\n", haven_reply_error_message(r));
    haven_reply_free(r);
    haven_reply_free(cmd(client, 2, del));
    haven_client_free(client);
    printf("c ok\n");
    return 0;
}
C
# shellcheck disable=SC2046
gcc -Wall -Wextra -Werror -O1 smoke.c -o smoke $(pkg-config --cflags --libs haven) -Wl,-rpath,"$prefix/lib"
./smoke
cp "$root/ffi/examples/example.c" example.c
# shellcheck disable=SC2046
gcc -Wall -Wextra -Werror -O1 example.c -o example $(pkg-config --cflags --libs haven) -Wl,-rpath,"$prefix/lib"
./example "$address" > example.log || { cat example.log; exit 1; }
tail -1 example.log
# The static library, same program.
# shellcheck disable=SC2046
gcc -O1 smoke.c -o smoke-static $(pkg-config --cflags haven) "$prefix/lib/libhaven.a" $(pkg-config --static --libs-only-l haven | sed 's/-lhaven//')
./smoke-static | tail -1

section "all artifacts ok"
