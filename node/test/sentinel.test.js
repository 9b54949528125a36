// Sentinel: commands through the discovered primary; SENTINEL FAILOVER moves
// it, the client follows and reports the change.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, waitFor, withFaultLock } = require("./helpers");
const { Client, SentinelConfig } = haven;

servers("start", "sentinel");
const cfg = () =>
  new SentinelConfig({ sentinels: ["127.0.0.1:26420", "127.0.0.1:26421", "127.0.0.1:26422"], masterName: "havenprimary", requestTimeoutMs: 1000 });
const master = () => cli(26420, "SENTINEL", "get-master-addr-by-name", "havenprimary").split("\n").join(":");

test("sentinel: failover followed, event received", { timeout: 600000 } /* includes waiting for the shared fault lock */, async () => {
  await withFaultLock(async () => {
    const c = await Client.connect(cfg());
    const events = [];
    c.on("event", (e) => events.push(e));
    try {
      const k = key("sent");
      assert.equal(await c.set(k, "1"), "OK");
      const before = master();
      // Sentinel refuses a failover while replicas are still syncing, and
      // may abandon one it accepted (failover-timeout): ask until accepted,
      // and again when an accepted one has not taken within 10 s.
      let asked = 0;
      await waitFor("a new primary", () => {
        if (master() !== before && master() !== "") return true;
        if (Date.now() - asked > 10000 && cli(26420, "SENTINEL", "FAILOVER", "havenprimary") === "OK") asked = Date.now();
        return false;
      }, 60000);
      await waitFor("writes through the new primary", async () => (await c.incr(k)) >= 2, 30000);
      await waitFor("a primary change event", () => events.some((e) => e.kind === "primaryChanged" || e.kind === "topologyChanged"), 20000);
      assert.notEqual(master(), before);
      // A write made now lands on the new primary (a write during the switch
      // may be lost by Redis itself when the old primary is demoted).
      const k2 = key("sent-after");
      await waitFor("a write on the new primary", async () => {
        await c.set(k2, "after");
        return cli(Number(master().split(":")[1]), "GET", k2) === "after";
      }, 20000);
    } finally {
      await c.close();
    }
  });
});
