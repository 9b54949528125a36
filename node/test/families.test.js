// The command families beyond the basics, end to end against the local
// servers (Redis 7.0; Valkey 9.1 under HAVEN_SERVER=valkey adds hash-field
// expiry): a stream consumer-group cycle, geo, HyperLogLog, bitmaps and
// BITFIELD, functions (also across a cluster).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, key } = require("./helpers");
const { Client, StandaloneConfig, ClusterConfig, ResponseError } = haven;

servers("start", "standalone", "cluster");
const VALKEY = process.env.HAVEN_SERVER === "valkey";
const cfg = () => new StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000 });
const LIBRARY = `#!lua name=havennode
redis.register_function('hn_incr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)
redis.register_function{function_name='hn_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}
`;

test("a stream consumer-group cycle", async () => {
  const c = await Client.connect(cfg());
  try {
    const s = key("stream");
    await c.xgroupCreate(s, "workers", "0", { mkstream: true });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await c.xadd(s, { n: i, what: "job" }));
    assert.equal(await c.xlen(s), 5);
    assert.deepEqual((await c.xrange(s)).map((e) => e.id), ids);
    const first = await c.xreadgroup("workers", "alice", { [s]: ">" }, { count: 3 });
    assert.equal(first[0].stream, s);
    assert.deepEqual(first[0].entries.map((e) => e.id), ids.slice(0, 3));
    assert.deepEqual(first[0].entries[0].fields, { n: "0", what: "job" });
    const second = await c.xreadgroup("workers", "bob", { [s]: ">" });
    assert.deepEqual(second[0].entries.map((e) => e.id), ids.slice(3));
    assert.deepEqual(await c.xreadgroup("workers", "bob", { [s]: ">" }, { block: 50 }), []);
    assert.equal(await c.xack(s, "workers", ids[0]), 1);
    const pending = await c.xpending(s, "workers");
    assert.equal(pending.pending, 4);
    assert.deepEqual(pending.consumers.map((x) => [x.name, x.pending]).sort(), [["alice", 2], ["bob", 2]]);
    const claimed = await c.xautoclaim(s, "workers", "carol", 0, "0-0", { count: 10 });
    assert.deepEqual(claimed.entries.map((e) => e.id), ids.slice(1));
    assert.deepEqual(claimed.deleted, []);
    assert.equal(await c.xack(s, "workers", ids.slice(1)), 4);
    assert.equal((await c.xpending(s, "workers")).pending, 0);
    assert.equal((await c.xread({ [s]: "0" }, { count: 2 }))[0].entries.length, 2);
    assert.equal(await c.xtrim(s, { maxlen: 2, approximate: false }), 3);
    assert.equal(await c.xgroupDestroy(s, "workers"), 1);
    assert.throws(() => c.xadd(s, {}), /at least one field/);
    assert.throws(() => c.xread([s]), /streams/);
    await c.del([s]);
  } finally {
    await c.close();
  }
});

