// OpenTelemetry from Node: telemetry.init sends spans and metrics to a real
// OTLP/HTTP receiver (scripts/otlp_receiver.py, run with the Python suite's
// venv, decoding with opentelemetry-proto): spans named after the command
// with db.system.name, db.operation.name, server.address and server.port,
// error.type on a failure, one span per pipeline with its size, no argument
// value anywhere; the duration histogram and a counter arrive. And
// client.stats() without a collector. Telemetry is the process's (node:test
// runs each file in its own process).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn } = require("node:child_process");
const readline = require("node:readline");
const { haven, servers, key, waitFor, ROOT } = require("./helpers");
const h = haven;

servers("start", "standalone");
const SECRET = "an-argument-value-that-must-never-be-exported";
const PYTHON = process.env.HAVEN_PYTHON || path.join(ROOT, "python", ".venv", "bin", "python");

async function startReceiver(out) {
  const child = spawn(PYTHON, [path.join(ROOT, "scripts", "otlp_receiver.py"), out], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout });
  const endpoint = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the OTLP receiver exited (${code})`)));
  });
  return { child, endpoint };
}

function received(out) {
  if (!fs.existsSync(out)) return [];
  return fs.readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

test("telemetry: spans and metrics reach an OTLP/HTTP receiver", async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "haven-otlp-")), "got.jsonl");
  const { child, endpoint } = await startReceiver(out);
  try {
    h.telemetry.init({ endpoint, samplePercentage: 100, flushIntervalMs: 200, serviceName: "haven-node-test" });
    assert.throws(() => h.telemetry.init({ endpoint }), h.ConfigError);
    assert.equal(h.telemetry.enabled(), true);
    const client = await h.Client.connect(new h.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000 }));
    const k = key("telemetry");
    try {
      await client.set(k, SECRET);
      for (let i = 0; i < 5; i++) await client.get(k);
      await assert.rejects(client.command(["INCR", k]), h.ResponseError);
      const stats = client.stats();
      assert.equal(stats.errors.ResponseError, 1);
      assert.ok(stats.durations.some((d) => d.command === "GET" && d.outcome === "ok" && d.count === 5), JSON.stringify(stats));
      let spans = [];
      let metrics = [];
      await waitFor("spans and metrics at the receiver", () => {
        h.telemetry.flush();
        const got = received(out);
        spans = got.filter((g) => g.signal === "traces").flatMap((g) => g.spans);
        metrics = got.filter((g) => g.signal === "metrics").flatMap((g) => g.metrics);
        return spans.some((s) => s.name === "INCR") && metrics.some((m) => m.name === "db.client.operation.duration");
      }, 15000);
      const got = received(out);
      assert.deepEqual(got.filter((g) => g.signal === "error"), []);
      const get = spans.find((s) => s.name === "GET");
      assert.ok(get, spans.map((s) => s.name).join(","));
      assert.ok(["redis", "valkey"].includes(get.attributes["db.system.name"]));
      assert.equal(get.attributes["db.operation.name"], "GET");
      assert.equal(get.attributes["server.address"], "127.0.0.1");
      assert.equal(get.attributes["server.port"], 6400);
      assert.equal(get.resource["service.name"], "haven-node-test");
      const incr = spans.find((s) => s.name === "INCR");
      assert.equal(incr.attributes["error.type"], "ResponseError");
      for (const g of got) {
        assert.ok(!(g.raw || "").includes(SECRET), `an argument value was exported (${g.signal})`);
        assert.ok(!(g.raw || "").includes(k), `a key was exported (${g.signal})`);
      }
      const duration = metrics.filter((m) => m.name === "db.client.operation.duration").pop();
      assert.equal(duration.type, "histogram");
      const gets = duration.points.find((p) => p.attributes["db.operation.name"] === "GET" && !p.attributes["error.type"]);
      assert.ok(gets && gets.count >= 5, JSON.stringify(duration.points));
      const errors = metrics.filter((m) => m.name === "haven.client.errors").pop();
      assert.ok(errors.points.some((p) => p.attributes["error.type"] === "ResponseError" && p.value >= 1));
    } finally {
      await client.close();
    }
  } finally {
    child.kill();
  }
});
