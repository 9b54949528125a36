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

test("sessions, AbortSignal and the new error kinds type-check; misuse is a type error", () => {
  const ok = check(`
import { Client, StandaloneConfig, Session, WatchError, InternalError, AbortError, Batch } from "haven";
async function main(): Promise<void> {
  const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6400"], maxDedicatedConnections: 8, dedicatedIdleMs: 1000 }));
  const ac = new AbortController();
  await c.command(["BLPOP", "q", "0"], { signal: ac.signal, timeoutMs: 100 });
  await c.customCommand(["BLPOP", "q", "0"], { signal: ac.signal });
  const s: Session = await c.session();
  await s.watch("k", ["k2"]);
  const n = Number(await s.get("k"));
  const b: Batch = s.multi().set("k", n + 1).incr("k");
  try { await b.exec({ signal: ac.signal }); } catch (e) { if (!(e instanceof WatchError || e instanceof InternalError || e instanceof AbortError)) throw e; }
  await s.unwatch();
  await s.release();
  await s[Symbol.asyncDispose]();
  const r: number = await c.withSession(async (x) => Number(await x.incr("k")));
  console.log(r);
  await c.close();
}
main();
`);
  assert.equal(ok, "");
  const bad = check(`
import { Client, StandaloneConfig } from "haven";
declare const c: Client;
c.command(["GET", "k"], { signal: "stop" });
new StandaloneConfig({ addresses: ["x:1"], dedicatedIdleMs: "soon" });
`);
  assert.match(bad, /main\.ts\(4,/, "a non-AbortSignal signal is a type error");
  assert.match(bad, /main\.ts\(5,/, "a string dedicatedIdleMs is a type error");
});

test("riding through failovers type-checks: failFast, resendSafe, parkStats, primary_preferred, event kinds", () => {
  const ok = check(`
import { Client, ClusterConfig, MultiEndpointConfig, Endpoint, StandaloneConfig, ParkStats, EventKind, HavenEvent } from "haven";
async function main(): Promise<void> {
  const c = await Client.connect(new ClusterConfig({ seeds: ["127.0.0.1:7000"], readFrom: "primary_preferred", failFast: false, requestTimeoutMs: 5000 }));
  await c.command(["INCR", "k"], { resendSafe: true });
  await c.customCommand(["INCR", "k"], { resendSafe: true, timeoutMs: 100 });
  await c.pipeline().incr("k").exec({ resendSafe: true });
  const p: ParkStats = c.parkStats();
  const total: number = p.parkedTotal + p.parkedNow + p.resumed + p.longestWaitMs;
  const kinds: EventKind[] = ["requestsParked", "requestsResumed", "orphanedReply"];
  c.on("parking", (e: HavenEvent) => console.log(e.kind === "requestsParked", e.node));
  const m = new MultiEndpointConfig({ failFast: true, endpoints: [new Endpoint({ name: "a", config: new StandaloneConfig({ addresses: ["h:1"] }) })] });
  console.log(total, kinds, m);
  await c.close();
}
main();
`);
  assert.equal(ok, "");
  const bad = check(`
import { Client, StandaloneConfig } from "haven";
declare const c: Client;
c.command(["INCR", "k"], { resendSafe: "yes" });
new StandaloneConfig({ addresses: ["x:1"], failFast: 1 });
`);
  assert.match(bad, /main\.ts\(4,/, "a string resendSafe is a type error");
  assert.match(bad, /main\.ts\(5,/, "a numeric failFast is a type error");
});

test("the credential provider type-checks; misuse is a type error", () => {
  const ok = check(`
import { Client, StandaloneConfig, SentinelConfig, MultiEndpointConfig, Endpoint, Credentials, CredentialProvider } from "haven";
async function main(): Promise<void> {
  const fetchToken: CredentialProvider = async () => ({ username: "app", password: "token" });
  const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6401"], credentialProvider: fetchToken, credentialRefreshMs: 60000 }));
  const changed: boolean = await c.refreshCredentials();
  const fixed: Credentials = { password: "p" };
  new SentinelConfig({ sentinels: ["h:1"], masterName: "m", credentialProvider: () => fixed });
  new MultiEndpointConfig({ credentialProvider: () => ({ username: null, password: "p" }), endpoints: [new Endpoint({ name: "a", config: new StandaloneConfig({ addresses: ["h:1"] }) })] });
  console.log(changed);
  await c.close();
}
main();
`);
  assert.equal(ok, "");
  const bad = check(`
import { StandaloneConfig } from "haven";
new StandaloneConfig({ addresses: ["x:1"], credentialProvider: "hunter2" });
new StandaloneConfig({ addresses: ["x:1"], credentialProvider: () => ({ username: "u" }) });
new StandaloneConfig({ addresses: ["x:1"], credentialProvider: () => ({ password: "p" }), credentialRefreshMs: "often" });
`);
  assert.match(bad, /main\.ts\(3,/, "a string provider is a type error");
  assert.match(bad, /main\.ts\(4,/, "credentials without a password are a type error");
  assert.match(bad, /main\.ts\(5,/, "a string credentialRefreshMs is a type error");
});

test("the command methods' return types: test/types_check.ts type-checks, and a regression to any fails it", () => {
  // Its @ts-expect-error lines are misuses the types must reject; one that
  // compiled (a method returning any again) is reported as an unused directive.
  const out = check(fs.readFileSync(path.join(__dirname, "types_check.ts"), "utf8"));
  assert.equal(out, "");
});