test("geo, HyperLogLog, bitmaps and BITFIELD", async () => {
  const c = await Client.connect(cfg());
  try {
    const g = key("geo"), h = key("hll"), b = key("bits"), bf = key("bf");
    assert.equal(
      await c.geoadd(g, [
        { longitude: 13.361389, latitude: 38.115556, member: "Palermo" },
        { longitude: 15.087269, latitude: 37.502669, member: "Catania" },
      ]),
      2,
    );
    assert.equal(Math.round(await c.geodist(g, "Palermo", "Catania", "km")), 166);
    assert.equal(await c.geodist(g, "Palermo", "Nowhere"), null);
    const [pos, none] = await c.geopos(g, ["Palermo", "Nowhere"]);
    assert.ok(Math.abs(pos[0] - 13.361389) < 1e-4 && none === null);
    assert.deepEqual(await c.geosearch(g, { longitude: 15, latitude: 37 }, { radius: 200, unit: "km" }, { sort: "ASC" }), ["Catania", "Palermo"]);
    const rows = await c.geosearch(g, { member: "Palermo" }, { width: 50, height: 50, unit: "km" }, { withDist: true, withCoord: true });
    assert.equal(rows[0].member, "Palermo");
    assert.equal(rows[0].distance, 0);
    assert.ok(Math.abs(rows[0].coordinates[1] - 38.115556) < 1e-4);
    assert.throws(() => c.geosearch(g, {}, { radius: 1, unit: "m" }), /from:/);
    assert.equal(await c.pfadd(h, Array.from({ length: 1000 }, (_, i) => `e${i}`)), 1);
    const estimate = await c.pfcount(h);
    assert.ok(estimate >= 980 && estimate <= 1020, String(estimate));
    assert.equal(await c.setbit(b, 7, 1), 0);
    assert.equal(await c.getbit(b, 7), 1);
    await c.set(b, "foobar");
    assert.equal(await c.bitcount(b), 26);
    assert.equal(await c.bitcount(b, { start: 5, end: 30, mode: "BIT" }), 17);
    assert.deepEqual(await c.bitfield(bf, [["SET", "u8", 0, 255], ["GET", "u8", 0], ["INCRBY", "u8", 0, 10], ["OVERFLOW", "FAIL"], ["INCRBY", "u8", 0, 250]]), [0, 255, 9, null]);
    assert.throws(() => c.bitfield(bf, ["GET u8 0"]), /operations\[0\]/);
    await c.del([g, h, b, bf]);
  } finally {
    await c.close();
  }
});

test("functions: load, call, list, read-only calls refuse writes", async () => {
  const c = await Client.connect(cfg());
  try {
    const k = key("fn");
    assert.equal(await c.functionLoad(LIBRARY, true), "havennode");
    assert.equal(await c.fcall("hn_incr", [k], [5]), 5);
    assert.equal(await c.fcallReadonly("hn_get", [k]), "5");
    const libs = await c.functionList({ libraryName: "havennode", withCode: true });
    assert.equal(libs[0].library_name, "havennode");
    assert.deepEqual(libs[0].functions.map((f) => f.name).sort(), ["hn_get", "hn_incr"]);
    await assert.rejects(c.fcallReadonly("hn_incr", [k], [1]), ResponseError);
    assert.equal(await c.functionDelete("havennode"), "OK");
    await c.del([k]);
  } finally {
    await c.close();
  }
});

test("functions across a cluster: loaded on every primary, called by key", async () => {
  const c = await Client.connect(new ClusterConfig({ seeds: ["127.0.0.1:7000", "127.0.0.1:7001"], requestTimeoutMs: 3000 }));
  try {
    assert.equal(await c.functionLoad(LIBRARY, true), "havennode");
    for (let i = 0; i < 12; i++) {
      const k = key(`cfn${i}`);
      assert.equal(await c.fcall("hn_incr", [k], [2]), 2);
      await c.del([k]);
    }
    assert.equal(await c.functionDelete("havennode"), "OK");
  } finally {
    await c.close();
  }
});

test("hash-field expiry (Valkey 9; Redis 7.0 answers unknown command)", async () => {
  const c = await Client.connect(cfg());
  try {
    const h = key("hfe");
    await c.hset(h, { a: "1", b: "2" });
    if (!VALKEY) {
      await assert.rejects(c.hexpire(h, 100, "a"), /unknown command/i);
      await c.del([h]);
      return;
    }
    assert.deepEqual(await c.hexpire(h, 100, ["a", "missing"]), [1, -2]);
    assert.deepEqual(await c.hexpire(h, 200, "a", "NX"), [0]);
    const [ttl] = await c.httl(h, "a");
    assert.ok(ttl > 90 && ttl <= 100, String(ttl));
    assert.deepEqual(await c.httl(h, "b"), [-1]);
    assert.deepEqual(await c.hpersist(h, ["a", "b"]), [1, -1]);
    await c.del([h]);
  } finally {
    await c.close();
  }
});
