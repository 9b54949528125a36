// Riding through failovers (issue 17): with a request timeout longer than the
// failover, requests to an unreachable primary wait, parked, and go to the
// new primary (cluster SIGKILL, Sentinel SIGKILL, standalone REPLICAOF swap);
// primaryPreferred reads go to a replica meanwhile; a write on the wire when
// the link died is resent only when marked resendSafe; failFast turns the
// waiting off. Every fault holds the shared fault lock and the servers are
// restored before it is released.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const net = require("node:net");
const path = require("node:path");
const { execFile } = require("node:child_process");
const { haven, servers, cli, key, sleep, waitFor, withFaultLock, replicasCaughtUp, ROOT } = require("./helpers");
const { Client, ClusterConfig, SentinelConfig, StandaloneConfig, ConnectionError, READ_FROM } = haven;

servers("start", "standalone", "cluster", "sentinel", "spare");
const SEEDS = [7000, 7001, 7002].map((p) => `127.0.0.1:${p}`);
const SENTINELS = [26420, 26421, 26422].map((p) => `127.0.0.1:${p}`);
const LOCKED = { timeout: 600000 }; // includes waiting for the shared fault lock

// ------------------------------------------------------------------ helpers

/**
 * SIGKILLs a node without blocking the event loop (servers() does), so the
 * writers keep requests on the wire at the kill.
 */
function killNode(port) {
  return new Promise((resolve, reject) =>
    execFile("bash", [path.join(ROOT, "scripts", "servers.sh"), "kill-node", String(port)], (e) => (e ? reject(e) : resolve())),
  );
}

function clusterNodes(at = 7000) {
  return cli(at, "CLUSTER", "NODES").split("\n").filter((l) => l.trim() !== "");
}
/** Live primaries in `at`'s view: [{ port, ranges: [[lo, hi], ...] }]. */
function primaries(at = 7000) {
  return clusterNodes(at)
    .filter((l) => l.includes("master") && !l.includes("fail") && l.includes("connected"))
    .map((l) => {
      const f = l.split(" ");
      const ranges = f
        .slice(8)
        .filter((r) => !r.startsWith("["))
        .map((r) => r.split("-").map(Number))
        .map(([lo, hi]) => [lo, hi ?? lo]);
      return { port: Number(f[1].split("@")[0].split(":")[1]), ranges };
    });
}
const serves = (p, slot) => p.ranges.some(([lo, hi]) => slot >= lo && slot <= hi);
/** A hash tag whose slot `port` serves. */
function tagOn(port, prefix) {
  const p = primaries().find((x) => x.port === port);
  for (let i = 0; ; i++) {
    const tag = `${prefix}-${process.pid}-${i}`;
    if (serves(p, Number(cli(7000, "CLUSTER", "KEYSLOT", tag)))) return tag;
  }
}
async function clusterHealthy() {
  await waitFor(
    "a healthy cluster",
    () => primaries().length === 3 && cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok") && !clusterNodes().some((l) => l.includes("fail")),
    90000,
  );
}
async function restoreCluster(victim) {
  if (cli(victim, "PING") !== "PONG") servers("restart-node", String(victim));
  await clusterHealthy().catch(() => {});
  await sleep(500);
}

/**
 * `writers` loops writing their own keys (`keyOf(w)`) from now until `stop()`;
 * resolves to { ok, errors }.
 */
