// The shared (multiplexed) connection stays clean: blocking commands run on
// dedicated connections beside every other caller, a blocking command can be
// aborted without losing data, connection-state commands are refused on the
// shared connection, sessions give WATCH-guarded transactions, a panic in the
// engine becomes InternalError, and deep replies arrive whole.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const { haven, servers, cli, key, sleep, waitFor, withFaultLock } = require("./helpers");
const { Client, StandaloneConfig, ClusterConfig, ConfigError, WatchError, InternalError, AbortError, Session } = haven;

servers("start", "standalone", "cluster");
const PORT = 6400;
const cfg = (o = {}) => new StandaloneConfig({ addresses: [`127.0.0.1:${PORT}`], ...o });
const SEEDS = [7000, 7001, 7002, 7003, 7004, 7005].map((p) => `127.0.0.1:${p}`);

/** Pushes `value` onto `list` from another connection after `ms`. */
function pushLater(ms, list, value) {
  return sleep(ms).then(() => cli(PORT, "RPUSH", list, value));
}

test("50 GET loops beside a BLPOP and an XREADGROUP BLOCK on the same client: no error", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 1000 }));
  try {
    const k = key("get");
    await c.set(k, "v");
    const q = key("q");
    const stream = key("stream");
    await c.command(["XGROUP", "CREATE", stream, "g", "$", "MKSTREAM"]);
    const started = Date.now();
    // Their own 2 s server timeouts exceed the 1 s request timeout: the
    // engine's deadline for them is the server timeout plus the request's.
    const blpop = c.command(["BLPOP", q, "2"]);
    const xread = c.command(["XREADGROUP", "GROUP", "g", "c1", "BLOCK", "2000", "STREAMS", stream, ">"]);
    let gets = 0;
    let worst = 0;
    const loops = Array.from({ length: 50 }, async () => {
      while (Date.now() - started < 1500) {
        const t0 = Date.now();
        assert.equal(await c.get(k), "v");
        worst = Math.max(worst, Date.now() - t0);
        gets++;
      }
    });
    await Promise.all(loops);
    assert.equal(await blpop, null);
    assert.equal(await xread, null);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1900, `the blocking commands ran their 2 s (${elapsed} ms)`);
    assert.ok(gets > 500, `GETs kept flowing beside the blocking commands (${gets})`);
    assert.ok(worst < 500, `no GET waited behind a blocking command (worst ${worst} ms)`);
  } finally {
    await c.close();
  }
});

test("BLPOP q 1 with the default request timeout receives an element pushed at 600 ms", async () => {
  const c = await Client.connect(cfg()); // requestTimeoutMs 250
  try {
    const q = key("q");
    const push = pushLater(600, q, "x");
    const t0 = Date.now();
    assert.deepEqual(await c.command(["BLPOP", q, "1"]), [q, "x"]);
    assert.ok(Date.now() - t0 >= 550);
    await push;
    assert.equal(await c.llen(q), 0);
  } finally {
    await c.close();
  }
});

