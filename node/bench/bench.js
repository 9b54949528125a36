// Throughput and latency of haven beside ioredis 6 and valkey-glide, on the
// local standalone server (6400) and cluster (7000-7005): 80% GET / 20% SET,
// 100-byte values, N concurrent async loops for N in 1, 10, 100, 1000.
//
//   node bench/bench.js [--quick] [--seconds S]
// Quick mode (or HAVEN_BENCH_QUICK=1): 1 s per point, concurrency 10 and 100.
// Low-concurrency mode (--low [rounds]): haven and ioredis at 1 and 10
// concurrent loops, each client connected once and measured in alternating
// rounds (the order rotates each round): medians, spread, and haven's ratio
// round by round.
// HAVEN_BENCH_JSON=<file> appends one JSON line per measured point.
// Clients are found through NODE_PATH (the bench target installs them).
"use strict";
const fs = require("fs");
const haven = require(process.env.HAVEN_PKG || "haven");

const args = process.argv.slice(2);
const QUICK = args.includes("--quick") || process.env.HAVEN_BENCH_QUICK === "1";
const si = args.indexOf("--seconds");
const SECONDS = si >= 0 ? Number(args[si + 1]) : QUICK ? 1 : 5;
const CONCURRENCY = QUICK ? [10, 100] : [1, 10, 100, 1000];
const KEYS = 1000;
const VALUE = "v".repeat(100);
const CLUSTER_SEEDS = [7000, 7001, 7002, 7003, 7004, 7005];

function tryRequire(name) {
  try {
    return require(name);
  } catch (e) {
    return null;
  }
}

const adapters = {
  haven: {
    async standalone() {
      const c = await haven.Client.connect(new haven.StandaloneConfig({ addresses: ["127.0.0.1:6400"], inflightLimit: 5000, requestTimeoutMs: 5000 }));
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.close() };
    },
    async cluster() {
      const c = await haven.Client.connect(
        new haven.ClusterConfig({ seeds: CLUSTER_SEEDS.map((p) => `127.0.0.1:${p}`), inflightLimit: 5000, requestTimeoutMs: 5000 }),
      );
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.close() };
    },
  },
  ioredis: {
    lib: () => tryRequire("ioredis"),
    async standalone(Redis) {
      const c = new Redis({ host: "127.0.0.1", port: 6400, lazyConnect: true });
      await c.connect();
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.quit() };
    },
    async cluster(Redis) {
      const c = new Redis.Cluster(CLUSTER_SEEDS.map((port) => ({ host: "127.0.0.1", port })));
      await new Promise((resolve, reject) => {
        c.once("ready", resolve);
        c.once("error", reject);
      });
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.quit() };
    },
  },
  "valkey-glide": {
    lib: () => tryRequire("@valkey/valkey-glide"),
    async standalone(g) {
      const c = await g.GlideClient.createClient({ addresses: [{ host: "127.0.0.1", port: 6400 }] });
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.close() };
    },
    async cluster(g) {
      const c = await g.GlideClusterClient.createClient({ addresses: CLUSTER_SEEDS.map((port) => ({ host: "127.0.0.1", port })) });
      return { get: (k) => c.get(k), set: (k, v) => c.set(k, v), close: () => c.close() };
    },
  },
};

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client, concurrency) {
  const lat = [];
  let ops = 0;
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  let seq = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const n = seq++;
        const k = `bench:${n % KEYS}`;
        const t = process.hrtime.bigint();
        try {
          if (n % 5 === 0) await client.set(k, VALUE);
          else await client.get(k);
          ops++;
        } catch (e) {
          errors++;
        }
        if ((n & 7) === 0) lat.push(Number(process.hrtime.bigint() - t) / 1000);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { ops_per_sec: ops / SECONDS, p50_us: percentile(lat, 50), p99_us: percentile(lat, 99), errors };
}

