// Multi-endpoint over the three "regions": the active region killed means
// failover (event), its return means failback (event); failoverTo moves by
// hand; a custom async health check decides an endpoint's health.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { haven, servers, cli, key, waitFor, withFaultLock } = require("./helpers");
const h = haven;

servers("start", "regions");

function region(port) {
  return new h.StandaloneConfig({ addresses: [`127.0.0.1:${port}`], requestTimeoutMs: 1000, reconnect: { baseMs: 50, maxMs: 400 } });
}
function config() {
  return new h.MultiEndpointConfig({
    endpoints: [
      new h.Endpoint({ name: "east", config: region(6440), weight: 3 }),
      new h.Endpoint({ name: "west", config: region(6441), weight: 2 }),
      new h.Endpoint({ name: "south", config: region(6442), weight: 1, healthCheck: { kind: "custom", intervalMs: 200, timeoutMs: 150, probes: 1 } }),
    ],
    healthCheck: { intervalMs: 200, timeoutMs: 150, probes: 1 },
    failbackGraceMs: 1000,
    requestTimeoutMs: 1000,
  });
}

test("multi-endpoint: region loss -> failover, return -> failback, failoverTo, custom check", { timeout: 600000 } /* includes waiting for the shared fault lock */, async () => {
  await withFaultLock(async () => {
    const c = await h.Client.connect(config());
    const events = [];
    c.on("event", (e) => events.push(e));
    let southHealthy = true;
    let southThrows = false;
    let southHangs = false;
    c.setHealthCheck("south", async (endpoint) => {
      assert.equal(endpoint, "south");
      await new Promise((r) => setTimeout(r, 5));
      if (southThrows) throw new Error("probe failed");
      if (southHangs) return new Promise(() => {}); // never answers: the probe's timeoutMs decides
      return southHealthy;
    });
    try {
      assert.equal(c.activeEndpoint, "east");
      const k = key("me");
      await c.set(k, "east");
      assert.equal(cli(6440, "GET", k), "east");

      // Region loss.
      servers("kill-node", "6440");
      try {
        await waitFor("a failover event", () => events.some((e) => e.kind === "failover"), 20000);
        assert.equal(c.activeEndpoint, "west");
        await waitFor("writes in west", async () => (await c.set(k, "west")) === "OK", 10000);
        assert.equal(cli(6441, "GET", k), "west");
      } finally {
        if (cli(6440, "PING") !== "PONG") servers("restart-node", "6440");
      }
      // Its return.
      await waitFor("a failback event", () => events.some((e) => e.kind === "failback"), 30000);
      assert.equal(c.activeEndpoint, "east");

      // The custom check: healthy, then false, then a throw.
      await waitFor("south healthy", () => c.endpointHealth().find((e) => e.name === "south").healthy, 10000);
      c.failoverTo("south");
      assert.equal(c.activeEndpoint, "south");
      await c.set(k, "south");
      assert.equal(cli(6442, "GET", k), "south");
      assert.ok(events.some((e) => e.kind === "manualSwitch" || e.kind === "failover"));
      southHealthy = false;
      await waitFor("south unhealthy (check answered false)", () => c.activeEndpoint !== "south", 10000);
      assert.throws(() => c.failoverTo("south"), h.NoHealthyEndpointError);
      southHealthy = true;
      await waitFor("south healthy again", () => c.endpointHealth().find((e) => e.name === "south").healthy, 10000);
      southThrows = true;
      await waitFor("south unhealthy (check threw)", () => !c.endpointHealth().find((e) => e.name === "south").healthy, 10000);
      southThrows = false;
      await waitFor("south healthy after the throws", () => c.endpointHealth().find((e) => e.name === "south").healthy, 10000);
      southHangs = true;
      await waitFor("south unhealthy (check never answered)", () => !c.endpointHealth().find((e) => e.name === "south").healthy, 10000);
      c.failoverTo("south", true);
      assert.equal(c.activeEndpoint, "south");
      c.failoverTo("east");
      assert.equal(c.activeEndpoint, "east");
      assert.throws(() => c.failoverTo("nowhere"), h.HavenError);
    } finally {
      await c.close();
    }
  });
});

test("multi-endpoint: addEndpoint and removeEndpoint at run time", { timeout: 600000 }, async () => {
  await withFaultLock(async () => {
    const c = await h.Client.connect(
      new h.MultiEndpointConfig({
        endpoints: [new h.Endpoint({ name: "east", config: region(6440), weight: 1 })],
        healthCheck: { intervalMs: 150, timeoutMs: 100, probes: 1 },
        failbackGraceMs: 200,
        requestTimeoutMs: 1000,
      }),
    );
    try {
      assert.equal(c.activeEndpoint, "east");
      // A heavier endpoint added at run time takes the traffic once healthy.
      await c.addEndpoint(new h.Endpoint({ name: "north", config: region(6442), weight: 5 }));
      await waitFor("north active", () => c.activeEndpoint === "north", 20000);
      const k = key("added");
      assert.equal(await c.set(k, "to-north"), "OK");
      assert.equal(cli(6442, "GET", k), "to-north");
      assert.deepEqual(c.endpointHealth().map((e) => e.name).sort(), ["east", "north"]);
      // The same name again, and a bad endpoint, are ConfigErrors.
      await assert.rejects(c.addEndpoint(new h.Endpoint({ name: "north", config: region(6441) })), h.ConfigError);
      await assert.rejects(c.addEndpoint({ name: "x" }), TypeError);
      // Removing the active endpoint moves the traffic first.
      c.removeEndpoint("north");
      assert.equal(c.activeEndpoint, "east");
      assert.equal(await c.set(k, "to-east"), "OK");
      assert.equal(cli(6440, "GET", k), "to-east");
      assert.throws(() => c.removeEndpoint("north"), h.ConfigError);
      assert.throws(() => c.removeEndpoint("east"), /only endpoint/);
    } finally {
      await c.close();
    }
  });
});