test("BLPOP q 0 aborted by an AbortSignal rejects, and a later push stays in the list", async () => {
  const name = `node-abort-${process.pid}`;
  const c = await Client.connect(cfg({ clientName: name }));
  const orphans = [];
  c.on("event", (e) => {
    if (/orphan/i.test(e.kind)) orphans.push(e);
  });
  try {
    const q = key("q");
    const ac = new AbortController();
    const t0 = Date.now();
    const p = c.command(["BLPOP", q, "0"], { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(p, (e) => e instanceof AbortError && e.name === "AbortError" && e.code === "ABORT_ERR");
    const took = Date.now() - t0;
    assert.ok(took >= 280 && took < 1500, `rejected at the abort (${took} ms)`);
    // The engine unblocks the server side (CLIENT UNBLOCK): wait until no
    // connection of this client is blocked any more, then push.
    const blocked = () =>
      cli(PORT, "CLIENT", "LIST")
        .split("\n")
        .filter((l) => l.includes(` name=${name} `) && / flags=\S*b/.test(l));
    await waitFor("the BLPOP unblocked on the server", () => blocked().length === 0, 5000);
    assert.equal(cli(PORT, "RPUSH", q, "kept"), "1");
    await sleep(200);
    assert.deepEqual(await c.lrange(q, 0, -1), ["kept"], "the element pushed after the abort stays in the list");
    assert.deepEqual(orphans, []);
    // The client (and the dedicated pool) still serve blocking commands.
    assert.deepEqual(await c.command(["BLPOP", q, "1"]), [q, "kept"]);
  } finally {
    await c.close();
  }
});

test("AbortSignal: already aborted rejects without sending; after the reply it is a no-op", async () => {
  const c = await Client.connect(cfg());
  try {
    const k = key("a");
    const ac = new AbortController();
    ac.abort(new Error("not wanted"));
    await assert.rejects(c.command(["SET", k, "1"], { signal: ac.signal }), (e) => e instanceof AbortError && e.cause.message === "not wanted");
    await assert.rejects(c.customCommand(["SET", k, "1"], { signal: ac.signal }), AbortError);
    assert.equal(await c.get(k), null, "an aborted-before-sending command is not sent");
    const late = new AbortController();
    assert.equal(await c.command(["SET", k, "2"], { signal: late.signal }), "OK");
    late.abort();
    assert.equal(await c.get(k), "2");
    assert.throws(() => c.command(["GET", k], { signal: {} }), { name: "TypeError", message: /signal/ });
    // Aborting many blocking commands at once, before and while they run.
    const many = new AbortController();
    const ps = Array.from({ length: 10 }, (_, i) => c.command(["BLPOP", key(`m${i}`), "0"], { signal: many.signal }));
    many.abort();
    for (const p of ps) await assert.rejects(p, AbortError);
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
  }
});

test("SELECT through the generic command: ConfigError, other callers unaffected", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
  try {
    const k = key("db");
    await c.set(k, "db0");
    let stop = false;
    const readers = Array.from({ length: 10 }, async () => {
      let n = 0;
      while (!stop) {
        assert.equal(await c.get(k), "db0");
        n++;
      }
      return n;
    });
    await assert.rejects(c.command(["SELECT", "1"]), (e) => e instanceof ConfigError && /not sent/.test(e.message));
    await assert.rejects(c.customCommand(["select", "1"]), ConfigError);
    for (const cmd of [["MULTI"], ["WATCH", k], ["SUBSCRIBE", "ch"], ["CLIENT", "TRACKING", "on"], ["HELLO", "2"], ["QUIT"]])
      await assert.rejects(c.command(cmd), (e) => e instanceof ConfigError && /not sent/.test(e.message), cmd.join(" "));
    await sleep(100);
    stop = true;
    const counts = await Promise.all(readers);
    assert.ok(counts.every((n) => n > 0));
    assert.equal(await c.get(k), "db0");
    // In a session, SELECT is the session's own business.
    await c.withSession(async (s) => {
      assert.equal(await s.command(["SELECT", "1"]), "OK");
      assert.equal(await s.get(k), null);
    });
    assert.equal(await c.get(k), "db0");
  } finally {
    await c.close();
  }
});

/** `workers` x `each` WATCH-guarded increments of `k`; the WatchError retries. */
async function watchedIncrements(c, k, workers, each) {
  let retries = 0;
  await Promise.all(
    Array.from({ length: workers }, () =>
      c.withSession(async (s) => {
        for (let i = 0; i < each; i++) {
          for (;;) {
            await s.watch(k);
            const n = Number((await s.get(k)) ?? 0);
            try {
              const r = await s.multi().set(k, String(n + 1)).exec();
              assert.deepEqual(r, ["OK"]);
              break;
            } catch (e) {
              if (!(e instanceof WatchError)) throw e;
              retries++;
            }
          }
        }
      }),
    ),
  );
  return retries;
}

test("20 workers x 25 WATCH-guarded increments end at 500 (standalone)", async (t) => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
  try {
    const k = key("counter");
    const retries = await watchedIncrements(c, k, 20, 25);
    assert.equal(await c.get(k), "500");
    assert.ok(retries > 0, "some transactions were aborted by a concurrent write and retried");
    t.diagnostic(`standalone WatchError retries: ${retries}`);
  } finally {
    await c.close();
  }
});

test("20 workers x 25 WATCH-guarded increments end at 500 (cluster, hash-tagged key)", async () => {
  await waitFor("a healthy cluster", () => cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok"), 60000);
  const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 2000 }));
  try {
    const k = `{${key("counter")}}`;
    const retries = await watchedIncrements(c, k, 20, 25);
    assert.equal(await c.get(k), "500");
    assert.ok(retries > 0, "some transactions were aborted by a concurrent write and retried");
    // Keys of several slots in one session: a clear ClusterError.
    await c.withSession(async (s) => {
      await s.watch(`${k}:a`);
      await assert.rejects(s.get(key("other-slot")), haven.ClusterError);
    });
  } finally {
    await c.close();
  }
});

