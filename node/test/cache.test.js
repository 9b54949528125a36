// The client-side cache and the cache-aside helpers: a key cached by one
// client is dropped when another client writes it (standalone and cluster),
// the cache stays within its bounds, getOrLoad runs one loader for many
// concurrent callers and passes a loader's failure to all of them without
// storing anything, writeThrough updates or invalidates, and bad use ends in
// typed errors.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, sleep, waitFor } = require("./helpers");
const { Client, StandaloneConfig, ClusterConfig, MultiEndpointConfig, Endpoint, ClientCache, ResponseError, ConfigError, ClosingError } =
  haven;

servers("start", "standalone", "cluster", "regions");
const ADDRS = ["127.0.0.1:6400"];
const SEEDS = [7000, 7001, 7002, 7003, 7004, 7005].map((p) => `127.0.0.1:${p}`);
const standalone = (o = {}) => new StandaloneConfig({ addresses: ADDRS, requestTimeoutMs: 2000, ...o });
const cluster = (o = {}) => new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 2000, ...o });

/** Reads `k` through `c` until it returns `want`; how long that took (ms). */
async function readUntil(c, k, want, limitMs = 5000) {
  const start = Date.now();
  for (;;) {
    if ((await c.get(k)) === want) return Date.now() - start;
    if (Date.now() - start > limitMs) assert.fail(`${k} still not ${want} after ${limitMs} ms`);
    await sleep(2);
  }
}

/** One client caches keys that another client then writes. */
async function invalidationCase(makeConfig, n) {
  const reader = await Client.connect(makeConfig({ cache: new ClientCache({ ttlMs: 600000 }) }));
  const writer = await Client.connect(makeConfig());
  try {
    const keys = Array.from({ length: n }, (_, i) => key(`inv${i}`));
    for (const k of keys) await writer.set(k, "old");
    for (const k of keys) assert.equal(await reader.get(k), "old");
    const before = reader.cacheStats();
    for (const k of keys) assert.equal(await reader.get(k), "old");
    const cached = reader.cacheStats();
    assert.equal(cached.hits - before.hits, n, "the second reads are hits");
    assert.equal(cached.entries, n);
    for (const k of keys) await writer.set(k, "new");
    // Entries live 10 minutes: only the server's invalidation explains a new value.
    const waited = [];
    for (const k of keys) waited.push(await readUntil(reader, k, "new"));
    const after = reader.cacheStats();
    assert.ok(after.invalidations - cached.invalidations >= n, `invalidations counted: ${JSON.stringify(after)}`);
    // (How fast is the benchmarks' business: readUntil bounds it at 5 s.)
    assert.equal(waited.length, n);
    // And the new values are cached again.
    for (const k of keys) assert.equal(await reader.get(k), "new");
    assert.ok(reader.cacheStats().hits > after.hits);
  } finally {
    await reader.close();
    await writer.close();
  }
}

test("standalone: a write by another client invalidates the cached key", () => invalidationCase(standalone, 5));

test("cluster: a write by another client invalidates the cached key on every node", () => invalidationCase(cluster, 30));

test("multi-endpoint: the cache is given on the top config and invalidated on the active endpoint", async () => {
  const region = (port) => new StandaloneConfig({ addresses: [`127.0.0.1:${port}`], requestTimeoutMs: 1000 });
  const c = await Client.connect(
    new MultiEndpointConfig({
      endpoints: [
        new Endpoint({ name: "east", config: region(6440), weight: 3 }),
        new Endpoint({ name: "west", config: region(6441), weight: 2 }),
      ],
      requestTimeoutMs: 1000,
      cache: new ClientCache({ ttlMs: 600000 }),
    }),
  );
  try {
    await waitFor("an active endpoint", () => c.activeEndpoint !== "", 10000);
    const port = c.activeEndpoint === "east" ? 6440 : 6441;
    const k = key("me");
    await c.set(k, "1");
    assert.equal(await c.get(k), "1");
    assert.equal(await c.get(k), "1");
    assert.ok(c.cacheStats().hits >= 1);
    cli(port, "SET", k, "2");
    await readUntil(c, k, "2");
  } finally {
    await c.close();
  }
});

