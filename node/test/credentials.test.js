// A credential provider (`credentialProvider` / `credentialRefreshMs` of a
// config, `client.refreshCredentials()`) on the `auth` group (6401,
// requirepass hunter2), mirroring core/tests/credentials.rs: rotated
// credentials re-authenticate the live connection in place (same server-side
// client, no request lost while 8 callers write); a provider that throws,
// rejects or answers the wrong shape fails the connect saying so (never with
// the secret); a refresh interval asks on its own; bad setups are named; the
// provider does not keep the process alive after close().
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { haven, servers, cli, key, sleep, waitFor } = require("./helpers");
const { Client, StandaloneConfig, MultiEndpointConfig, Endpoint, HealthCheck, ConfigError, HavenError } = haven;

servers("start", "auth");

const PORT = 6401;
const ADMIN = "hunter2";
const admin = (...args) => cli(PORT, "-a", ADMIN, "--no-auth-warning", ...args);
const cfg = (o = {}) => new StandaloneConfig({ addresses: [`127.0.0.1:${PORT}`], requestTimeoutMs: 2000, ...o });

/** An ACL user of its own for each test, with `password`. */
function user(name, password) {
  const u = `node-rot-${name}-${process.pid}`;
  assert.equal(admin("ACL", "SETUSER", u, "reset", "on", `>${password}`, "~*", "&*", "+@all"), "OK");
  return u;
}

/** The ids of the server-side clients authenticated as `name` (not the CLIENT LIST itself). */
function clientIds(name) {
  return admin("CLIENT", "LIST")
    .split("\n")
    .filter((l) => l.includes(` user=${name} `) && !l.includes("cmd=client|list"))
    .map((l) => l.split(" ")[0]);
}

/** A provider answering with whatever `state.now` holds (async, as a token fetch would), counting its calls. */
function provider(state) {
  return async () => {
    state.calls += 1;
    await sleep(1);
    return { ...state.now };
  };
}

test("rotated credentials re-authenticate the live connection in place without losing requests", async () => {
  const first = user("live", "first-secret");
  const state = { now: { username: first, password: "first-secret" }, calls: 0 };
  const c = await Client.connect(cfg({ credentialProvider: provider(state) }));
  let next;
  try {
    assert.equal(state.calls, 1, "asked once at connect");
    const dropped = [];
    c.on("nodeDisconnected", (e) => dropped.push(e));
    const k = key("cred");
    assert.equal(await c.set(k, "1"), "OK");
    const before = clientIds(first);
    assert.equal(before.length, 1, `one shared connection: ${before}`);

    // Callers keep going while the credentials rotate.
    let stop = false;
    let ok = 0;
    const failed = [];
    const callers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          await c.incr(k);
          ok += 1;
        } catch (e) {
          failed.push(String(e));
        }
      }
    });
    await sleep(200);
    // The provider moves to another user (as a rotation to a new token
    // would): the same server-side connection must now run as that user.
    next = user("live-next", "second-secret");
    state.now = { username: next, password: "second-secret" };
    assert.equal(await c.refreshCredentials(), true, "the credentials changed");
    await waitFor(`connection ${before} re-authenticated as ${next}`, () => {
      const now = clientIds(next);
      return now.length === 1 && now[0] === before[0];
    }, 10000);
    // The first user is revoked; the callers go on.
    assert.equal(admin("ACL", "DELUSER", first), "1");
    await sleep(300);
    stop = true;
    await Promise.all(callers);
    assert.deepEqual(failed.slice(0, 3), [], `${failed.length} requests failed during the rotation`);
    assert.ok(ok > 20, `the callers made progress: ${ok}`);
    assert.deepEqual(clientIds(next), before, "the same server-side connection, re-authenticated in place");
    assert.deepEqual(dropped, [], "the connection never dropped");
    assert.equal(Number(await c.get(k)), ok + 1, "every INCR counted once");
    // Dedicated connections open with the new credentials (the old user is gone).
    assert.equal(await c.command(["BLPOP", key("cred-q"), "0.1"]), null);
    assert.equal(await c.refreshCredentials(), false, "unchanged credentials are no change");
    assert.equal(state.calls, 3);
  } finally {
    await c.close();
    admin("ACL", "DELUSER", first);
    if (next !== undefined) admin("ACL", "DELUSER", next);
  }
});

