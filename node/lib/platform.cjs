"use strict";
// Which platforms the packed addon serves, checked before it is loaded, so an
// unsupported OS, CPU or C library gets a clear error instead of a failed
// require of haven.linux-x64-gnu.node.

const ADDON = "haven.linux-x64-gnu.node";
const MIN_GLIBC = [2, 17];

function glibcVersion() {
  if (process.platform !== "linux") return null;
  try {
    const header = process.report && process.report.getReport().header;
    return (header && header.glibcVersionRuntime) || null; // absent on musl (Alpine)
  } catch {
    return null;
  }
}

/** Throws an Error naming the platform when the addon cannot run here. */
function check() {
  const where = `${process.platform}-${process.arch}`;
  const supported = "this package ships a native addon for linux-x64 with glibc >= 2.17 only";
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`haven: unsupported platform ${where}: ${supported}`);
  }
  const glibc = glibcVersion();
  if (!glibc) {
    throw new Error(`haven: unsupported C library on ${where} (musl or unknown, not glibc): ${supported}`);
  }
  const [major, minor] = glibc.split(".").map(Number);
  if (major < MIN_GLIBC[0] || (major === MIN_GLIBC[0] && minor < MIN_GLIBC[1])) {
    throw new Error(`haven: glibc ${glibc} on ${where} is too old: ${supported}`);
  }
}

module.exports = { check, ADDON };