test("bcast mode with Buffer prefixes invalidates too", async () => {
  const prefix = key("bc") + ":";
  const reader = await Client.connect(
    standalone({ cache: { mode: "bcast", prefixes: [Buffer.from(prefix)], ttlMs: 600000 } }),
  );
  const writer = await Client.connect(standalone());
  try {
    const k = prefix + "x";
    await writer.set(k, "1");
    // The invalidation of that SET may reach the reader while its first read
    // is in flight; such a read is not stored (the cache cannot tell the push
    // came before it), so read until one is a hit.
    for (let i = 0; reader.cacheStats().hits < 1; i++) {
      assert.ok(i < 50, `no cache hit after ${i} reads: ${JSON.stringify(reader.cacheStats())}`);
      assert.equal(await reader.get(k), "1");
    }
    await writer.set(k, "2");
    await readUntil(reader, k, "2");
  } finally {
    await reader.close();
    await writer.close();
  }
});

test("the cache never holds more than maxEntries", async () => {
  const c = await Client.connect(standalone({ cache: { maxEntries: 10 } }));
  try {
    const keys = Array.from({ length: 50 }, (_, i) => key(`bound${i}`));
    for (const k of keys) await c.set(k, k);
    for (const k of keys) {
      assert.equal(await c.get(k), k);
      assert.ok(c.cacheStats().entries <= 10, `entries ${c.cacheStats().entries}`);
    }
    const s = c.cacheStats();
    assert.equal(s.entries, 10);
    assert.ok(s.evictions >= 40, `evictions ${s.evictions}`);
    assert.ok(s.bytes > 0);
  } finally {
    await c.close();
  }
});

test("cached(): any one-key read through the cache, withStale", async () => {
  const c = await Client.connect(standalone({ cache: { commands: [] } }));
  const plain = await Client.connect(standalone());
  try {
    const h = key("h");
    await c.hset(h, { a: "1" });
    assert.deepEqual(await c.cached(["HGETALL", h]), { a: "1" });
    assert.deepEqual(await c.cached(["HGETALL", h]), { a: "1" });
    assert.deepEqual(c.cacheStats().hits, 1);
    const k = key("s");
    await c.set(k, "v");
    assert.deepEqual(await c.cached(["GET", k], { withStale: true }), { value: "v", staleMs: null });
    assert.deepEqual(await c.cached(["GET", k], { withStale: true, timeoutMs: 500 }), { value: "v", staleMs: null });
    assert.equal(c.cacheStats().hits, 2);
    // GET is not in commands: a plain get() does not go through the cache.
    await c.get(k);
    assert.equal(c.cacheStats().hits, 2);
    // A client without a cache: cached() is a plain request, no stats.
    assert.equal(await plain.cached(["GET", k]), "v");
    assert.equal(plain.cacheStats(), null);
    await assert.rejects(c.cached(["HGET", k, "f"]), ResponseError);
  } finally {
    await c.close();
    await plain.close();
  }
});

test("1000 concurrent getOrLoad on a cold key run the loader once", async () => {
  const c = await Client.connect(standalone());
  try {
    const k = key("cold");
    let calls = 0;
    const loader = async () => {
      calls++;
      // Long enough for every caller's first read to be answered (a read
      // still in flight when the value lands would find it missing).
      await sleep(500);
      return "loaded";
    };
    const values = await Promise.all(Array.from({ length: 1000 }, () => c.getOrLoad(k, loader, { ttlMs: 60000 })));
    assert.equal(calls, 1);
    assert.ok(values.every((v) => v === "loaded"));
    const s = c.loadStats();
    assert.equal(s.loaderCalls, 1);
    assert.equal(s.loaderErrors, 0);
    const ttl = Number(cli(6400, "PTTL", k));
    assert.ok(ttl > 50000 && ttl <= 60000, `stored with a jittered TTL, got ${ttl}`);
    // Now a hit: the loader is not called again.
    assert.equal(await c.getOrLoad(k, loader), "loaded");
    assert.equal(calls, 1);
    // The 1000 loaders the engine did not call are forgotten on the JS side
    // too (white-box: the client's map of functions the engine may call).
    await waitFor("the uncalled loaders to be released", () => c.calls.size === 0, 5000);
  } finally {
    await c.close();
  }
});

test("getOrLoad: sync loaders, Buffers, and a cached client", async () => {
  const c = await Client.connect(standalone({ cache: {} }), { decodeResponses: false });
  try {
    const k = key("bin");
    const bytes = Buffer.from([0, 255, 1, 254]);
    const got = await c.getOrLoad(k, () => bytes);
    assert.ok(Buffer.isBuffer(got) && got.equals(bytes));
    // The loader's SET went through this client, which dropped its local
    // entry: the first read fills the local cache, the next one hits it.
    for (let i = 0; i < 2; i++) {
      const again = await c.getOrLoad(k, () => assert.fail("not called on a hit"));
      assert.ok(again.equals(bytes));
    }
    assert.equal(c.cacheStats().hits, 1, "the last hit came from the local cache");
    assert.equal(c.loadStats().hits, 2);
  } finally {
    await c.close();
  }
});

