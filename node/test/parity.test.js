// Parity with the command specification (proto/commands.json, written by
// scripts/gen_command_table.py from both servers' COMMAND DOCS): every
// command with a Node method name there must be a method of Client (and of
// Batch, which shares them), except those in test/parity_pending.txt, the
// ones not typed yet. The list only shrinks: a command typed since must
// leave it; a command gone missing fails. Single-word names match without
// regard to case (incrBy is INCRBY). HAVEN_PARITY_WRITE=1 rewrites the list.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { haven, ROOT, servers, key } = require("./helpers");

const PENDING = path.join(__dirname, "parity_pending.txt");

function methods(proto) {
  const out = new Set();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (d && typeof d.value === "function") out.add(name.toLowerCase());
    }
  }
  return out;
}

test("every command of the specification is a method", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, "proto", "commands.json"), "utf8")).commands;
  const client = methods(haven.Client.prototype);
  const batch = methods(haven.Batch.prototype);
  const expected = Object.entries(spec).filter(([, e]) => e.methods);
  const missing = expected
    .filter(([, e]) => !(client.has(e.methods.node.toLowerCase()) && batch.has(e.methods.node.toLowerCase())))
    .map(([name]) => name)
    .sort();
  if (process.env.HAVEN_PARITY_WRITE) fs.writeFileSync(PENDING, missing.map((n) => `${n}\n`).join(""));
  const pending = fs.readFileSync(PENDING, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  const newlyMissing = missing.filter((n) => !pending.includes(n));
  const nowTyped = pending.filter((n) => !missing.includes(n));
  assert.deepEqual(newlyMissing, [], `commands of the specification without a Node method: ${newlyMissing}`);
  assert.deepEqual(nowTyped, [], `typed now: remove from parity_pending.txt: ${nowTyped}`);
  console.log(`node parity: ${expected.length - missing.length} of ${expected.length} commands typed (${missing.length} pending)`);
});

test("methods generated from the specification run their commands", async () => {
  servers("start", "standalone");
  const c = await haven.Client.connect(new haven.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000 }));
  try {
    const k = key("gen"), z = key("gen-z"), d = key("gen-d");
    await c.set(k, "v");
    assert.equal(await c.objectEncoding(k), "embstr");
    assert.equal(await c.getset(k, "w"), "v");
    assert.equal(await c.aclWhoami(), "default");
    assert.ok((await c.clientId()) > 0);
    await c.zadd(z, [{ member: "a", score: 0 }, { member: "b", score: 0 }]);
    assert.equal(await c.zlexcount(z, "[a", "[b"), 2);
    await c.sadd(d + "1", ["x", "y"]);
    assert.equal(await c.sinterstore(d, [d + "1"]), 2);
    assert.throws(() => c.sunionstore(d, []), /at least one/);
    assert.deepEqual(await c.pipeline().objectEncoding(k).zlexcount(z, "-", "+").exec(), ["embstr", 2]);
    const l = key("gen-l");
    await c.rpush(l, ["a", "b", "c", "b"]);
    assert.equal(await c.lpos(l, "b", { rank: 2 }), 3);
    assert.deepEqual(await c.lpos(l, "b", { numMatches: 0 }), [1, 3]);
    assert.equal(await c.copy(k, d + "2"), 1);
    assert.equal(await c.copy(k, d + "2", { replace: true }), 1);
    assert.equal(await c.lmove(l, l, "LEFT", "RIGHT"), "a");
    await c.del([k, z, d, d + "1", d + "2", l]);
  } finally {
    await c.close();
  }
});