function writeLoad(c, keyOf, writers) {
  let stopped = false;
  let ok = 0;
  const errors = [];
  const loops = Array.from({ length: writers }, async (_, w) => {
    for (let n = 1; !stopped; n++) {
      try {
        await c.set(keyOf(w), String(n));
        ok++;
      } catch (e) {
        errors.push(e);
      }
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return { ok, errors };
    },
  };
}

/** Writes for 300 ms, runs `fault`, keeps writing for `settleMs`; { ok, errors }. */
async function ride(c, keyOf, writers, fault, settleMs) {
  const load = writeLoad(c, keyOf, writers);
  await sleep(300);
  await fault();
  await sleep(settleMs);
  return load.stop();
}

function checkRide(t, what, { ok, errors }, writers, stats) {
  t.diagnostic(`${what}: ${ok} writes ok, ${errors.length} failed, parkStats ${JSON.stringify(stats)}`);
  // Only writes on the wire when the link died may fail (they are not resent).
  assert.ok(errors.length <= writers, `${errors.length} writes failed: ${errors.slice(0, 3).map(String)}`);
  for (const e of errors) assert.ok(e instanceof ConnectionError, `not a ConnectionError: ${e}`);
  assert.ok(stats.parkedTotal > 0 && stats.resumed > 0, `nothing parked and resumed: ${JSON.stringify(stats)}`);
  assert.equal(stats.parkedNow, 0);
  assert.ok(ok > 0);
}

// -------------------------------------------------------------------- tests

test("primary_preferred is a read strategy; failFast and resendSafe are checked options", async () => {
  assert.ok(READ_FROM.includes("primary_preferred"));
  assert.throws(() => new StandaloneConfig({ addresses: ["127.0.0.1:6400"], failFast: "yes" }), /failFast: expected a boolean/);
  const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6400"], readFrom: "primary_preferred", failFast: true }));
  try {
    assert.throws(() => c.command(["PING"], { resendSafe: 1 }), /resendSafe: expected a boolean/);
    assert.equal(await c.command(["PING"], { resendSafe: true }), "PONG");
    assert.deepEqual(await c.pipeline().ping().exec({ resendSafe: true }), ["PONG"]);
    assert.deepEqual(c.parkStats(), { parkedNow: 0, parkedTotal: 0, resumed: 0, longestWaitMs: 0 });
  } finally {
    await c.close();
  }
});

// ------------------------------------------- a TCP proxy for link faults

/**
 * A TCP proxy to `target`: "forward"; "blackhole" holds the bytes both ways
 * (the sockets stay open); "cut" closes every link (held bytes are dropped)
 * and refuses new ones until `heal()`.
 */
class Proxy {
  constructor(target) {
    this.target = target;
    this.mode = "forward";
    this.links = new Set();
    this.server = net.createServer((client) => this.accept(client));
  }
  async start() {
    await new Promise((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = this.server.address().port;
    return this;
  }
  accept(client) {
    if (this.mode === "cut") return client.destroy();
    const upstream = net.connect(this.target, "127.0.0.1");
    const link = { client, upstream, held: [] };
    this.links.add(link);
    const pass = (to) => (chunk) => {
      if (this.mode === "forward") to.write(chunk);
      else if (this.mode === "blackhole") link.held.push([to, chunk]);
    };
    client.on("data", pass(upstream));
    upstream.on("data", pass(client));
    const end = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on("error", end);
      s.on("close", end);
    }
  }
  blackhole() {
    this.mode = "blackhole";
  }
  cut() {
    this.mode = "cut";
    for (const l of this.links) {
      l.held = [];
      l.client.destroy();
      l.upstream.destroy();
    }
    this.links.clear();
  }
  heal() {
    this.mode = "forward";
    for (const l of this.links) for (const [to, chunk] of l.held.splice(0)) to.write(chunk);
  }
  close() {
    this.cut();
    this.server.close();
  }
}

test("a primary cut off: requests wait until their deadline (parked, counted); with failFast they fail at once", async () => {
  const proxy = await new Proxy(6400).start();
  // Reconnects every 100-200 ms: after the heal the link is back well
  // within the last request's deadline (the default backoff grows to 5 s).
  const base = { addresses: [`127.0.0.1:${proxy.port}`], requestTimeoutMs: 1500, reconnect: { baseMs: 100, maxMs: 200 } };
  try {
    const c = await Client.connect(new StandaloneConfig(base));
    const fast = await Client.connect(new StandaloneConfig({ ...base, failFast: true }));
    const parking = [];
    c.on("parking", (e) => parking.push(e.kind));
    try {
      assert.equal(await c.ping(), "PONG");
      assert.equal(await fast.ping(), "PONG");
      proxy.cut(); // links closed, new ones refused: the primary is unreachable
      await sleep(100);
      let t0 = Date.now();
      await assert.rejects(fast.get(key("f")), ConnectionError);
      assert.ok(Date.now() - t0 < 1000, `failFast waited ${Date.now() - t0} ms`);
      assert.equal(fast.parkStats().parkedTotal, 0);
      t0 = Date.now();
      const waits = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => c.get(key(`p${i}`))));
      const waited = Date.now() - t0;
      assert.ok(waits.every((r) => r.status === "rejected"), "a cut-off node answered");
      assert.ok(waited >= 1200 && waited < 4000, `waited ${waited} ms for a 1500 ms deadline`);
      const s = c.parkStats();
      assert.ok(s.parkedTotal >= 5 && s.parkedNow === 0 && s.longestWaitMs >= 1000, JSON.stringify(s));
      await waitFor("the parking events", () => parking.includes("requestsParked") && parking.includes("requestsResumed"), 5000);
      // Healed within the deadline: a parked request goes on.
      const later = c.command(["GET", key("later")], { timeoutMs: 5000 });
      await sleep(300);
      proxy.heal();
      assert.equal(await later, null);
      assert.ok(c.parkStats().resumed >= 1, JSON.stringify(c.parkStats()));
    } finally {
      await c.close();
      await fast.close();
    }
  } finally {
    proxy.close();
  }
});