test("a failing loader: every waiter gets its error, nothing is stored, the next call retries", async () => {
  const c = await Client.connect(standalone());
  try {
    const k = key("fail");
    let calls = 0;
    const failing = async () => {
      calls++;
      await sleep(100);
      throw new Error("source of truth down");
    };
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => c.getOrLoad(k, failing)));
    assert.equal(calls, 1);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.ok(r.reason instanceof ResponseError, String(r.reason));
      assert.match(r.reason.message, /source of truth down/);
    }
    assert.equal(cli(6400, "EXISTS", k), "0", "nothing stored");
    assert.equal(c.loadStats().loaderErrors, 1);
    // A sync throw and a wrong return type fail the same way.
    await assert.rejects(
      c.getOrLoad(k, () => {
        throw new TypeError("sync boom");
      }),
      (e) => e instanceof ResponseError && /TypeError: sync boom/.test(e.message),
    );
    await assert.rejects(c.getOrLoad(k, () => 42), (e) => e instanceof ResponseError && /number/.test(e.message));
    await assert.rejects(c.getOrLoad(k, () => Promise.reject("plain reason")), /plain reason/);
    // The next call loads again and succeeds.
    assert.equal(await c.getOrLoad(k, async () => "recovered"), "recovered");
    assert.equal(cli(6400, "GET", k), "recovered");
  } finally {
    await c.close();
  }
});

test("writeThrough updates or invalidates after the writer; a failing writer leaves the cache", async () => {
  const c = await Client.connect(standalone({ cache: {} }));
  try {
    const k = key("wt");
    const db = new Map();
    assert.equal(await c.getOrLoad(k, () => "v1"), "v1");
    assert.equal(await c.get(k), "v1"); // now in the local cache too
    const out = await c.writeThrough(k, "v2", async () => {
      await sleep(10);
      db.set(k, "v2");
    });
    assert.equal(out, undefined);
    assert.equal(db.get(k), "v2");
    assert.equal(cli(6400, "GET", k), "v2");
    assert.equal(await c.get(k), "v2", "the client reads its own write");
    assert.equal(await c.getOrLoad(k, () => assert.fail("not called")), "v2");
    const ttl = Number(cli(6400, "PTTL", k));
    assert.ok(ttl > 55000 && ttl <= 60000, `stored with the default ttlMs: ${ttl}`);
    await c.writeThrough(k, "v3", () => db.set(k, "v3"), { ttlMs: 5000 });
    const ttl3 = Number(cli(6400, "PTTL", k));
    assert.ok(ttl3 > 0 && ttl3 <= 5000, `ttlMs applies: ${ttl3}`);
    await assert.rejects(
      c.writeThrough(k, "v4", () => {
        throw new Error("db refused");
      }),
      (e) => e instanceof ResponseError && /db refused/.test(e.message),
    );
    assert.equal(cli(6400, "GET", k), "v3", "a failed write leaves the cache alone");
    await c.writeThrough(k, "ignored", () => db.delete(k), { mode: "invalidate" });
    assert.equal(cli(6400, "EXISTS", k), "0");
    assert.equal(await c.get(k), null);
    assert.equal(await c.getOrLoad(k, () => "reloaded"), "reloaded");
  } finally {
    await c.close();
  }
});