// The shapes generated beyond plain arguments: a repeated argument before a
// required one (BZPOPMIN keys timeout), counts computed (SINTERCARD, EVAL_RO
// with no keys), repeated pairs (HMSET from an object or pairs), an optional
// block given together (SORT offset/count, ZRANDMEMBER count withscores), a
// choice of values (GEORADIUS store | storedist), a required choice (CLUSTER
// SETSLOT), the hand-written CLIENT KILL, SHUTDOWN and CLUSTER MIGRATESLOTS,
// and their argument errors.
test("generated blocks, counts and choices reach the server", async () => {
  servers("start", "standalone");
  const c = await haven.Client.connect(new haven.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000 }));
  try {
    const [h, s1, s2, z, g, l] = ["h", "s1", "s2", "z", "g", "l"].map((x) => key(`gen2-${x}`));
    assert.equal(await c.hmset(h, { f1: "a", f2: "b" }), "OK");
    assert.equal(await c.hmset(h, [["f3", "c"]]), "OK");
    assert.deepEqual(await c.hgetall(h), { f1: "a", f2: "b", f3: "c" });
    assert.throws(() => c.hmset(h, [["f1"]]), /data\[0\]: expected 2 values/);
    await c.sadd(s1, ["a", "b", "c"]);
    await c.sadd(s2, ["b", "c", "d"]);
    assert.equal(await c.sintercard([s1, s2]), 2);
    assert.equal(await c.sintercard([s1, s2], { limit: 1 }), 1);
    assert.equal(await c.evalReadonly("return #KEYS"), 0);
    assert.deepEqual(await c.evalReadonly("return {#KEYS, ARGV[1]}", { key: [s1, s2], arg: ["x"] }), [2, "x"]);
    await c.zadd(z, [{ member: "a", score: 1 }, { member: "b", score: 2 }, { member: "c", score: 3 }]);
    const popped = await c.bzpopmin([z + "-none", z], 1);
    assert.deepEqual(popped.slice(0, 2), [z, "a"]);
    assert.equal(Number(popped[2]), 1);
    assert.equal(await c.zintercard([z, z]), 2);
    assert.throws(() => c.zrandmember(z, { withscores: true }), /opts.withscores: needs count/);
    assert.deepEqual(await c.zrangebylex(z, "-", "+", { offset: 1, count: 1 }), ["c"]);
    assert.throws(() => c.zrangebylex(z, "-", "+", { offset: 1 }), /opts.offset: needs count/);
    await c.rpush(l, ["3", "1", "2"]);
    assert.deepEqual(await c.sort(l), ["1", "2", "3"]);
    assert.deepEqual(await c.sort(l, { offset: 0, count: 2, order: "DESC" }), ["3", "2"]);
    assert.deepEqual(await c.sort(l, { alpha: true, order: "DESC" }), ["3", "2", "1"]);
    await c.geoadd(g, [{ longitude: 13.361389, latitude: 38.115556, member: "Palermo" }, { longitude: 15.087269, latitude: 37.502669, member: "Catania" }]);
    const near = await c.georadius(g, 15, 37, 200, "KM", { withdist: true, count: 1, order: "ASC" });
    assert.equal(near[0][0], "Catania");
    assert.throws(() => c.georadius(g, 15, 37, 200, "KM", { store: g + "-a", storedist: g + "-b" }), /store, storedist exclude each other/);
    assert.throws(() => c.georadius(g, 15, 37, 200, "KM", { any: true }), /opts.any: needs count/);
    assert.equal(await c.georadius(g, 15, 37, 200, "KM", { storedist: g + "-d" }), 2);
    assert.throws(() => c.clusterSetslot(1, {}), /give one of importing, migrating, node, stable/);
    assert.throws(() => c.clusterSetslot(1, { importing: "x", stable: true }), /importing, stable exclude each other/);
    await assert.rejects(c.clusterSetslot(1, { stable: true }), (e) => e instanceof haven.ResponseError && /cluster/i.test(e.message));
    assert.equal(await c.aclLog({ reset: true }), "OK");
    assert.ok(Array.isArray(await c.commandList({ pattern: "zrange*" })));
    assert.equal(await c.clientKill({ id: [999999999], skipMe: true }), 0);
    assert.throws(() => c.clientKill({ colour: "red" }), /target.colour: not a CLIENT KILL filter/);
    await assert.rejects(c.clientKill("1.2.3.4:5"), haven.ResponseError);
    assert.throws(() => c.shutdown({ abort: true, now: true }), /opts.abort: takes no other option/);
    await assert.rejects(c.shutdown({ abort: true }), haven.ResponseError); // none in progress
    assert.throws(() => c.clusterMigrateslots({}), /migrations: expected/);
    assert.deepEqual(await c.pipeline().sintercard([s1, s2]).sort(l, { offset: 0, count: 1 }).exec(), [2, ["1"]]);
    await c.del([h, s1, s2, z, g, l, g + "-d"]);
  } finally {
    await c.close();
  }
});