function record(obj) {
  if (process.env.HAVEN_BENCH_JSON) fs.appendFileSync(process.env.HAVEN_BENCH_JSON, JSON.stringify(obj) + "\n");
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function lowConcurrency(rounds) {
  console.log(`node low concurrency: ${rounds} alternating rounds of ${SECONDS} s per point`);
  console.log("deployment   conc client        ops/s med      ops/s min-max  p50 med  p99 med   haven / client, med (min-max)");
  for (const deployment of ["standalone", "cluster"]) {
    const clients = [];
    for (const name of ["haven", "ioredis"]) {
      const a = adapters[name];
      const lib = a.lib ? a.lib() : null;
      if (a.lib && !lib) continue;
      const client = await a[deployment](lib);
      for (let i = 0; i < KEYS; i++) await client.set(`bench:${i}`, VALUE);
      clients.push([name, client]);
    }
    for (const c of [1, 10]) {
      const by = Object.fromEntries(clients.map(([n]) => [n, []]));
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < clients.length; i++) {
          const [name, client] = clients[(i + r) % clients.length];
          await measure(client, c); // warm-up
          by[name].push(await measure(client, c));
        }
      }
      for (const [name] of clients) {
        const ops = by[name].map((x) => x.ops_per_sec);
        const ratio = by.haven.map((h, r) => h.ops_per_sec / by[name][r].ops_per_sec);
        const vs = name === "haven" ? "-" : `${median(ratio).toFixed(2)}x (${Math.min(...ratio).toFixed(2)}-${Math.max(...ratio).toFixed(2)})`;
        console.log(
          `${deployment.padEnd(11)} ${String(c).padStart(5)} ${name.padEnd(12)} ${median(ops).toFixed(0).padStart(10)} ${Math.min(...ops).toFixed(0).padStart(9)}-${Math.max(...ops).toFixed(0).padEnd(9)} ${median(by[name].map((x) => x.p50_us)).toFixed(1).padStart(8)} ${median(by[name].map((x) => x.p99_us)).toFixed(1).padStart(8)}   ${vs}`,
        );
        record({ kind: "low_concurrency", language: "node", deployment, client: name, concurrency: c, rounds, ops_per_sec_median: median(ops), ops_per_sec_min: Math.min(...ops), ops_per_sec_max: Math.max(...ops), haven_ratio_median: median(ratio) });
      }
    }
    for (const [, client] of clients) {
      try {
        await client.close();
      } catch (_) {
        /* ignore */
      }
    }
  }
}

(async () => {
  const low = args.indexOf("--low");
  if (low >= 0) {
    await lowConcurrency(Number(args[low + 1]) > 0 ? Number(args[low + 1]) : 5);
    process.exit(0);
  }
  console.log(`node benchmark: 80% GET / 20% SET, 100 B values, ${SECONDS} s per point${QUICK ? " (quick)" : ""}`);
  const results = {};
  for (const deployment of ["standalone", "cluster"]) {
    console.log(`\n${deployment}`);
    console.log("client          conc     ops/s     p50 us     p99 us  errors");
    for (const [name, a] of Object.entries(adapters)) {
      const lib = a.lib ? a.lib() : null;
      if (a.lib && !lib) {
        console.log(`${name.padEnd(14)}  not installed; skipped`);
        continue;
      }
      let client;
      try {
        client = await a[deployment](lib);
        for (let i = 0; i < KEYS; i++) await client.set(`bench:${i}`, VALUE);
      } catch (e) {
        console.log(`${name.padEnd(14)}  could not connect: ${e.message}`);
        continue;
      }
      for (const c of CONCURRENCY) {
        await measure(client, c); // warm-up at the same concurrency
        const r = await measure(client, c);
        results[`${deployment}/${name}/${c}`] = r.ops_per_sec;
        console.log(
          `${name.padEnd(14)} ${String(c).padStart(5)} ${r.ops_per_sec.toFixed(0).padStart(9)} ${r.p50_us.toFixed(0).padStart(10)} ${r.p99_us.toFixed(0).padStart(10)} ${String(r.errors).padStart(7)}`,
        );
        record({ kind: "throughput", language: "node", deployment, client: name, mode: "async", concurrency: c, ...r, seconds: SECONDS });
      }
      try {
        await client.close();
      } catch (_) {
        /* ignore */
      }
    }
    for (const c of CONCURRENCY) {
      const h = results[`${deployment}/haven/${c}`];
      const parts = ["ioredis", "valkey-glide"]
        .filter((n) => results[`${deployment}/${n}/${c}`])
        .map((n) => `${(h / results[`${deployment}/${n}/${c}`]).toFixed(2)}x ${n}`);
      if (h && parts.length) console.log(`haven at ${c}: ${parts.join(", ")}`);
    }
  }
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