test("bad use of the cache API: typed errors naming the argument", async () => {
  // Configuration: TypeError for types, ConfigError for values, both naming the field.
  assert.throws(() => new ClientCache({ ttlMs: "long" }), { name: "TypeError", message: /cache\.ttlMs/ });
  assert.throws(() => standalone({ cache: { ttlMs: 0 } }), (e) => e instanceof ConfigError && /cache\.ttlMs/.test(e.message));
  assert.throws(() => standalone({ cache: { maxEntries: -1 } }), (e) => e instanceof ConfigError && /cache\.maxEntries/.test(e.message));
  assert.throws(() => standalone({ cache: { mode: "sometimes" } }), (e) => e instanceof ConfigError && /cache\.mode/.test(e.message));
  assert.throws(() => standalone({ cache: { prefixes: ["a:"] } }), (e) => e instanceof ConfigError && /cache\.prefixes/.test(e.message));
  assert.throws(() => standalone({ cache: { mode: "bcast", prefixes: [5] } }), { name: "TypeError", message: /cache\.prefixes\[0\]/ });
  assert.throws(() => standalone({ cache: { commands: "GET" } }), { name: "TypeError", message: /cache\.commands/ });
  assert.throws(() => standalone({ cache: { nosuch: 1 } }), { name: "TypeError", message: /nosuch/ });
  assert.throws(() => standalone({ cache: "yes" }), TypeError);
  await assert.rejects(Client.connect(standalone({ cache: { commands: ["SET"] } })), (e) => e instanceof ConfigError && /cache\.commands\[0\]/.test(e.message));
  // A config changed after construction is checked again on connect.
  const changed = standalone({ cache: {} });
  changed.cache.ttlMs = "soon";
  await assert.rejects(Client.connect(changed), { name: "TypeError", message: /cache\.ttlMs/ });

  const c = await Client.connect(standalone());
  try {
    const k = key("bad");
    const f = () => "v";
    assert.throws(() => c.getOrLoad(5, f), { name: "TypeError", message: /key/ });
    assert.throws(() => c.getOrLoad(k, "notfn"), { name: "TypeError", message: /loader/ });
    assert.throws(() => c.getOrLoad(k, f, { ttlMs: "x" }), { name: "TypeError", message: /ttlMs/ });
    assert.throws(() => c.getOrLoad(k, f, { ttlMs: 0 }), (e) => e instanceof ConfigError && /ttlMs/.test(e.message));
    assert.throws(() => c.getOrLoad(k, f, { jitter: 1.5 }), (e) => e instanceof ConfigError && /jitter/.test(e.message));
    assert.throws(() => c.getOrLoad(k, f, { jitter: "lots" }), { name: "TypeError", message: /jitter/ });
    assert.throws(() => c.getOrLoad(k, f, { leaseMs: -1 }), (e) => e instanceof ConfigError && /leaseMs/.test(e.message));
    assert.throws(() => c.getOrLoad(k, f, { earlyRefresh: 0 }), (e) => e instanceof ConfigError && /earlyRefresh/.test(e.message));
    assert.throws(() => c.getOrLoad(k, f, { ttl: 5 }), { name: "TypeError", message: /ttl/ });
    assert.throws(() => c.writeThrough(k, 5, f), { name: "TypeError", message: /value/ });
    assert.throws(() => c.writeThrough(k, "v", null), { name: "TypeError", message: /writer/ });
    assert.throws(() => c.writeThrough(k, "v", f, { mode: "upsert" }), (e) => e instanceof ConfigError && /mode/.test(e.message));
    assert.throws(() => c.cached("GET"), { name: "TypeError", message: /args/ });
    assert.throws(() => c.cached(["GET", {}]), { name: "TypeError", message: /args\[1\]/ });
    assert.throws(() => c.cached(["GET", k], { withStale: "yes" }), { name: "TypeError", message: /withStale/ });
    // The native layer refuses malformed input with exceptions (TS checks bypassed).
    const n = c.native;
    assert.throws(() => n.getOrLoad(1, 1, 5, 1000, 0.1), Error);
    assert.throws(() => n.getOrLoad(1, 1, k, -5, 0.1), /ttlMs/);
    assert.throws(() => n.writeThrough(1, 1, k, "v", 1000, "upsert"), /mode/);
    assert.throws(() => n.callAnswer(123456, 5), Error);
    n.callFail(123456, "nobody waits"); // ignored
    // The client still works.
    assert.equal(await c.getOrLoad(k, f), "v");
  } finally {
    await c.close();
  }
  await assert.rejects(c.getOrLoad(key("x"), () => "v"), ClosingError);
  await assert.rejects(c.writeThrough(key("x"), "v", () => {}), ClosingError);
  await assert.rejects(c.cached(["GET", "x"]), ClosingError);
  assert.throws(() => c.cacheStats(), ClosingError);
});

test("a loader still running at close: the request ends once, the process can exit", async () => {
  const c = await Client.connect(standalone());
  let release;
  const p = c.getOrLoad(key("slow"), () => new Promise((r) => (release = r)));
  await waitFor("the loader to start", () => release !== undefined, 5000);
  const closed = c.close();
  release("late");
  const outcome = await p.then(
    (v) => v,
    (e) => e,
  );
  await closed;
  assert.ok(outcome === "late" || outcome instanceof ClosingError || outcome instanceof ResponseError, String(outcome));
});
