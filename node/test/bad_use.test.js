// Bad use: wrong argument types, bad configuration, a closed client, an
// unreachable server, limits. Each ends in a typed error; the process lives.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, key } = require("./helpers");
const h = haven;
const { Client, StandaloneConfig } = haven;

servers("start", "standalone");
const cfg = (o = {}) => new StandaloneConfig({ addresses: ["127.0.0.1:6400"], ...o });

test("wrong argument types throw TypeError naming the argument", async () => {
  const c = await Client.connect(cfg());
  try {
    assert.throws(() => c.get({}), { name: "TypeError", message: /key/ });
    assert.throws(() => c.set("k", undefined), { name: "TypeError", message: /value/ });
    assert.throws(() => c.customCommand([]), TypeError);
    assert.throws(() => c.customCommand(["GET", null]), { name: "TypeError", message: /args\[1\]/ });
    assert.throws(() => c.hset("k", "notanobject"), TypeError);
    assert.throws(() => c.zadd("k", [{ score: "x" }]), TypeError);
    assert.throws(() => c.multi().get(Symbol("x")), TypeError);
    assert.throws(() => c.failoverTo(42), TypeError);
    assert.throws(() => c.on(5, () => {}), TypeError);
    // The client still works afterwards.
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
  }
});

test("bad configuration: TypeError for types, ConfigError for values", async () => {
  assert.throws(() => new StandaloneConfig({ addresses: "127.0.0.1:6400" }), TypeError);
  assert.throws(() => new StandaloneConfig({ addresses: [6400] }), { name: "TypeError", message: /addresses\[0\]/ });
  assert.throws(() => cfg({ requestTimeoutMs: "fast" }), { name: "TypeError", message: /requestTimeoutMs/ });
  assert.throws(() => cfg({ nosuch: 1 }), { name: "TypeError", message: /nosuch/ });
  assert.throws(() => cfg({ protocol: "resp9" }), h.ConfigError);
  await assert.rejects(Client.connect(cfg({ requestTimeoutMs: -5 })), (e) => e instanceof h.ConfigError && /request_timeout/.test(e.message));
  await assert.rejects(Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:0"] })), h.ConfigError);
  await assert.rejects(Client.connect({ addresses: ["127.0.0.1:6400"] }), TypeError);
  await assert.rejects(Client.connect(cfg(), { decodeResponses: "yes" }), TypeError);
  assert.ok(new h.ConfigError("x") instanceof h.HavenError);
});

test("config defaults are the engine's: every one shown by a config class, none written again in TypeScript", () => {
  const path = require("node:path");
  const pkg = path.dirname(require.resolve(process.env.HAVEN_PKG || "haven"));
  const binary = [pkg, path.join(pkg, "..")].map((d) => path.join(d, "haven.linux-x64-gnu.node")).find((f) => require("node:fs").existsSync(f));
  const defaults = JSON.parse(require(binary).defaults());
  assert.ok(defaults["ClientConfig.request_timeout_ms"] > 0);
  const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const single = ["ClientConfig", "ConnectionSettings"];
  const objects = [
    [new h.Backoff(), ["Backoff"]],
    [new h.ClientCache(), ["ClientCache"]],
    [cfg(), [...single, "StandaloneDeployment"]],
    [new h.ClusterConfig({ seeds: ["127.0.0.1:7000"] }), [...single, "ClusterDeployment"]],
    [new h.HealthCheck(), ["HealthCheck"]],
    [new h.CircuitBreaker(), ["CircuitBreaker"]],
    [new h.Endpoint({ name: "a", config: cfg() }), ["Endpoint"]],
    [new h.MultiEndpointConfig({ endpoints: [new h.Endpoint({ name: "a", config: cfg() })] }), ["MultiEndpointDeployment", "ClientConfig"]],
  ];
  const shown = new Set();
  for (const [obj, messages] of objects) {
    for (const name of Object.keys(defaults)) {
      const [message, field] = name.split(".");
      if (!messages.includes(message) || obj[camel(field)] === undefined) continue;
      assert.equal(obj[camel(field)], defaults[name], `${obj.constructor.name}.${camel(field)} is not the engine's ${name}`);
      shown.add(name);
    }
  }
  // Left unset (undefined) in TypeScript: the engine applies its default.
  const unset = ["ConnectionSettings.max_dedicated_connections", "ConnectionSettings.dedicated_idle_ms"];
  assert.deepEqual(Object.keys(defaults).filter((n) => !shown.has(n)).sort(), unset.sort());
});

test("unreachable server: ConnectionError", async () => {
  await assert.rejects(Client.connect(cfg({ addresses: ["127.0.0.1:6459"], connectionTimeoutMs: 300 })), h.ConnectionError);
});

test("closed client: ClosingError, close is idempotent", async () => {
  const c = await Client.connect(cfg());
  const inflight = c.get(key("x"));
  await c.close();
  await inflight.then(
    (v) => assert.equal(v, null),
    (e) => assert.ok(e instanceof h.ClosingError),
  );
  await assert.rejects(c.get("k"), h.ClosingError);
  await assert.rejects(c.multi().get("k").exec(), h.ClosingError);
  await assert.rejects(c.subscribe("ch"), h.ClosingError);
  assert.throws(() => c.nodes(), h.ClosingError);
  await c.close();
});

test("deadline passed: TimeoutError; too many in flight: BackpressureError", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 200, inflightLimit: 5 }));
  try {
    // A blocking command's deadline is its own timeout plus the request
    // timeout, unless the caller gives a shorter one.
    await assert.rejects(c.command(["BLPOP", key("empty"), "2"], { timeoutMs: 200 }), h.TimeoutError);
    const all = await Promise.allSettled(
      Array.from({ length: 50 }, () => c.command(["BLPOP", key("empty"), "1"], { timeoutMs: 200 })),
    );
    assert.ok(all.some((r) => r.status === "rejected" && r.reason instanceof h.BackpressureError));
    assert.ok(all.every((r) => r.status === "rejected" && r.reason instanceof h.HavenError));
  } finally {
    await c.close();
  }
});

test("multi-endpoint calls on a standalone client: ConfigError", async () => {
  const c = await Client.connect(cfg());
  try {
    assert.throws(() => c.failoverTo("x"), h.ConfigError);
    assert.throws(() => c.activeEndpoint, h.ConfigError);
  } finally {
    await c.close();
  }
});

test("the native layer refuses malformed input with exceptions, never aborts", async () => {
  const c = await Client.connect(cfg());
  const n = c.native; // bypassing the TypeScript checks on purpose
  try {
    for (const f of [
      () => n.submit(1, "notarray"),
      () => n.submit(1, [1, 2]),
      () => n.submit(1, []),
      () => n.submit("x", ["GET", "k"]),
      () => n.submit(1, ["GET", "k"], "soon"),
      () => n.submit(1, ["GET", "k"], null, "nowhere"),
      () => n.batch(1, [["GET"], "x"], false),
      () => n.batch(1, "x", false),
      () => n.failoverTo(null, false),
      () => n.submit(1, ["GET", "k"], null, null, -1),
      () => n.batch(1, [["GET", "k"]], true, null, 1.5),
      () => n.closeSession(0),
      () => n.cancel("x"),
    ]) {
      assert.throws(f, Error);
    }
    await assert.rejects(c.command(["GET", key("k")], { route: "nowhere" }), TypeError);
    assert.equal(n.closeSession(123456), false, "closing a session never opened: false");
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
  }
});