// Requests made in reply callbacks are held by the addon and started
// together once the callbacks have run (or, past a limit, handed to the
// engine's outbox): either way in the order they were made.
for (const [deployment, connect] of [
  ["standalone", () => Client.connect(cfg({ requestTimeoutMs: 5000 }))],
  ["cluster", () => Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 5000 }))],
]) {
  test(`requests made in reply callbacks keep their order, 10 and 60 callers (${deployment})`, async () => {
    const c = await connect();
    try {
      for (const callers of [10, 60]) {
        const chains = Array.from({ length: callers }, async (_, w) => {
          const k = key(`order:${w}`);
          for (let i = 0; i < 100; i++) {
            const [set, get, incr] = await Promise.all([c.set(k, String(i)), c.get(k), c.incr(k)]);
            assert.equal(set, "OK");
            assert.equal(get, String(i), `caller ${w}: the GET after SET ${i}`);
            assert.equal(incr, i + 1);
          }
        });
        await Promise.all(chains);
      }
    } finally {
      await c.close();
    }
  });
}

test("a session released in a callback right after its command: the command runs first", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
  try {
    const k = key("held-session");
    await c.set(k, "0");
    for (let i = 0; i < 20; i++) {
      // Ten callers at once, so the commands made in their callbacks are held.
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          await c.get(k);
          const s = await c.session();
          const incr = s.incr(k);
          const released = s.release();
          assert.equal(typeof (await incr), "number");
          await released;
        }),
      );
    }
    assert.equal(await c.get(k), "200");
  } finally {
    await c.close();
  }
});

test("close() right after requests made in a callback: each ends, none hangs", async () => {
  for (let round = 0; round < 5; round++) {
    const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
    const k = key("held-close");
    await Promise.all(Array.from({ length: 10 }, () => c.set(k, "v")));
    const outcomes = await new Promise((resolve) => {
      // In the callbacks of a batch of replies: requests, then close.
      Promise.all(Array.from({ length: 10 }, () => c.get(k))).then(() => {
        const made = Array.from({ length: 10 }, () => c.get(k).then(() => "ok", (e) => e.constructor.name));
        const closed = c.close();
        resolve(Promise.all([Promise.all(made), closed]).then(([m]) => m));
      });
    });
    for (const o of outcomes) assert.ok(o === "ok" || o === "ClosingError", `each ends with its value or ClosingError, got ${o}`);
  }
});

