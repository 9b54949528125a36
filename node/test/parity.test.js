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