test("cluster: writes during a primary SIGKILL succeed after the promotion", LOCKED, async (t) => {
  await withFaultLock(async () => {
    await clusterHealthy();
    const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 5000 }));
    const events = [];
    c.on("event", (e) => events.push(e.kind));
    const victim = primaries()[0].port;
    try {
      const tag = tagOn(victim, "ride");
      const slot = Number(cli(7000, "CLUSTER", "KEYSLOT", tag));
      const writers = 10;
      const r = await ride(c, (w) => `{${tag}}:${w}`, writers, () => killNode(victim), 6000);
      checkRide(t, `cluster SIGKILL of ${victim}`, r, writers, c.parkStats());
      assert.ok(events.includes("requestsParked"), `no requestsParked event: ${events}`);
      // The writes after the kill landed on the heir. (A survivor's view may
      // lag a moment, or name the victim again if another suite's
      // `servers.sh start` brought it back: wait for a heir.)
      const survivor = victim === 7000 ? 7001 : 7000;
      let heir;
      await waitFor("a heir of the slot", () => {
        heir = primaries(survivor).find((p) => serves(p, slot));
        return heir !== undefined && heir.port !== victim;
      }, 30000);
      assert.notEqual(cli(heir.port, "GET", `{${tag}}:0`), "");
    } finally {
      await c.close();
      await restoreCluster(victim);
    }
  });
});

test("cluster: primary_preferred reads succeed throughout a primary SIGKILL", LOCKED, async (t) => {
  await withFaultLock(async () => {
    await clusterHealthy();
    const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 1000, readFrom: "primary_preferred" }));
    const victim = primaries()[1].port;
    try {
      const k = `{${tagOn(victim, "pp")}}:read`;
      await c.set(k, "v");
      // The shard's replica has the write before the kill (one an earlier
      // test restarted may still be syncing: it would answer reads without
      // the write, and take over without it).
      await waitFor(`the write on a replica of ${victim}`, () => replicasCaughtUp(victim), 60000);
      let stopped = false;
      let ok = 0;
      const failed = [];
      const readers = Array.from({ length: 5 }, async () => {
        while (!stopped) {
          try {
            const v = await c.get(k);
            if (v === "v") ok++;
            else failed.push(`read ${v}`);
          } catch (e) {
            failed.push(String(e));
          }
        }
      });
      await sleep(300);
      await killNode(victim); // the readers keep reading meanwhile
      await sleep(3000);
      stopped = true;
      await Promise.all(readers);
      t.diagnostic(`primary_preferred through a SIGKILL of ${victim}: ${ok} reads ok, ${failed.length} failed`);
      assert.deepEqual(failed.slice(0, 3), []);
      assert.ok(ok > 100, `${ok} reads`);
    } finally {
      await c.close();
      await restoreCluster(victim);
    }
  });
});

