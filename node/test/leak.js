// Leak check: after a warm-up, a million requests (100 concurrent loops of
// GET/SET) must grow the process's RSS by less than 20 MB. Run by
// `make -C node leak` and `make bench` (too slow for `make test`).
//
// The warm-up is 2 million requests: V8 grows its young generation under
// this allocation rate well after the first half million (measured: heap
// total 19.7 MB after 1M requests, 37.2 MB after 2M, then 36-38 MB up to
// 10M, while the live heap stays at 3 MB). A shorter warm-up charged that
// growth, which is V8 sizing its heap and not memory kept, to the client.
"use strict";
const haven = require(process.env.HAVEN_PKG || "haven");

const TOTAL = Number(process.env.HAVEN_LEAK_REQUESTS || 1_000_000);
const LIMIT_MB = 20;

async function run(client, n, loops) {
  let left = n;
  const value = "x".repeat(100);
  await Promise.all(
    Array.from({ length: loops }, async (_, i) => {
      while (left-- > 0) {
        if (left % 5 === 0) await client.set(`leak:${i}`, value);
        else await client.get(`leak:${i}`);
      }
    }),
  );
}

function rssMb() {
  if (global.gc) global.gc();
  return process.memoryUsage().rss / 1048576;
}

function heap() {
  const u = process.memoryUsage();
  return `V8 heap ${(u.heapUsed / 1048576).toFixed(1)} of ${(u.heapTotal / 1048576).toFixed(1)} MB`;
}

(async () => {
  const client = await haven.Client.connect(new haven.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 5000 }));
  await run(client, Number(process.env.HAVEN_LEAK_WARMUP || 2_000_000), 100);
  const before = rssMb();
  const heapBefore = heap();
  const t0 = Date.now();
  await run(client, TOTAL, 100);
  const after = rssMb();
  console.log(`leak check: ${heapBefore} before, ${heap()} after`);
  await client.close();
  const grew = after - before;
  console.log(
    `leak check: ${TOTAL} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s, RSS ${before.toFixed(1)} MB -> ${after.toFixed(1)} MB (+${grew.toFixed(1)} MB, limit ${LIMIT_MB} MB)`,
  );
  if (process.env.HAVEN_BENCH_JSON) {
    require("fs").appendFileSync(
      process.env.HAVEN_BENCH_JSON,
      JSON.stringify({ kind: "figure", language: "node", name: `RSS growth over ${TOTAL} requests`, value: Number(grew.toFixed(2)), unit: "MB" }) + "\n",
    );
  }
  if (grew >= LIMIT_MB) {
    console.error("leak check FAILED");
    process.exit(1);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