test("a provider that throws, rejects or answers the wrong shape fails the connect saying so, never with the secret", async () => {
  const sealed = () => {
    throw new Error("the vault is sealed");
  };
  await assert.rejects(Client.connect(cfg({ credentialProvider: sealed })), (e) => {
    assert.ok(e instanceof HavenError, String(e));
    assert.match(e.message, /credentialProvider threw: Error: the vault is sealed/);
    return true;
  });
  const rejecting = async () => {
    throw new RangeError("token endpoint down");
  };
  await assert.rejects(Client.connect(cfg({ credentialProvider: rejecting })), /credentialProvider rejected: RangeError: token endpoint down/);
  const shapes = [
    [() => "s3cret-in-a-string", /credentialProvider returned string, expected \{ username\?, password \}/],
    [() => null, /credentialProvider returned null/],
    [() => ({ user: "u", pass: "s3cret-in-a-string" }), /a password of type undefined, expected a string/],
    [() => ({ username: 7, password: "s3cret-in-a-string" }), /a username of type number/],
    [async () => ({ password: 12345 }), /a password of type number/],
  ];
  for (const [p, why] of shapes) {
    await assert.rejects(Client.connect(cfg({ credentialProvider: p })), (e) => {
      assert.match(e.message, why);
      assert.ok(!e.message.includes("s3cret"), e.message);
      return true;
    });
  }
  // Refused credentials: the handshake's error, without the password.
  const wrong = user("refused", "right-secret");
  try {
    await assert.rejects(
      Client.connect(cfg({ credentialProvider: () => ({ username: wrong, password: "wr0ng-secret" }), connectionTimeoutMs: 1000 })),
      (e) => {
        assert.ok(e instanceof HavenError, String(e));
        assert.ok(!e.message.includes("wr0ng-secret"), e.message);
        return true;
      },
    );
  } finally {
    admin("ACL", "DELUSER", wrong);
  }
  // A provider that never answers: the connection timeout bounds it.
  const t0 = Date.now();
  await assert.rejects(
    Client.connect(cfg({ credentialProvider: () => new Promise(() => {}), connectionTimeoutMs: 300 })),
    /did not answer within 300 ms/,
  );
  assert.ok(Date.now() - t0 < 10000);
});

test("a failed refresh keeps the current credentials; the default user needs no username", async () => {
  let fail = false;
  const c = await Client.connect(
    cfg({
      credentialProvider: () => {
        if (fail) throw new Error("rotation in progress");
        return { password: ADMIN };
      },
    }),
  );
  try {
    assert.equal(await c.ping(), "PONG");
    fail = true;
    await assert.rejects(c.refreshCredentials(), (e) => e instanceof HavenError && /credentialProvider threw: Error: rotation in progress/.test(e.message));
    assert.equal(await c.ping(), "PONG", "the current credentials stay");
    fail = false;
    assert.equal(await c.refreshCredentials(), false);
  } finally {
    await c.close();
  }
  await assert.rejects(c.refreshCredentials(), haven.ClosingError);
});

test("credentialRefreshMs asks on its own", async () => {
  const name = user("timer", "timer-secret");
  const state = { now: { username: name, password: "timer-secret" }, calls: 0 };
  const c = await Client.connect(cfg({ credentialProvider: provider(state), credentialRefreshMs: 150 }));
  try {
    await sleep(1000);
    assert.ok(state.calls >= 3, `asked ${state.calls} times in 1 s at a 150 ms interval`);
    assert.equal(await c.ping(), "PONG");
  } finally {
    await c.close();
    admin("ACL", "DELUSER", name);
  }
});

