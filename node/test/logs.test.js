// The engine's logs at a JS logger (setLogger): records arrive at the
// configured level (no debug line at info), a region failover is logged with
// the lost node named, and the password of the auth group is in no record at
// trace through AUTH-bearing reconnects. The level and the logger are the
// process's: each test sets what it needs and puts "info" back.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, waitFor, withFaultLock } = require("./helpers");
const h = haven;

servers("start", "standalone", "auth", "regions");
const PASSWORD = "hunter2";

function capture() {
  const records = [];
  h.setLogger((r) => records.push(r));
  return records;
}

function dump(records) {
  return records.map((r) => `${r.level} ${r.logger}: ${r.message}`).join("\n");
}

async function killConnection(client, other) {
  const id = await client.command(["CLIENT", "ID"]);
  await other.command(["CLIENT", "KILL", "ID", String(id)]);
}

test.afterEach(() => {
  h.setLogger(null, "info");
});

test("logs: records reach the logger at the configured level", async () => {
  const records = capture();
  const config = new h.StandaloneConfig({ addresses: ["127.0.0.1:6400"], requestTimeoutMs: 3000, logLevel: "info" });
  const client = await h.Client.connect(config);
  const other = await h.Client.connect(config);
  try {
    await client.set(key("logs"), "v");
    await killConnection(client, other);
    await waitFor("the reconnect", () =>
      records.some((r) => r.level === "info" && r.logger === "haven.connection" && r.message.includes("reconnected to 127.0.0.1:6400")),
    );
    assert.ok(records.some((r) => r.level === "warn" && r.message.includes("node 127.0.0.1:6400 disconnected")), dump(records));
    assert.ok(!records.some((r) => r.level === "debug" || r.level === "trace"), dump(records));
  } finally {
    await client.close();
    await other.close();
  }
  const debug = await h.Client.connect(new h.StandaloneConfig({ addresses: ["127.0.0.1:6400"], logLevel: "debug" }));
  try {
    await waitFor("a debug line", () => records.some((r) => r.level === "debug" && r.logger === "haven.engine"));
  } finally {
    await debug.close();
  }
  assert.throws(() => h.setLogLevel("haven=loud"), h.ConfigError);
});

test("logs: a region failover is logged naming the node", { timeout: 600000 } /* includes the fault lock */, async () => {
  const records = capture();
  const region = (port) =>
    new h.StandaloneConfig({ addresses: [`127.0.0.1:${port}`], requestTimeoutMs: 1000, reconnect: { baseMs: 50, maxMs: 400 } });
  const config = new h.MultiEndpointConfig({
    endpoints: [new h.Endpoint({ name: "east", config: region(6440), weight: 3 }), new h.Endpoint({ name: "west", config: region(6441), weight: 2 })],
    healthCheck: { intervalMs: 150, timeoutMs: 100, probes: 1 },
    failbackGraceMs: 500,
    requestTimeoutMs: 1000,
    logLevel: "info",
  });
  await withFaultLock(async () => {
    const c = await h.Client.connect(config);
    try {
      servers("kill-node", "6440");
      try {
        await waitFor(
          "the failover line",
          () => records.some((r) => r.level === "warn" && r.logger === "haven.failover" && r.message.includes("failover from endpoint east to west")),
          20000,
        );
        assert.ok(records.some((r) => r.message.includes("127.0.0.1:6440") && r.level !== "debug"), dump(records));
      } finally {
        if (cli(6440, "PING") !== "PONG") servers("restart-node", "6440");
      }
      await waitFor("the failback line", () => records.some((r) => r.message.includes("failback from endpoint west to east")), 30000);
    } finally {
      await c.close();
    }
  });
});

test("logs: no password in any record at trace", async () => {
  const records = capture();
  const config = new h.StandaloneConfig({
    addresses: ["127.0.0.1:6401"],
    password: PASSWORD,
    requestTimeoutMs: 3000,
    reconnect: { baseMs: 20, maxMs: 200 },
    logLevel: "trace",
  });
  const client = await h.Client.connect(config);
  const other = await h.Client.connect(config);
  try {
    const k = key("secret");
    await client.set(k, PASSWORD);
    assert.equal(String(await client.get(k)), PASSWORD);
    for (let i = 0; i < 2; i++) {
      const before = records.filter((r) => r.message.includes("reconnected to 127.0.0.1:6401")).length;
      await killConnection(client, other);
      await waitFor("an AUTH-bearing reconnect", () => records.filter((r) => r.message.includes("reconnected to 127.0.0.1:6401")).length > before);
      await client.command(["PING"]);
    }
    await client.command(["AUTH", PASSWORD]).catch(() => {});
    await waitFor("the trace line of the SET", () => records.some((r) => r.level === "trace" && r.message === "request: SET"));
  } finally {
    await client.close();
    await other.close();
  }
  assert.ok(records.some((r) => r.level === "debug"), dump(records));
  for (const r of records) assert.ok(!r.message.includes(PASSWORD), `the password in ${r.logger}: ${r.message}`);
});
