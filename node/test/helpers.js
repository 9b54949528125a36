// Shared helpers of the node:test suite: the package under test (installed
// from the packed tarball into a scratch project, see node/Makefile), the
// local servers, redis-cli, and the fault lock every fault must hold.
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
// HAVEN_PKG: the package directory as installed from the tarball.
const haven = require(process.env.HAVEN_PKG || "haven");
const SERVERS_DIR = process.env.HAVEN_SERVERS_DIR || "/tmp/haven-servers";

function servers(...args) {
  execFileSync("bash", [path.join(ROOT, "scripts", "servers.sh"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

function cli(port, ...args) {
  try {
    return execFileSync("redis-cli", ["-p", String(port), ...args], { encoding: "utf8", timeout: 10000 }).trim();
  } catch (e) {
    return "";
  }
}

/**
 * Whether a replica of the primary on `port` is online and has acknowledged
 * everything the primary wrote so far (its INFO replication). A replica an
 * earlier test restarted may still be syncing: it would answer reads without
 * the write, and take over without it.
 */
function replicasCaughtUp(port) {
  const info = cli(port, "INFO", "replication");
  const target = Number((/^master_repl_offset:(\d+)/m.exec(info) || [])[1] ?? -1);
  if (target < 0) return false;
  return info
    .split(/\r?\n/)
    .filter((l) => /^slave\d+:/.test(l) && l.includes("state=online"))
    .some((l) => Number((/offset=(\d+)/.exec(l) || [])[1] ?? -1) >= target);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, pred, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await pred()) return;
    } catch (_) {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Runs fn holding the exclusive fault lock (flock on faults.lock). */
async function withFaultLock(fn) {
  fs.mkdirSync(SERVERS_DIR, { recursive: true });
  const lockFile = path.join(SERVERS_DIR, "faults.lock");
  const child = spawn("flock", ["-x", lockFile, "-c", "echo locked; read _"], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`flock exited ${code}`)));
  });
  try {
    return await fn();
  } finally {
    child.stdin.end();
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  }
}

/** A unique key per run (tests share the servers with other suites). */
let counter = 0;
function key(name) {
  return `node-test:${process.pid}:${name}:${counter++}`;
}

module.exports = { haven, servers, cli, sleep, waitFor, withFaultLock, key, replicasCaughtUp, ROOT };