test("sentinel: writes during a primary SIGKILL succeed after the failover", LOCKED, async (t) => {
  await withFaultLock(async () => {
    servers("start", "sentinel");
    const master = () => cli(26420, "SENTINEL", "get-master-addr-by-name", "havenprimary").split("\n");
    await waitFor("sentinel's primary up", () => cli(Number(master()[1]), "PING") === "PONG", 30000);
    // A Sentinel failover whose first attempt fails is tried again after
    // twice failover-timeout (3 s, scripts/servers.sh): 8 s and more on a
    // loaded 2-core machine. Parked writes must outlast it.
    const c = await Client.connect(new SentinelConfig({ sentinels: SENTINELS, masterName: "havenprimary", requestTimeoutMs: 15000 }));
    const primary = Number(master()[1]);
    try {
      const writers = 5;
      const k = key("sride");
      const r = await ride(c, (w) => `${k}:${w}`, writers, () => killNode(primary), 5000);
      checkRide(t, `Sentinel SIGKILL of ${primary}`, r, writers, c.parkStats());
    } finally {
      await c.close();
      servers("start", "sentinel"); // restarts the killed node (Sentinel makes it a replica)
      await waitFor("the old primary back", () => cli(primary, "PING") === "PONG", 30000).catch(() => {});
    }
  });
});

test("standalone: writes ride through a REPLICAOF swap (spare nodes 6452 -> 6453)", LOCKED, async (t) => {
  await withFaultLock(async () => {
    servers("start", "spare");
    try {
      assert.equal(cli(6452, "REPLICAOF", "NO", "ONE"), "OK");
      assert.equal(cli(6453, "REPLICAOF", "127.0.0.1", "6452"), "OK");
      await waitFor("6453 synced", () => cli(6453, "INFO", "replication").includes("master_link_status:up"), 20000);
      const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6452", "127.0.0.1:6453"], requestTimeoutMs: 5000 }));
      try {
        const writers = 5;
        const k = key("swap");
        const r = await ride(
          c,
          (w) => `${k}:${w}`,
          writers,
          async () => {
            await killNode(6452);
            await sleep(500);
            assert.equal(cli(6453, "REPLICAOF", "NO", "ONE"), "OK");
          },
          3000,
        );
        checkRide(t, "REPLICAOF swap", r, writers, c.parkStats());
        assert.notEqual(cli(6453, "GET", `${k}:0`), "");
      } finally {
        await c.close();
      }
    } finally {
      if (cli(6452, "PING") !== "PONG") servers("restart-node", "6452");
      cli(6453, "REPLICAOF", "NO", "ONE");
      servers("start", "spare");
    }
  });
});

test("a write on the wire when the link dies is resent only when marked resendSafe", async () => {
  const proxy = await new Proxy(6400).start();
  const c = await Client.connect(new StandaloneConfig({ addresses: [`127.0.0.1:${proxy.port}`], requestTimeoutMs: 5000 }));
  try {
    for (const marked of [false, true]) {
      const k = key(`resend-${marked}`);
      proxy.blackhole();
      const outcome = c.command(["INCR", k], { resendSafe: marked }).then(
        (v) => ({ v }),
        (e) => ({ e }),
      );
      await sleep(300);
      proxy.cut(); // the INCR was on the wire when the link died
      await sleep(300);
      proxy.heal();
      const { v, e } = await outcome;
      if (marked) {
        assert.equal(e, undefined, `a marked write is resent on the new link: ${e}`);
        assert.equal(v, 1);
      } else {
        assert.ok(e instanceof ConnectionError, `an unmarked write on the wire is not resent: ${e ?? v}`);
        assert.equal(cli(6400, "GET", k), "", "the unmarked INCR ran after all?");
      }
      assert.equal(await c.ping(), "PONG");
    }
  } finally {
    await c.close();
    proxy.close();
  }
});
