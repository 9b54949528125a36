// The command methods' return types, checked by the compiler: test/types.test.js
// compiles this file against the installed package (tsc --noEmit --strict) and
// fails on any error. Each result goes into a variable of its declared type
// (so a wrong or widened type fails), and each `@ts-expect-error` line is a
// misuse the types must reject: were a method to return `Promise<any>` again,
// that line would compile and tsc would report the directive as unused.
// Nothing here runs.
import {
  Client,
  Session,
  Batch,
  Bulk,
  Double,
  RespMap,
  PerNode,
  ZMember,
  StreamEntry,
  StreamRead,
  XPendingSummary,
  XAutoClaimed,
  GeoRow,
  FunctionLibrary,
} from "haven";

declare const c: Client;
declare const s: Session;

async function strings(): Promise<void> {
  const v: Bulk | null = await c.get("k");
  // @ts-expect-error a GET reply is not a number
  const n: number = await c.get("k");
  // @ts-expect-error nor surely a string: a Buffer when not decoding or not UTF-8, null when missing
  const str: string = await c.get("k");
  const ok: "OK" | null = await c.set("k", "v", { nx: true });
  const old: Bulk | null = await c.set("k", "v", { get: true });
  // @ts-expect-error SET with GET gives the old value, not "OK"
  const notOk: "OK" | null = await c.set("k", "v", { get: true });
  const many: (Bulk | null)[] = await c.mget(["a", "b"]);
  const msetOk: "OK" = await c.mset({ a: "1" });
  const i: number = await c.incr("n");
  // @ts-expect-error INCR's reply is a number
  const iText: string = await c.incr("n");
  const f: number = await c.incrByFloat("n", 1.5);
  const len: number = await c.append("k", "x");
  const range: Bulk = await c.getRange("k", 0, 1);
  const gone: Bulk | null = await c.getDel("k");
  const was: Bulk | null = await c.getset("k", "v");
  const lcs: Bulk | number | RespMap = await c.lcs("a", "b");
  console.log(v, n, str, ok, old, notOk, many, msetOk, i, iText, f, len, range, gone, was, lcs);
}

async function keys(): Promise<void> {
  const d: number = await c.del(["a", "b"]);
  const e: boolean = await c.expire("k", 10);
  // @ts-expect-error EXPIRE is shaped to a boolean
  const eNum: number = await c.expire("k", 10);
  const t: number = await c.ttl("k");
  const ty: string = await c.type("k");
  const [cursor, found]: [string, Bulk[]] = await c.scan("0", { match: "k*" });
  const enc: Bulk | null = await c.objectEncoding("k");
  // @ts-expect-error OBJECT ENCODING's reply is a bulk string or null
  const encNum: number = await c.objectEncoding("k");
  const freq: number | null = await c.objectFreq("k");
  const copied: number = await c.copy("a", "b");
  const dumped: Bulk | null = await c.dump("k");
  const ks: Bulk[] = await c.keys("*");
  for await (const k of c.scanIterator({ match: "k*" })) {
    const one: Bulk = k;
    console.log(one);
  }
  console.log(d, e, eNum, t, ty, cursor, found, enc, encNum, freq, copied, dumped, ks);
}

async function hashes(): Promise<void> {
  const added: number = await c.hset("h", { f: "v" });
  const one: Bulk | null = await c.hget("h", "f");
  const all: Record<string, Bulk> = await c.hgetall("h");
  // @ts-expect-error HGETALL is an object, not a list
  const allList: Bulk[] = await c.hgetall("h");
  const has: boolean = await c.hexists("h", "f");
  const names: Bulk[] = await c.hkeys("h");
  const vals: (Bulk | null)[] = await c.hmget("h", ["f", "g"]);
  const fl: Bulk = await c.hincrbyfloat("h", "n", "1.5");
  const scanned: [Bulk, Bulk[]] = await c.hscan("h", "0");
  const codes: number[] = await c.hexpire("h", 10, ["f"]);
  const pat: number[] = await c.hpexpire("h", 10000, ["f"], "NX");
  // @ts-expect-error HEXPIRE answers per field
  const code: number = await c.hexpire("h", 10, ["f"]);
  const ttls: number[] = await c.httl("h", "f");
  console.log(added, one, all, allList, has, names, vals, fl, scanned, codes, pat, code, ttls);
}

async function lists(): Promise<void> {
  const n: number = await c.lpush("l", ["a", "b"]);
  const popped: Bulk | null = await c.lpop("l");
  const poppedMany: Bulk[] | null = await c.rpop("l", 2);
  // @ts-expect-error with a count, a list
  const poppedOne: Bulk | null = await c.lpop("l", 2);
  const items: Bulk[] = await c.lrange("l", 0, -1);
  const at: Bulk | null = await c.lindex("l", 0);
  const pos: number | number[] | null = await c.lpos("l", "a", { rank: 1 });
  // @ts-expect-error LPOS may give null (no match) or, with a count, a list
  const posNum: number = await c.lpos("l", "a");
  const set: "OK" = await c.lset("l", 0, "x");
  const moved: Bulk | null = await c.lmove("l", "m", "LEFT", "RIGHT");
  const blocked: Bulk | null = await c.brpoplpush("l", "m", 1);
  console.log(n, popped, poppedMany, poppedOne, items, at, pos, posNum, set, moved, blocked);
}

