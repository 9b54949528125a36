// The API on a standalone server and a primary with replicas: command
// families, batches, scripts, scan, replies as strings or Buffers, pub/sub.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, waitFor } = require("./helpers");
const { Client, StandaloneConfig, ResponseError } = haven;

servers("start", "standalone", "replicas");
const cfg = () => new StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 2000 });

test("command families", async () => {
  const c = await Client.connect(cfg());
  try {
    const k = key("s");
    assert.equal(await c.set(k, "v"), "OK");
    assert.equal(await c.get(k), "v");
    assert.equal(await c.set(k, "w", { get: true }), "v");
    assert.equal(await c.get(key("missing")), null);
    assert.equal(await c.incrBy(key("n"), 5), 5);
    assert.equal(await c.expire(k, 100), true);
    assert.ok((await c.ttl(k)) > 0);
    assert.equal(await c.del([k]), 1);
    const h = key("h");
    assert.equal(await c.hset(h, { a: "1", b: "2" }), 2);
    assert.deepEqual(await c.hgetall(h), { a: "1", b: "2" });
    assert.equal(await c.hget(h, "a"), "1");
    const l = key("l");
    await c.rpush(l, ["a", "b", "c"]);
    assert.deepEqual(await c.lrange(l, 0, -1), ["a", "b", "c"]);
    assert.equal(await c.lpop(l), "a");
    const s = key("set");
    assert.equal(await c.sadd(s, ["x", "y"]), 2);
    assert.deepEqual((await c.smembers(s)).sort(), ["x", "y"]);
    assert.equal(await c.sismember(s, "x"), true);
    const z = key("z");
    await c.zadd(z, [{ score: 1, member: "a" }, { score: 2, member: "b" }]);
    assert.deepEqual(await c.zrange(z, 0, -1), ["a", "b"]);
    assert.equal(await c.zscore(z, "b"), 2);
    assert.deepEqual(await c.zrangeWithScores(z, 0, 0), [{ member: "a", score: 1 }]);
    assert.equal(await c.customCommand(["ECHO", "hi"]), "hi");
    await assert.rejects(c.hget(l, "x"), ResponseError);
  } finally {
    await c.close();
  }
});

test("transactions and pipelines", async () => {
  const c = await Client.connect(cfg());
  try {
    const k = key("tx");
    const r = await c.multi().set(k, "1").incr(k).hget(k, "f").exec();
    assert.equal(r[0], "OK");
    assert.equal(r[1], 2);
    assert.ok(r[2] instanceof ResponseError, "a failed command's entry is a ResponseError");
    const p = await c.pipeline().get(k).expire(k, 10).exec();
    assert.deepEqual(p, ["2", true]);
  } finally {
    await c.close();
  }
});

test("scripts and scan", async () => {
  const c = await Client.connect(cfg());
  try {
    const k = key("script");
    assert.equal(await c.eval("return redis.call('SET', KEYS[1], ARGV[1])", [k], ["x"]), "OK");
    assert.equal(await c.runScript("return redis.call('GET', KEYS[1])", [k]), "x");
    const prefix = key("scan");
    for (let i = 0; i < 30; i++) await c.set(`${prefix}:${i}`, "v");
    const seen = new Set();
    for await (const found of c.scanIterator({ match: `${prefix}:*`, count: 7 })) seen.add(found);
    assert.equal(seen.size, 30);
  } finally {
    await c.close();
  }
});

test("decodeResponses false gives Buffers", async () => {
  const c = await Client.connect(cfg(), { decodeResponses: false });
  try {
    const k = key("buf");
    await c.set(k, Buffer.from([0, 255, 1]));
    const v = await c.get(k);
    assert.ok(Buffer.isBuffer(v));
    assert.deepEqual([...v], [0, 255, 1]);
  } finally {
    await c.close();
  }
});

test("pub/sub as listener and async iterator", async () => {
  const c = await Client.connect(cfg());
  try {
    const ch = key("ch");
    const heard = [];
    c.on("message", (channel, payload) => heard.push([channel, payload]));
    const it = c.messages();
    await c.subscribe(ch);
    await waitFor("a delivered message", async () => (await c.publish(ch, "hello")) >= 1 && heard.length > 0);
    assert.deepEqual(heard[0], [ch, "hello"]);
    const m = await it.next();
    assert.equal(m.value.payload, "hello");
    await it.return();
  } finally {
    await c.close();
  }
});

test("primary with replicas: reads from replicas, nodes() shows roles", async () => {
  const addrs = ["127.0.0.1:6410", "127.0.0.1:6411", "127.0.0.1:6412"];
  const c = await Client.connect(new StandaloneConfig({ addresses: addrs, readFrom: "prefer_replica", requestTimeoutMs: 2000 }));
  try {
    const roles = c.nodes().map((n) => n.role).sort();
    assert.deepEqual(roles.filter((r) => r === "primary").length, 1);
    assert.ok(roles.filter((r) => r === "replica").length >= 1);
    const k = key("rep");
    await c.set(k, "v");
    await waitFor("the replicas to catch up", async () => (await c.get(k)) === "v");
    const primary = c.nodes().find((n) => n.role === "primary").address;
    assert.equal(cli(Number(primary.split(":")[1]), "GET", k), "v");
  } finally {
    await c.close();
  }
});
