// A cluster primary is SIGKILLed: the client keeps serving (after the
// replica takes over) and reports a topology event. The node is restarted
// before the fault lock is released.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, waitFor, withFaultLock, sleep } = require("./helpers");
const { Client, ClusterConfig } = haven;

servers("start", "cluster");
const SEEDS = [7000, 7001, 7002, 7003, 7004, 7005].map((p) => `127.0.0.1:${p}`);

function primaries() {
  return cli(7000, "CLUSTER", "NODES")
    .split("\n")
    .filter((l) => l.includes("master") && !l.includes("fail") && l.includes("connected"))
    .map((l) => Number(l.split(" ")[1].split("@")[0].split(":")[1]));
}

test("cluster: scanIterator walks every primary with one cursor", async () => {
  const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 3000 }));
  try {
    const prefix = key("scan");
    const names = Array.from({ length: 500 }, (_, i) => `${prefix}:${i}`);
    for (const n of names) await c.set(n, "1");
    const seen = [];
    for await (const k of c.scanIterator({ match: `${prefix}:*`, count: 100 })) seen.push(k);
    assert.deepEqual([...seen].sort(), [...names].sort());
    const [cursor] = await c.scan("0", { match: `${prefix}:*`, count: 100 });
    assert.ok(cursor.startsWith("hc1:"), cursor);
    await assert.rejects(c.scan("hc1:garbage"), /invalid cursor/);
    for (const n of names) await c.del([n]);
  } finally {
    await c.close();
  }
});

test("cluster: basic commands, batches across slots", async () => {
  const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 2000 }));
  try {
    const keys = Array.from({ length: 20 }, (_, i) => key(`c${i}`));
    for (const k of keys) await c.set(k, k);
    for (const k of keys) assert.equal(await c.get(k), k);
    const r = await c.pipeline().get(keys[0]).get(keys[1]).get(keys[2]).exec();
    assert.deepEqual(r, keys.slice(0, 3));
    assert.equal(c.nodes().filter((n) => n.role === "primary").length, 3);
  } finally {
    await c.close();
  }
});

test("cluster: primary killed, the client keeps serving, topology event", { timeout: 600000 } /* includes waiting for the shared fault lock */, async (t) => {
  await withFaultLock(async () => {
    await waitFor("a healthy cluster", () => primaries().length === 3 && cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok"), 60000);
    const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 1000, refreshIntervalMs: 1000 }));
    const events = [];
    c.on("topology", (e) => events.push(e));
    const all = [];
    c.on("event", (e) => all.push(e));
    const keys = Array.from({ length: 30 }, (_, i) => key(`f${i}`));
    const victim = primaries()[0];
    const slotsOf = (port) =>
      cli(7000, "CLUSTER", "NODES")
        .split("\n")
        .find((l) => l.includes(`:${port}@`) && l.includes("master"))
        ?.split(" ")
        .slice(8)
        .join(" ");
    const victimSlots = slotsOf(victim);
    try {
      for (const k of keys) await c.set(k, "before");
      servers("kill-node", String(victim));
      await waitFor(
        "every key writable again",
        async () => {
          const rs = await Promise.allSettled(keys.map((k) => c.set(k, "after")));
          return rs.every((r) => r.status === "fulfilled");
        },
        60000,
      );
      for (const k of keys) assert.equal(await c.get(k), "after");
      try {
        await waitFor("a topology event", () => events.length > 0, 40000);
      } catch (e) {
        // Only a real change of primary must be reported: if the node came
        // back (another suite restarting it) before its replica was
        // promoted, the layout never changed.
        if (slotsOf(victim) === victimSlots) {
          t.diagnostic(`no failover happened (${victim} back as primary before its replica was promoted); events: ${all.map((x) => x.kind)}`);
          return;
        }
        throw new Error(`${e.message}; all events: ${JSON.stringify(all.map((x) => x.kind))}`);
      }
      assert.ok(events.some((e) => e.kind === "topologyChanged" || e.kind === "primaryChanged"));
    } finally {
      await c.close();
      if (cli(victim, "PING") !== "PONG") servers("restart-node", String(victim));
      await waitFor("the restarted node to rejoin", () => cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok") && primaries().length === 3, 60000).catch(() => {});
      await sleep(500);
    }
  });
});