async function sets(): Promise<void> {
  const n: number = await c.sadd("s", ["a"]);
  const members: Bulk[] = await c.smembers("s");
  const is: boolean = await c.sismember("s", "a");
  const are: number[] = await c.smismember("s", ["a", "b"]);
  const inter: Bulk[] = await c.sinter(["s", "t"]);
  const rnd: Bulk | Bulk[] | null = await c.srandmember("s");
  // @ts-expect-error SMEMBERS is a list
  const one: Bulk = await c.smembers("s");
  console.log(n, members, is, are, inter, rnd, one);
}

async function sortedSets(): Promise<void> {
  const n: number = await c.zadd("z", [{ score: 1, member: "a" }]);
  const score: number | null = await c.zscore("z", "a");
  const incr: number = await c.zincrBy("z", 1, "a");
  const rank: number | null = await c.zrank("z", "a");
  const members: Bulk[] = await c.zrange("z", 0, -1);
  const scored: ZMember[] = await c.zrangeWithScores("z", 0, -1);
  const revRank: number | [number, Double] | null = await c.zrevrank("z", "a", { withscore: true });
  const scores: (Double | null)[] = await c.zmscore("z", ["a", "b"]);
  const rev: Bulk[] | [Bulk, number][] = await c.zrevrange("z", 0, -1, { withscores: true });
  // @ts-expect-error ZSCORE may be null
  const sure: number = await c.zscore("z", "a");
  console.log(n, score, incr, rank, members, scored, revRank, scores, rev, sure);
}

async function streams(): Promise<void> {
  const id: Bulk | null = await c.xadd("x", { f: "v" });
  const entries: StreamEntry[] = await c.xrange("x");
  const read: StreamRead[] = await c.xread({ x: "0" });
  const group: StreamRead[] = await c.xreadgroup("g", "c", { x: ">" }, { count: 1 });
  const fields: Record<string, Bulk> | null = group[0].entries[0].fields;
  const pending: XPendingSummary = await c.xpending("x", "g");
  const claimed: XAutoClaimed<StreamEntry> = await c.xautoclaim("x", "g", "c", 0);
  const ids: XAutoClaimed<Bulk> = await c.xautoclaim("x", "g", "c", 0, "0-0", { justid: true });
  // @ts-expect-error with justid, ids rather than entries
  const notIds: XAutoClaimed<StreamEntry> = await c.xautoclaim("x", "g", "c", 0, "0-0", { justid: true });
  const created: "OK" = await c.xgroupCreate("x", "g", "$", { mkstream: true });
  const groups: RespMap[] = await c.xinfoGroups("x");
  const len: number = await c.xlen("x");
  // @ts-expect-error XRANGE gives entries, not ids
  const badEntries: Bulk[] = await c.xrange("x");
  console.log(id, entries, read, fields, pending, claimed, ids, notIds, created, groups, len, badEntries);
}

async function geo(): Promise<void> {
  const n: number = await c.geoadd("g", { longitude: 13.36, latitude: 38.11, member: "Palermo" });
  const dist: number | null = await c.geodist("g", "a", "b", "km");
  const pos: ([number, number] | null)[] = await c.geopos("g", ["a"]);
  const names: Bulk[] = await c.geosearch("g", { member: "a" }, { radius: 10, unit: "km" });
  const rows: GeoRow[] = await c.geosearch("g", { member: "a" }, { radius: 10, unit: "km" }, { withDist: true });
  // @ts-expect-error with withCoord, rows rather than names
  const notRows: Bulk[] = await c.geosearch("g", { member: "a" }, { radius: 10, unit: "km" }, { withCoord: true });
  const hashes: (Bulk | null)[] = await c.geohash("g", { member: ["a"] });
  console.log(n, dist, pos, names, rows, notRows, hashes);
}

async function hllAndBits(): Promise<void> {
  const changed: number = await c.pfadd("h", ["a"]);
  const count: number = await c.pfcount("h");
  const merged: "OK" = await c.pfmerge("h", ["i"]);
  const bit: number = await c.setbit("b", 7, 1);
  const got: number = await c.getbit("b", 7);
  const bits: number = await c.bitcount("b");
  const fields: (number | null)[] = await c.bitfield("b", [["GET", "u8", 0]]);
  // @ts-expect-error BITFIELD answers per operation
  const field: number = await c.bitfield("b", [["GET", "u8", 0]]);
  console.log(changed, count, merged, bit, got, bits, fields, field);
}