test("a multi-endpoint config's provider authenticates its endpoints", async () => {
  const name = user("multi", "multi-secret");
  const state = { now: { username: name, password: "multi-secret" }, calls: 0 };
  const endpoint = new Endpoint({ name: "a", config: cfg() });
  const c = await Client.connect(
    new MultiEndpointConfig({ endpoints: [endpoint], credentialProvider: provider(state), healthCheck: new HealthCheck({ kind: "none" }), requestTimeoutMs: 2000 }),
  );
  try {
    const k = key("multi");
    assert.equal(await c.set(k, "v"), "OK");
    assert.equal(await c.get(k), "v");
    assert.ok(clientIds(name).length >= 1, "connected as the provider's user");
  } finally {
    await c.close();
    admin("ACL", "DELUSER", name);
  }
});

test("bad setups are named: types, values, a password beside a provider, no provider", async () => {
  const p = () => ({ password: ADMIN });
  assert.throws(() => cfg({ credentialProvider: "hunter2" }), { name: "TypeError", message: /credentialProvider: expected a function/ });
  assert.throws(() => cfg({ credentialProvider: { password: "x" } }), { name: "TypeError", message: /credentialProvider/ });
  assert.throws(() => cfg({ credentialProvider: p, credentialRefreshMs: "often" }), { name: "TypeError", message: /credentialRefreshMs/ });
  assert.throws(() => cfg({ credentialProvider: p, credentialRefreshMs: 50 }), (e) => e instanceof ConfigError && /credentialRefreshMs: must be >= 100/.test(e.message));
  assert.throws(() => cfg({ credentialRefreshMs: 1000 }), (e) => e instanceof ConfigError && /credentialRefreshMs: needs a credentialProvider/.test(e.message));
  // Checked again at connect (configs are mutable).
  const mutated = cfg();
  mutated.credentialProvider = 42;
  await assert.rejects(Client.connect(mutated), { name: "TypeError", message: /credentialProvider/ });
  // A password and a provider: one or the other (the engine's ConfigError).
  await assert.rejects(Client.connect(cfg({ password: ADMIN, credentialProvider: p })), (e) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, /credential provider/);
    assert.ok(!e.message.includes(ADMIN), e.message);
    return true;
  });
  // Multi-endpoint: one provider on the MultiEndpointConfig, none per endpoint.
  assert.throws(
    () => new MultiEndpointConfig({ endpoints: [new Endpoint({ name: "a", config: cfg({ credentialProvider: p }) })] }),
    (e) => e instanceof ConfigError && /endpoints\[0\]\.config\.credentialProvider/.test(e.message),
  );
  assert.throws(
    () => new MultiEndpointConfig({ endpoints: [new Endpoint({ name: "a", config: cfg() })], credentialProvider: 1 }),
    { name: "TypeError", message: /credentialProvider/ },
  );
  // A client without a provider cannot refresh.
  const plain = await Client.connect(cfg({ password: ADMIN }));
  try {
    await assert.rejects(plain.refreshCredentials(), (e) => e instanceof ConfigError && /no credential provider/.test(e.message));
  } finally {
    await plain.close();
  }
});

test("the provider does not keep the process alive after close()", () => {
  // A child connects with a provider asked every 150 ms, then closes: it
  // must exit on its own (the thread-safe function is unref'd and released).
  const script = `
    const haven = require(${JSON.stringify(require.resolve(process.env.HAVEN_PKG || "haven"))});
    (async () => {
      let calls = 0;
      const c = await haven.Client.connect(new haven.StandaloneConfig({
        addresses: ["127.0.0.1:${PORT}"],
        credentialProvider: async () => { calls += 1; return { password: ${JSON.stringify(ADMIN)} }; },
        credentialRefreshMs: 150,
      }));
      await c.ping();
      await new Promise((r) => setTimeout(r, 400));
      await c.close();
      console.log("closed after " + calls + " calls");
    })().catch((e) => { console.error(e); process.exit(2); });
  `;
  const t0 = Date.now();
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20000 });
  assert.match(out, /closed after \d+ calls/);
  assert.ok(Date.now() - t0 < 20000);
});