test("sessions: release, asyncDispose, a WATCH undone, unused sessions", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
  try {
    const k = key("s");
    const s = await c.session();
    assert.ok(s instanceof Session);
    assert.equal(await s.set(k, "1"), "OK");
    assert.equal(await s.incr(k), 2);
    assert.equal(await s.watch(k), "OK");
    assert.equal(await s.unwatch(), "OK");
    assert.deepEqual(await s.pipeline().get(k).incr(k).exec(), ["2", 3]);
    assert.equal(typeof s[Symbol.asyncDispose], "function");
    await s[Symbol.asyncDispose]();
    assert.equal(s.isReleased, true);
    await s.release(); // idempotent
    await assert.rejects(s.get(k), ConfigError);
    // A session released while WATCHing: the connection comes back clean.
    const w = await c.session();
    await w.watch(k);
    await w.release();
    for (let i = 0; i < 5; i++) {
      await c.withSession(async (x) => {
        await x.watch(k);
        await c.incr(k); // changed by someone else: this session's EXEC aborts
        await assert.rejects(x.multi().incr(k).exec(), WatchError);
        assert.deepEqual(await x.multi().incr(k).exec(), [5 + 2 * i]); // no WATCH left: it runs
      });
    }
    // withSession releases even when fn throws.
    await assert.rejects(c.withSession(async () => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(await c.get(k), "13");
  } finally {
    await c.close();
  }
});

test("a panic inside the engine rejects with InternalError, never hangs (child process)", { timeout: 60000 }, async () => {
  const script = `
    const { Client, StandaloneConfig, InternalError } = require(process.env.HAVEN_PKG || "haven");
    (async () => {
      const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:${PORT}"], requestTimeoutMs: 2000 }));
      const out = {};
      try {
        await c.command(["HAVEN.TEST.PANIC"]);
        out.result = "resolved";
      } catch (e) {
        out.name = e.name;
        out.internal = e instanceof InternalError;
        out.message = e.message;
      }
      out.after = await c.ping();
      await c.close();
      console.log(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(2); });
  `;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, HAVEN_TEST_INJECT_PANIC: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
  const code = await new Promise((r) => child.once("exit", (c, sig) => r(sig ?? c)));
  clearTimeout(timer);
  assert.equal(code, 0, `the child ended on its own (stderr: ${stderr.slice(-2000)})`);
  const out = JSON.parse(stdout.trim().split("\n").pop());
  assert.equal(out.name, "InternalError", JSON.stringify(out));
  assert.equal(out.internal, true);
  assert.equal(out.after, "PONG", "the client still serves after the panic");
});

test("a 150-deep Lua reply arrives whole", async () => {
  const c = await Client.connect(cfg({ requestTimeoutMs: 2000 }));
  try {
    const script = "local t = {7} for i = 2, tonumber(ARGV[1]) do t = {t} end return t";
    let v = await c.command(["EVAL", script, "0", "150"]);
    let depth = 0;
    while (Array.isArray(v)) {
      assert.equal(v.length, 1);
      v = v[0];
      depth++;
    }
    assert.equal(depth, 150);
    assert.equal(v, 7);
  } finally {
    await c.close();
  }
});

/** The cluster's primary serving `k` and one replica of it, as ports. */
function primaryAndReplica(k) {
  const slot = Number(cli(7000, "CLUSTER", "KEYSLOT", k));
  const lines = cli(7000, "CLUSTER", "NODES").split("\n").map((l) => l.split(" "));
  const port = (f) => Number(f[1].split("@")[0].split(":")[1]);
  const primary = lines.find(
    (f) =>
      f[2].includes("master") &&
      !f[2].includes("fail") &&
      f.slice(8).some((r) => {
        const [a, b] = r.split("-").map(Number);
        return slot >= a && slot <= (b ?? a);
      }),
  );
  const replica = lines.find((f) => f[3] === primary[0] && !f[2].includes("fail"));
  return [port(primary), port(replica)];
}

test("cluster: a failover during a session ends it with a clear error", { timeout: 600000 } /* includes waiting for the fault lock */, async () => {
  await withFaultLock(async () => {
    await waitFor("a healthy cluster", () => cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok"), 60000);
    const c = await Client.connect(new ClusterConfig({ seeds: SEEDS, requestTimeoutMs: 2000, refreshIntervalMs: 1000 }));
    const k = `{${key("fo")}}`;
    const [primary, replica] = primaryAndReplica(k);
    let failedOver = false;
    try {
      await c.set(k, "1");
      const s = await c.session();
      await s.watch(k);
      assert.equal(await s.get(k), "1");
      assert.equal(cli(replica, "CLUSTER", "FAILOVER"), "OK");
      failedOver = true;
      await waitFor("the replica promoted", () => cli(replica, "ROLE").startsWith("master"), 30000);
      // Whether the engine sees the new topology first or the old primary
      // redirects: the session ends clearly, and no EXEC runs on a node
      // that no longer serves the key.
      const clear = (e) => (e instanceof haven.ClusterError || e instanceof haven.ConnectionError) && /session/.test(e.message);
      await assert.rejects(s.multi().set(k, "2").exec(), clear);
      await assert.rejects(s.get(k), clear, "every later command of the session gets the error");
      await s.release();
      assert.equal(await c.get(k), "1", "nothing was written by the ended session");
      // A new session works on the new primary.
      assert.deepEqual(await c.withSession(async (x) => (await x.watch(k), x.multi().incr(k).exec())), [2]);
    } finally {
      await c.close();
      if (failedOver) {
        // Roles stay swapped (as after the other suites' failovers); leave
        // a healthy cluster whose demoted primary replicates again.
        await waitFor("the old primary synced as a replica", () => /master_link_status:up/.test(cli(primary, "INFO", "replication")), 60000);
        await waitFor("a healthy cluster", () => cli(7000, "CLUSTER", "INFO").includes("cluster_state:ok"), 60000);
      }
    }
  });
});