async function scriptsAndFunctions(): Promise<void> {
  const lib: Bulk = await c.functionLoad("#!lua name=l\n...");
  const libs: FunctionLibrary[] = await c.functionList({ withCode: true });
  const fname: Bulk = libs[0].functions[0].name;
  const flushed: "OK" = await c.functionFlush("SYNC");
  const stats: RespMap | PerNode<RespMap> = await c.functionStats();
  const out: unknown = await c.fcall("f", ["k"], ["1"]);
  // @ts-expect-error a script's reply is unknown until checked
  const outNum: number = await c.eval("return 1");
  const exists: number[] = await c.scriptExists("abc");
  const sha: Bulk = await c.scriptLoad("return 1");
  console.log(lib, libs, fname, flushed, stats, out, outNum, exists, sha);
}

async function server(): Promise<void> {
  const pong: Bulk = await c.ping();
  const size: number = await c.dbsize();
  const info: Bulk | PerNode<Bulk> = await c.info();
  // @ts-expect-error on a cluster INFO is each node's, so not surely one text
  const infoText: Bulk = await c.info();
  const cfg: RespMap<Bulk> = await c.configGet("maxmemory");
  const time: [Bulk, Bulk] = await c.time();
  const flushed: "OK" = await c.flushdb();
  const bg: string = await c.bgsave();
  const role: [Bulk, ...unknown[]] = await c.role();
  const log: [number, number, number, Bulk[], Bulk, Bulk][] = await c.slowlogGet();
  const id: number = await c.clientId();
  const name: Bulk | null = await c.clientGetname();
  const subs: number = await c.publish("ch", "m");
  const acked: [number, number] = await c.waitaof(0, 0, 0);
  console.log(pong, size, info, infoText, cfg, time, flushed, bg, role, log, id, name, subs, acked);
}

async function generic(): Promise<void> {
  const raw: unknown = await c.customCommand(["GET", "k"]);
  const cmd: unknown = await c.command(["GET", "k"], { timeoutMs: 100 });
  // @ts-expect-error customCommand's reply is unknown, not any
  const rawNum: number = await c.customCommand(["GET", "k"]);
  const loaded: Bulk = await c.getOrLoad("k", () => "v");
  const run: unknown = await c.runScript("return 1");
  console.log(raw, cmd, rawNum, loaded, run);
}

async function sessionsAndBatches(): Promise<void> {
  const v: Bulk | null = await s.get("k");
  const n: number = await s.incr("k");
  const watched: "OK" = await s.watch("k");
  // @ts-expect-error a session's GET is typed as the client's
  const bad: number = await s.get("k");
  // Batch methods return the batch (chainable), whatever the reply type.
  const b: Batch = c.multi().set("a", "1").incr("a").get("a").hgetall("h").objectEncoding("a").lpos("l", "x").hexpire("h", 1, "f");
  const p: Batch = s.pipeline().zadd("z", { score: 1, member: "a" }).xadd("x", { f: "v" }).geosearch("g", { member: "a" }, { radius: 1, unit: "m" });
  // @ts-expect-error a batch's method is no Promise
  const notPromise: Promise<Bulk | null> = c.multi().get("a");
  const replies: unknown[] = await b.exec();
  console.log(v, n, watched, bad, p, notPromise, replies);
}

// No method of Client, Session or Batch returns `any` (a Promise of any included);
// only the commands whose reply is truly arbitrary resolve to `unknown`.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Resolved<F> = F extends (...args: never[]) => infer R ? (R extends Promise<infer V> ? V : R) : never;
type AnyReturning<C> = { [K in keyof C]: IsAny<Resolved<C[K]>> extends true ? K : never }[keyof C];
type UnknownReturning<C> = {
  [K in keyof C]: IsAny<Resolved<C[K]>> extends true ? never : unknown extends Resolved<C[K]> ? K : never;
}[keyof C];
const noAnyClient: [AnyReturning<Client>] extends [never] ? true : AnyReturning<Client> = true;
const noAnySession: [AnyReturning<Session>] extends [never] ? true : AnyReturning<Session> = true;
const noAnyBatch: [AnyReturning<Batch>] extends [never] ? true : AnyReturning<Batch> = true;
type Arbitrary =
  | "customCommand"
  | "command"
  | "cached"
  | "runScript"
  | "eval"
  | "evalsha"
  | "evalReadonly"
  | "evalshaReadonly"
  | "fcall"
  | "fcallReadonly"
  // generic: the caller's type (a session's function's result; the internal send)
  | "withSession"
  | "sendOn";
const onlyScriptsUnknown: Exclude<UnknownReturning<Client>, Arbitrary> extends never ? true : Exclude<UnknownReturning<Client>, Arbitrary> = true;
console.log(noAnyClient, noAnySession, noAnyBatch, onlyScriptsUnknown);

export { strings, keys, hashes, lists, sets, sortedSets, streams, geo, hllAndBits, scriptsAndFunctions, server, generic, sessionsAndBatches };
