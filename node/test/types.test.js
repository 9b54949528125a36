// The package's .d.ts: a TypeScript program using the public API type-checks
// against the installed package (tsc --noEmit), and a misuse does not.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const TSC = path.resolve(__dirname, "..", "node_modules", "typescript", "bin", "tsc");
const PKG = process.env.HAVEN_PKG || path.dirname(require.resolve("haven/package.json"));

function check(source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "haven-types-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(PKG, path.join(dir, "node_modules", "haven"));
  fs.writeFileSync(path.join(dir, "main.ts"), source);
  try {
    execFileSync(process.execPath, [TSC, "--noEmit", "--strict", "--target", "ES2022", "--module", "commonjs", "--types", "node",
      "--typeRoots", path.resolve(__dirname, "..", "node_modules", "@types"), "main.ts"], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (e) {
    return String(e.stdout) + String(e.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("the public API type-checks; misuse is a type error", () => {
  const ok = check(`
import { Client, StandaloneConfig, MultiEndpointConfig, Endpoint, ClusterConfig, HavenError, TimeoutError, HavenEvent } from "haven";
async function main(): Promise<void> {
  const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 500 }), { decodeResponses: true });
  await c.set("k", "v", { ex: 10 });
  const v = await c.get("k");
  const r: unknown[] = await c.multi().set("a", "1").incr("a").exec();
  c.on("failover", (e: HavenEvent) => console.log(e.from, e.to));
  const m = new MultiEndpointConfig({ endpoints: [new Endpoint({ name: "a", config: new ClusterConfig({ seeds: ["h:1"] }) })] });
  try { await c.customCommand(["PING"]); } catch (e) { if (e instanceof TimeoutError || e instanceof HavenError) throw e; }
  console.log(v, r, m);
  await c.close();
}
main();
`);
  assert.equal(ok, "");
  const bad = check(`
import { StandaloneConfig } from "haven";
new StandaloneConfig({ addresses: ["x:1"], requestTimeoutMs: "slow" });
`);
  assert.match(bad, /requestTimeoutMs|not assignable/);
});

test("the cache API type-checks; misuse is a type error", () => {
  const ok = check(`
import { Client, StandaloneConfig, ClientCache, CacheStats, LoadStats, StaleValue } from "haven";
async function main(): Promise<void> {
  const cache = new ClientCache({ maxEntries: 100, mode: "bcast", prefixes: ["a:", Buffer.from("b:")], serveStaleMs: 1000 });
  const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6400"], cache }));
  const s: StaleValue = await c.cached(["GET", "k"], { withStale: true, timeoutMs: 100 });
  const n: number | null = s.staleMs;
  const stats: CacheStats | null = c.cacheStats();
  const l: LoadStats = c.loadStats();
  const v = await c.getOrLoad("k", async () => "v", { ttlMs: 1000, jitter: 0.2, leaseMs: 500, earlyRefresh: 1 });
  await c.getOrLoad(Buffer.from("k"), () => Buffer.from("v"));
  await c.writeThrough("k", "v", async () => undefined, { ttlMs: 1000, mode: "invalidate" });
  console.log(n, stats?.hits, l.loaderCalls, v);
  await c.close();
}
main();
`);
  assert.equal(ok, "");
  const bad = check(`
import { Client, ClientCache } from "haven";
new ClientCache({ ttlMs: "long" });
declare const c: Client;
c.getOrLoad("k", 5);
c.writeThrough("k", "v", () => 1, { mode: "upsert" });
`);
  assert.match(bad, /main\.ts\(3,/, "a string ttlMs is a type error");
  assert.match(bad, /main\.ts\(5,/, "a non-function loader is a type error");
  assert.match(bad, /main\.ts\(6,/, "an unknown write mode is a type error");
});
