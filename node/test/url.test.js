// Connecting by URL: Client.connect(url) and configFromUrl for every scheme
// (redis, valkey, unix; cluster and Sentinel URLs), credentials, databases
// and query options, overrides on top, bad URLs as ConfigError naming the part.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { haven, servers, cli, key } = require("./helpers");
const { Client, ConfigError, ClusterConfig, SentinelConfig, StandaloneConfig, configFromUrl } = haven;

servers("start", "standalone", "auth", "cluster", "sentinel");
const SERVERS_DIR = process.env.HAVEN_SERVERS_DIR || "/tmp/haven-servers";
const socket = (port) => path.join(SERVERS_DIR, String(port), "redis.sock");

async function clientInfo(c) {
  return new Set(String(await c.command(["CLIENT", "INFO"])).trim().split(/\s+/));
}

test("every URL form connects, with its database, name and credentials", async () => {
  const k = key("url");
  const cases = [
    ["redis://127.0.0.1:6400/2?client_name=node-url", ["db=2", "name=node-url"]],
    ["valkey://127.0.0.1:6400?db=4&protocol=2", ["db=4", "resp=2"]],
    [`unix://${socket(6400)}?db=6`, ["db=6"]],
    ["redis://:hunter2@127.0.0.1:6401", ["user=default"]],
    ["redis://app:app%70ass@127.0.0.1:6401/1", ["user=app", "db=1"]],
    [`unix://app:apppass@${socket(6401)}`, ["user=app"]],
  ];
  for (const [url, fields] of cases) {
    const c = await Client.connect(url);
    try {
      assert.equal(await c.set(k, url), "OK", url);
      assert.equal(await c.get(k), url);
      const info = await clientInfo(c);
      for (const f of fields) assert.ok(info.has(f), `${url}: ${f} in ${[...info].join(" ")}`);
    } finally {
      await c.close();
    }
  }
  assert.equal(cli(6400, "-n", "6", "GET", k), `unix://${socket(6400)}?db=6`);
});

test("configFromUrl: the deployment kind, and overrides on top", async () => {
  const s = configFromUrl("redis://127.0.0.1:6400/3?request_timeout_ms=100", { requestTimeoutMs: 900, clientName: "over" });
  assert.ok(s instanceof StandaloneConfig);
  assert.deepEqual([s.addresses, s.database, s.requestTimeoutMs, s.clientName], [["127.0.0.1:6400"], 3, 900, "over"]);
  const cl = configFromUrl("redis://127.0.0.1:7000,127.0.0.1:7001?cluster=true", { requestTimeoutMs: 3000 });
  assert.ok(cl instanceof ClusterConfig);
  assert.deepEqual(cl.seeds, ["127.0.0.1:7000", "127.0.0.1:7001"]);
  const c = await Client.connect(cl);
  try {
    for (let i = 0; i < 10; i++) assert.equal(await c.set(key(`cl${i}`), "v"), "OK");
  } finally {
    await c.close();
  }
  const se = configFromUrl("redis://127.0.0.1:26420,127.0.0.1:26421?master_name=havenprimary", { requestTimeoutMs: 3000 });
  assert.ok(se instanceof SentinelConfig);
  assert.equal(se.masterName, "havenprimary");
  const sc = await Client.connect(se);
  try {
    assert.equal((await sc.command(["ROLE"]))[0], "master");
  } finally {
    await sc.close();
  }
  assert.ok(configFromUrl("rediss://h").tls !== undefined, "rediss turns TLS on");
  assert.throws(() => configFromUrl("redis://h", { nope: 1 }), /unknown option "nope"/);
  assert.throws(() => configFromUrl("redis://h", { requestTimeoutMs: "fast" }), TypeError);
});

test("Symbol.asyncDispose closes the client", async () => {
  const c = await Client.connect("redis://127.0.0.1:6400");
  assert.equal(await c.ping(), "PONG");
  await c[Symbol.asyncDispose]();
  await assert.rejects(c.ping(), haven.ClosingError);
});

test("bad URLs are ConfigErrors naming the part, without the password", async () => {
  const cases = [
    ["127.0.0.1:6400", "url: scheme"],
    ["http://127.0.0.1:6400", "url: scheme"],
    ["redis://127.0.0.1:0", "port 0"],
    ["redis://127.0.0.1:6400/zero", "url: database (path)"],
    ["redis://127.0.0.1:6400?speed=fast", "url: query option speed"],
    ["redis://u:s3cret-pw@127.0.0.1:6400?db=x", "url: query option db"],
    ["unix://relative.sock", "url: path"],
  ];
  for (const [url, part] of cases) {
    await assert.rejects(Client.connect(url), (e) => {
      assert.ok(e instanceof ConfigError, `${url}: ${e}`);
      assert.ok(e.message.includes(part), `${url}: ${e.message}`);
      assert.ok(!e.message.includes("s3cret-pw"), e.message);
      return true;
    });
    assert.throws(() => configFromUrl(url), ConfigError);
  }
  await assert.rejects(Client.connect(42), TypeError);
});
