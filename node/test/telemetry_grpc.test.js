// OpenTelemetry from Node over OTLP/gRPC: telemetry.init({ protocol: "grpc" })
// sends spans and metrics to a real gRPC receiver (scripts/otlp_receiver.py
// --grpc: the collector's TraceService and MetricsService, served by grpcio,
// decoding with opentelemetry-proto). A protocol the engine does not speak is
// a ConfigError naming it and leaves telemetry off. Its own file: telemetry
// is the process's (node:test runs each file in its own process).
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

test("telemetry: spans and metrics reach an OTLP/gRPC receiver", async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "haven-otlp-")), "got.jsonl");
  const child = spawn(PYTHON, [path.join(ROOT, "scripts", "otlp_receiver.py"), out, "--grpc"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const endpoint = await new Promise((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`the OTLP receiver exited (${code})`)));
    });
    assert.throws(() => h.telemetry.init({ endpoint, protocol: "http/json" }), (e) => e instanceof h.ConfigError && /http\/json/.test(e.message));
    assert.throws(() => h.telemetry.init({ endpoint, protocol: 4317 }), TypeError);
    assert.equal(h.telemetry.enabled(), false);
    h.telemetry.init({ endpoint, protocol: "grpc", samplePercentage: 100, flushIntervalMs: 200, serviceName: "haven-node-grpc" });
    const client = await h.Client.connect(new h.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000 }));
    const k = key("telemetry-grpc");
    try {
      await client.set(k, SECRET);
      for (let i = 0; i < 3; i++) await client.get(k);
      let got = [];
      await waitFor("spans and metrics at the gRPC receiver", () => {
        h.telemetry.flush();
        got = fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
        const spans = got.filter((g) => g.signal === "traces").flatMap((g) => g.spans);
        const metrics = got.filter((g) => g.signal === "metrics").flatMap((g) => g.metrics);
        return spans.filter((s) => s.name === "GET").length >= 3 && metrics.some((m) => m.name === "db.client.operation.duration");
      }, 15000);
      assert.deepEqual(got.filter((g) => g.signal === "error"), []);
      assert.deepEqual([...new Set(got.map((g) => g.content_type))], ["application/grpc"]);
      const get = got.filter((g) => g.signal === "traces").flatMap((g) => g.spans).find((s) => s.name === "GET");
      assert.equal(get.attributes["db.operation.name"], "GET");
      assert.equal(get.attributes["server.port"], 6400);
      assert.equal(get.resource["service.name"], "haven-node-grpc");
      for (const g of got) assert.ok(!(g.raw || "").includes(SECRET), `an argument value was exported (${g.signal})`);
    } finally {
      await client.close();
    }
  } finally {
    child.kill();
  }
});
