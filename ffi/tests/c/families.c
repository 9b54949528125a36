/*
 * The command families end to end from C, through the generic command
 * (haven_client_command_blocking), with every reply checked by its shape
 * and values: a stream consumer-group cycle (XGROUP CREATE, XADD,
 * XREADGROUP as group members, XACK, XPENDING, XAUTOCLAIM), GEOSEARCH,
 * PFCOUNT, BITCOUNT and BITFIELD, FUNCTION LOAD and FCALL, hash-field
 * expiry (HEXPIRE, HTTL, HPERSIST) and COMMAND INFO (a RESP3 set of maps).
 *
 * Against Redis 7.0 (the default) hash-field expiry, which Valkey 9 and
 * Redis 7.4+ have, must fail with a ResponseError naming the unknown
 * command; with HAVEN_SERVER=valkey the server must be Valkey 9 and it
 * must work. `make test-c` runs this against Redis, `make test-valkey`
 * against Valkey. Exits non-zero when any check fails.
 *
 *   ./families [host:port]        (default 127.0.0.1:6400)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "haven.h"

static int failures = 0;
static int checks = 0;
#define CHECK(cond, ...)                                          \
    do {                                                          \
        checks++;                                                 \
        if (!(cond)) {                                            \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);  \
            fprintf(stderr, __VA_ARGS__);                         \
            fprintf(stderr, "\n");                                \
            failures++;                                           \
        }                                                         \
    } while (0)

static HavenClient *client;

/* Runs a command of `argc` C strings and waits for its reply. */
static HavenReply *run_argv(int argc, const char **args) {
    const uint8_t **argv = malloc(sizeof *argv * (size_t)argc);
    size_t *lens = malloc(sizeof *lens * (size_t)argc);
    if (argv == NULL || lens == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (int i = 0; i < argc; i++) {
        argv[i] = (const uint8_t *)args[i];
        lens[i] = strlen(args[i]);
    }
    HavenReply *r = haven_client_command_blocking(client, (size_t)argc, argv, lens);
    free(argv);
    free(lens);
    return r;
}

/* Runs a command given as C strings, NULL-terminated: cmd("GET", key, NULL). */
static HavenReply *cmd(const char *first, ...) {
    const char *args[64];
    int argc = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a != NULL && argc < 64; a = va_arg(ap, const char *)) args[argc++] = a;
    va_end(ap);
    return run_argv(argc, args);
}

static const char *type_name(const HavenReply *r) {
    static const char *names[] = {"nil",  "simple string", "bulk string", "verbatim", "integer", "double", "big number",
                                  "boolean", "array", "map", "set", "push", "error"};
    unsigned t = (unsigned)haven_reply_type(r);
    return t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* A string reply (simple, bulk or verbatim) equal to `expected`. */
static int is_str(const HavenReply *r, const char *expected) {
    if (r == NULL) return 0;
    HavenReplyType t = haven_reply_type(r);
    if (t != HAVEN_REPLY_SIMPLE_STRING && t != HAVEN_REPLY_BULK_STRING && t != HAVEN_REPLY_VERBATIM) return 0;
    size_t len = 0;
    const uint8_t *p = haven_reply_bytes(r, &len);
    return p != NULL && len == strlen(expected) && memcmp(p, expected, len) == 0;
}

/* The text of a string reply, copied into `out` (empty when not a string). */
static const char *text(const HavenReply *r, char *out, size_t size) {
    size_t len = 0;
    const uint8_t *p = r == NULL ? NULL : haven_reply_bytes(r, &len);
    if (p == NULL) len = 0;
    if (len > size - 1) len = size - 1;
    if (len) memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

static int is_int(const HavenReply *r, long long expected) {
    return r != NULL && haven_reply_type(r) == HAVEN_REPLY_INTEGER && haven_reply_integer(r) == expected;
}

static int is_type(const HavenReply *r, HavenReplyType type, size_t len) {
    return r != NULL && haven_reply_type(r) == type && haven_reply_len(r) == len;
}

static int is_ok(const HavenReply *r) { return r != NULL && haven_reply_type(r) == HAVEN_REPLY_SIMPLE_STRING && is_str(r, "OK"); }

static const HavenReply *at(const HavenReply *r, size_t i) { return r == NULL ? NULL : haven_reply_element(r, i); }

/* The value of a map reply's entry whose key is `key` (NULL: none). */
static const HavenReply *field(const HavenReply *map, const char *key) {
    if (map == NULL || haven_reply_type(map) != HAVEN_REPLY_MAP) return NULL;
    for (size_t i = 0; i < haven_reply_len(map); i++) {
        if (is_str(haven_reply_map_key(map, i), key)) return haven_reply_map_value(map, i);
    }
    return NULL;
}

/* Runs a command expected to give a plain integer. */
static void expect_int(long long expected, const char *what, HavenReply *r) {
    CHECK(is_int(r, expected), "%s: expected %lld, got %s %lld (%s)", what, expected, type_name(r),
          (long long)haven_reply_integer(r), haven_reply_error_message(r) ? haven_reply_error_message(r) : "");
    haven_reply_free(r);
}

static void expect_ok(const char *what, HavenReply *r) {
    CHECK(is_ok(r), "%s: expected OK, got %s (%s)", what, type_name(r),
          haven_reply_error_message(r) ? haven_reply_error_message(r) : "");
    haven_reply_free(r);
}

/* A stream entry [id, [field, value, ...]] with this id and n = `n`, what = job. */
static int is_entry(const HavenReply *e, const char *id, const char *n) {
    const HavenReply *fields = at(e, 1);
    return is_type(e, HAVEN_REPLY_ARRAY, 2) && is_str(at(e, 0), id) && is_type(fields, HAVEN_REPLY_ARRAY, 4) &&
           is_str(at(fields, 0), "n") && is_str(at(fields, 1), n) && is_str(at(fields, 2), "what") &&
           is_str(at(fields, 3), "job");
}

static char keys[8][96];
enum { STREAM, GEO, HLL1, HLL2, HLL_ALL, BITS, BITFIELD_KEY, HASH };

static void streams(void) {
    const char *s = keys[STREAM];
    haven_reply_free(cmd("DEL", s, NULL));
    expect_ok("XGROUP CREATE", cmd("XGROUP", "CREATE", s, "workers", "0", "MKSTREAM", NULL));
    char ids[5][48];
    for (int i = 0; i < 5; i++) {
        char n[8];
        snprintf(n, sizeof n, "%d", i);
        HavenReply *r = cmd("XADD", s, "*", "n", n, "what", "job", NULL);
        CHECK(haven_reply_type(r) == HAVEN_REPLY_BULK_STRING && strchr(text(r, ids[i], sizeof ids[i]), '-') != NULL,
              "XADD -> an entry id, got %s", type_name(r));
        haven_reply_free(r);
    }
    expect_int(5, "XLEN", cmd("XLEN", s, NULL));

    /* Alice reads three new entries as a group member: RESP3 gives a map
     * from the stream's name to its entries. */
    HavenReply *r = cmd("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "3", "STREAMS", s, ">", NULL);
    CHECK(is_type(r, HAVEN_REPLY_MAP, 1) && is_str(haven_reply_map_key(r, 0), s), "XREADGROUP -> {stream: entries}, got %s",
          type_name(r));
    const HavenReply *entries = field(r, s);
    CHECK(is_type(entries, HAVEN_REPLY_ARRAY, 3), "alice reads 3 entries");
    for (int i = 0; i < 3; i++) CHECK(is_entry(at(entries, (size_t)i), ids[i], (char[]){(char)('0' + i), 0}), "entry %d", i);
    haven_reply_free(r);
    /* Bob gets the other two; then there is nothing new (a null). */
    r = cmd("XREADGROUP", "GROUP", "workers", "bob", "COUNT", "10", "STREAMS", s, ">", NULL);
    entries = field(r, s);
    CHECK(is_type(entries, HAVEN_REPLY_ARRAY, 2) && is_entry(at(entries, 0), ids[3], "3") && is_entry(at(entries, 1), ids[4], "4"),
          "bob reads the last 2 entries");
    haven_reply_free(r);
    r = cmd("XREADGROUP", "GROUP", "workers", "bob", "STREAMS", s, ">", NULL);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_NIL, "nothing new -> nil, got %s", type_name(r));
    haven_reply_free(r);

    /* Alice acks one: four pending, two per consumer. */
    expect_int(1, "XACK one", cmd("XACK", s, "workers", ids[0], NULL));
    r = cmd("XPENDING", s, "workers", NULL);
    const HavenReply *consumers = at(r, 3);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 4) && is_int(at(r, 0), 4) && is_str(at(r, 1), ids[1]) && is_str(at(r, 2), ids[4]),
          "XPENDING summary: 4 pending, %s..%s", ids[1], ids[4]);
    CHECK(is_type(consumers, HAVEN_REPLY_ARRAY, 2) && is_str(at(at(consumers, 0), 0), "alice") &&
              is_str(at(at(consumers, 0), 1), "2") && is_str(at(at(consumers, 1), 0), "bob") &&
              is_str(at(at(consumers, 1), 1), "2"),
          "XPENDING consumers: alice 2, bob 2");
    haven_reply_free(r);
    r = cmd("XPENDING", s, "workers", "-", "+", "10", "alice", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2), "XPENDING alice's range: 2 rows, got %s", type_name(r));
    for (size_t i = 0; i < 2; i++) {
        const HavenReply *row = at(r, i);
        CHECK(is_type(row, HAVEN_REPLY_ARRAY, 4) && is_str(at(row, 0), ids[i + 1]) && is_str(at(row, 1), "alice") &&
                  haven_reply_type(at(row, 2)) == HAVEN_REPLY_INTEGER && is_int(at(row, 3), 1),
              "XPENDING row %zu: [id, alice, idle, delivered once]", i);
    }
    haven_reply_free(r);

    /* Carol claims everything pending (idle >= 0 ms): [next start, entries, deleted ids]. */
    r = cmd("XAUTOCLAIM", s, "workers", "carol", "0", "0-0", "COUNT", "10", NULL);
    entries = at(r, 1);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 3) && is_str(at(r, 0), "0-0") && is_type(entries, HAVEN_REPLY_ARRAY, 4) &&
              is_type(at(r, 2), HAVEN_REPLY_ARRAY, 0),
          "XAUTOCLAIM -> [0-0, 4 entries, no deleted ids], got %s of %zu", type_name(r), haven_reply_len(r));
    for (int i = 0; i < 4; i++) {
        char n[2] = {(char)('1' + i), 0};
        CHECK(is_entry(at(entries, (size_t)i), ids[i + 1], n), "claimed entry %d", i);
    }
    haven_reply_free(r);
    r = cmd("XPENDING", s, "workers", "-", "+", "10", "carol", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 4) && is_int(at(at(r, 0), 3), 2), "carol owns 4, each delivered twice");
    haven_reply_free(r);
    expect_int(4, "XACK the rest", cmd("XACK", s, "workers", ids[1], ids[2], ids[3], ids[4], NULL));
    r = cmd("XPENDING", s, "workers", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 4) && is_int(at(r, 0), 0) && haven_reply_type(at(r, 1)) == HAVEN_REPLY_NIL,
          "nothing pending: [0, nil, nil, nil]");
    haven_reply_free(r);
    /* A group that exists already is a ResponseError (BUSYGROUP). */
    r = cmd("XGROUP", "CREATE", s, "workers", "0", NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE && strstr(haven_reply_error_message(r), "BUSYGROUP") != NULL,
          "XGROUP CREATE twice -> BUSYGROUP");
    haven_reply_free(r);
    expect_int(1, "XGROUP DESTROY", cmd("XGROUP", "DESTROY", s, "workers", NULL));
}

static void geo(void) {
    const char *g = keys[GEO];
    expect_int(2, "GEOADD",
               cmd("GEOADD", g, "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", NULL));
    HavenReply *r = cmd("GEOSEARCH", g, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2) && is_str(at(r, 0), "Catania") && is_str(at(r, 1), "Palermo"),
          "GEOSEARCH by radius, nearest first -> [Catania, Palermo]");
    haven_reply_free(r);
    /* WITHDIST WITHCOORD: [[member, distance, [longitude, latitude]]]. */
    r = cmd("GEOSEARCH", g, "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "WITHDIST", "WITHCOORD", NULL);
    const HavenReply *hit = at(r, 0);
    const HavenReply *coord = at(hit, 2);
    char dist[32];
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && is_type(hit, HAVEN_REPLY_ARRAY, 3) && is_str(at(hit, 0), "Palermo") &&
              atof(text(at(hit, 1), dist, sizeof dist)) == 0.0 && is_type(coord, HAVEN_REPLY_ARRAY, 2),
          "GEOSEARCH WITHDIST WITHCOORD -> [[Palermo, 0, [lon, lat]]]");
    CHECK(haven_reply_type(at(coord, 0)) == HAVEN_REPLY_DOUBLE && haven_reply_double(at(coord, 0)) > 13.3612 &&
              haven_reply_double(at(coord, 0)) < 13.3615 && haven_reply_double(at(coord, 1)) > 38.1154 &&
              haven_reply_double(at(coord, 1)) < 38.1157,
          "Palermo's coordinates as RESP3 doubles: %f %f", haven_reply_double(at(coord, 0)),
          haven_reply_double(at(coord, 1)));
    haven_reply_free(r);
    r = cmd("GEOSEARCH", g, "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "COUNT", "1", "ASC", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && is_str(at(r, 0), "Catania"), "GEOSEARCH by box, COUNT 1 -> [Catania]");
    haven_reply_free(r);
    r = cmd("GEODIST", g, "Palermo", "Catania", "km", NULL);
    double km = atof(text(r, dist, sizeof dist));
    CHECK(km > 166.2 && km < 166.3, "GEODIST Palermo Catania = 166.27 km, got %s", dist);
    haven_reply_free(r);
}

static void hyperloglog(void) {
    /* 200 members each, 100 shared: 300 distinct. */
    static char members[2][200][8];
    const char *args[2][202];
    for (int h = 0; h < 2; h++) {
        args[h][0] = "PFADD";
        args[h][1] = keys[HLL1 + h];
        for (int i = 0; i < 200; i++) {
            snprintf(members[h][i], sizeof members[h][i], "a%d", i + 100 * h);
            args[h][i + 2] = members[h][i];
        }
        expect_int(1, "PFADD", run_argv(202, args[h]));
    }
    HavenReply *r = cmd("PFCOUNT", keys[HLL1], NULL);
    long long one = haven_reply_integer(r);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_INTEGER && one >= 194 && one <= 206, "PFCOUNT of 200 ~ 200: %lld", one);
    haven_reply_free(r);
    r = cmd("PFCOUNT", keys[HLL1], keys[HLL2], NULL);
    long long both = haven_reply_integer(r);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_INTEGER && both >= 291 && both <= 309, "PFCOUNT of the union ~ 300: %lld", both);
    haven_reply_free(r);
    expect_ok("PFMERGE", cmd("PFMERGE", keys[HLL_ALL], keys[HLL1], keys[HLL2], NULL));
    expect_int(both, "PFCOUNT of the merge", cmd("PFCOUNT", keys[HLL_ALL], NULL));
}

static void bitmaps(void) {
    const char *b = keys[BITS];
    expect_int(0, "SETBIT", cmd("SETBIT", b, "7", "1", NULL));
    expect_int(1, "GETBIT", cmd("GETBIT", b, "7", NULL));
    expect_ok("SET foobar", cmd("SET", b, "foobar", NULL));
    expect_int(26, "BITCOUNT", cmd("BITCOUNT", b, NULL));
    expect_int(6, "BITCOUNT 1 1", cmd("BITCOUNT", b, "1", "1", NULL));
    expect_int(17, "BITCOUNT 5 30 BIT", cmd("BITCOUNT", b, "5", "30", "BIT", NULL));
    expect_int(1, "BITPOS", cmd("BITPOS", b, "1", NULL));
    /* SET, GET, INCRBY wrapping, then INCRBY under OVERFLOW FAIL: a null. */
    HavenReply *r = cmd("BITFIELD", keys[BITFIELD_KEY], "SET", "u8", "0", "255", "GET", "u8", "0", "INCRBY", "u8", "0", "10",
                        "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "250", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 4) && is_int(at(r, 0), 0) && is_int(at(r, 1), 255) && is_int(at(r, 2), 9) &&
              haven_reply_type(at(r, 3)) == HAVEN_REPLY_NIL,
          "BITFIELD -> [0, 255, 9, nil]");
    haven_reply_free(r);
    r = cmd("BITFIELD_RO", keys[BITFIELD_KEY], "GET", "u8", "0", "GET", "u4", "4", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2) && is_int(at(r, 0), 9) && is_int(at(r, 1), 9), "BITFIELD_RO -> [9, 9]");
    haven_reply_free(r);
    r = cmd("BITFIELD", keys[BITFIELD_KEY], "GET", "u99", "0", NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE, "BITFIELD with a bad type -> ResponseError");
    haven_reply_free(r);
}

#define LIBRARY                                                                                                     \
    "#!lua name=havenclib\n"                                                                                        \
    "redis.register_function('hvc_incr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)\n" \
    "redis.register_function{function_name='hvc_get', callback=function(keys) return redis.call('GET', keys[1]) "   \
    "end, flags={'no-writes'}}\n"

static void functions(void) {
    const char *k = keys[BITS]; /* reused: a plain string key */
    haven_reply_free(cmd("DEL", k, NULL));
    HavenReply *r = cmd("FUNCTION", "LOAD", "REPLACE", LIBRARY, NULL);
    CHECK(is_str(r, "havenclib"), "FUNCTION LOAD -> the library's name, got %s (%s)", type_name(r),
          haven_reply_error_message(r) ? haven_reply_error_message(r) : "");
    haven_reply_free(r);
    expect_int(5, "FCALL hvc_incr", cmd("FCALL", "hvc_incr", "1", k, "5", NULL));
    expect_int(12, "FCALL hvc_incr again", cmd("FCALL", "hvc_incr", "1", k, "7", NULL));
    r = cmd("FCALL_RO", "hvc_get", "1", k, NULL);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_BULK_STRING && is_str(r, "12"), "FCALL_RO hvc_get -> \"12\"");
    haven_reply_free(r);
    r = cmd("FCALL_RO", "hvc_incr", "1", k, "1", NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE, "a writing function through FCALL_RO -> ResponseError");
    haven_reply_free(r);
    /* FUNCTION LIST: [{library_name, engine, functions: [{name, description, flags: a set}]}]. */
    r = cmd("FUNCTION", "LIST", "LIBRARYNAME", "havenclib", NULL);
    const HavenReply *lib = at(r, 0);
    const HavenReply *fns = field(lib, "functions");
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && is_str(field(lib, "library_name"), "havenclib") &&
              is_str(field(lib, "engine"), "LUA") && is_type(fns, HAVEN_REPLY_ARRAY, 2),
          "FUNCTION LIST -> one library of two functions");
    int seen = 0;
    for (size_t i = 0; i < haven_reply_len(fns); i++) {
        const HavenReply *fn = at(fns, i);
        const HavenReply *flags = field(fn, "flags");
        if (is_str(field(fn, "name"), "hvc_get")) {
            seen++;
            CHECK(is_type(flags, HAVEN_REPLY_SET, 1) && is_str(at(flags, 0), "no-writes"), "hvc_get's flags: {no-writes}");
        } else if (is_str(field(fn, "name"), "hvc_incr")) {
            seen++;
            CHECK(is_type(flags, HAVEN_REPLY_SET, 0), "hvc_incr has no flags");
        }
    }
    CHECK(seen == 2, "both functions listed");
    haven_reply_free(r);
    expect_ok("FUNCTION DELETE", cmd("FUNCTION", "DELETE", "havenclib", NULL));
    r = cmd("FCALL", "hvc_incr", "1", k, "1", NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE, "FCALL of a deleted function -> ResponseError");
    haven_reply_free(r);
}

static void hash_field_expiry(int valkey) {
    const char *h = keys[HASH];
    haven_reply_free(cmd("DEL", h, NULL));
    expect_int(2, "HSET", cmd("HSET", h, "a", "1", "b", "2", NULL));
    if (!valkey) {
        /* Redis 7.0 has no hash-field expiry: the server's refusal is a ResponseError. */
        const char *refused[][8] = {{"HEXPIRE", h, "100", "FIELDS", "1", "a"}, {"HTTL", h, "FIELDS", "1", "a"},
                                    {"HPERSIST", h, "FIELDS", "1", "a"}};
        const int argc[] = {6, 5, 5};
        for (int i = 0; i < 3; i++) {
            HavenReply *r = run_argv(argc[i], refused[i]);
            const char *msg = haven_reply_error_message(r);
            CHECK(haven_reply_type(r) == HAVEN_REPLY_ERROR && haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE &&
                      msg != NULL && strstr(msg, "unknown command") != NULL,
                  "%s on Redis 7.0 -> ResponseError 'unknown command', got %s (%s)", refused[i][0], type_name(r),
                  msg ? msg : "");
            haven_reply_free(r);
        }
        return;
    }
    HavenReply *r = cmd("HEXPIRE", h, "100", "FIELDS", "2", "a", "missing", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2) && is_int(at(r, 0), 1) && is_int(at(r, 1), -2),
          "HEXPIRE a, missing -> [1, -2], got %s (%s)", type_name(r), haven_reply_error_message(r) ? haven_reply_error_message(r) : "");
    haven_reply_free(r);
    r = cmd("HEXPIRE", h, "200", "NX", "FIELDS", "1", "a", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && is_int(at(r, 0), 0), "HEXPIRE NX on a field with a TTL -> [0]");
    haven_reply_free(r);
    r = cmd("HTTL", h, "FIELDS", "3", "a", "b", "missing", NULL);
    long long ttl = haven_reply_integer(at(r, 0));
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 3) && haven_reply_type(at(r, 0)) == HAVEN_REPLY_INTEGER && ttl >= 90 && ttl <= 100 &&
              is_int(at(r, 1), -1) && is_int(at(r, 2), -2),
          "HTTL a, b, missing -> [~100, -1, -2], got %lld", ttl);
    haven_reply_free(r);
    r = cmd("HPEXPIRE", h, "50000", "FIELDS", "1", "b", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && is_int(at(r, 0), 1), "HPEXPIRE b -> [1]");
    haven_reply_free(r);
    r = cmd("HPERSIST", h, "FIELDS", "2", "a", "b", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2) && is_int(at(r, 0), 1) && is_int(at(r, 1), 1), "HPERSIST a, b -> [1, 1]");
    haven_reply_free(r);
    r = cmd("HTTL", h, "FIELDS", "2", "a", "b", NULL);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 2) && is_int(at(r, 0), -1) && is_int(at(r, 1), -1), "HTTL after HPERSIST -> [-1, -1]");
    haven_reply_free(r);
    r = cmd("HEXPIRE", h, "100", "FIELDS", "3", "a", NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE, "HEXPIRE with a wrong field count -> ResponseError");
    haven_reply_free(r);
}

/* COMMAND INFO over RESP3: the key specifications are a set of maps. */
static void command_info(void) {
    HavenReply *r = cmd("COMMAND", "INFO", "get", NULL);
    const HavenReply *info = at(r, 0);
    const HavenReply *specs = at(info, 8);
    const HavenReply *spec = at(specs, 0);
    CHECK(is_type(r, HAVEN_REPLY_ARRAY, 1) && haven_reply_type(info) == HAVEN_REPLY_ARRAY && haven_reply_len(info) >= 10 &&
              is_str(at(info, 0), "get") && is_int(at(info, 1), 2),
          "COMMAND INFO get -> [[get, 2, ...]], got %s (%s)", type_name(r),
          haven_reply_error_message(r) ? haven_reply_error_message(r) : "");
    CHECK(haven_reply_type(at(info, 2)) == HAVEN_REPLY_SET, "the flags are a set");
    CHECK(is_type(specs, HAVEN_REPLY_SET, 1) && haven_reply_type(spec) == HAVEN_REPLY_MAP, "the key specs are a set of one map");
    CHECK(is_type(field(spec, "flags"), HAVEN_REPLY_SET, 2) && haven_reply_type(field(spec, "begin_search")) == HAVEN_REPLY_MAP,
          "a key spec: {flags: {RO, access}, begin_search: {...}, ...}");
    haven_reply_free(r);
}

int main(int argc, char **argv) {
    const char *address = argc > 1 ? argv[1] : "127.0.0.1:6400";
    const char *server = getenv("HAVEN_SERVER");
    int valkey = server != NULL && strcmp(server, "valkey") == 0;
    char *error = NULL;

    HavenConfig *config = haven_config_standalone();
    if (haven_config_set(config, "address", address, &error) != 0 ||
        haven_config_set(config, "request_timeout_ms", "5000", &error) != 0) {
        fprintf(stderr, "config: %s\n", error);
        haven_string_free(error);
        return 1;
    }
    client = haven_client_connect(config, &error);
    haven_config_free(config);
    if (client == NULL) {
        fprintf(stderr, "connect to %s: %s\n", address, error);
        haven_string_free(error);
        return 1;
    }

    /* The server is the one HAVEN_SERVER names. */
    HavenReply *r = cmd("INFO", "server", NULL);
    static char info[16384];
    text(r, info, sizeof info);
    haven_reply_free(r);
    if (valkey) {
        CHECK(strstr(info, "valkey_version:9.") != NULL, "HAVEN_SERVER=valkey but %s is not Valkey 9", address);
    } else {
        CHECK(strstr(info, "valkey_version:") == NULL && strstr(info, "redis_version:") != NULL,
              "HAVEN_SERVER is not valkey but %s is not Redis", address);
    }
    printf("families against %s (%s)\n", address, valkey ? "Valkey 9" : "Redis");

    static const char *names[] = {"stream", "geo", "hll1", "hll2", "hll-all", "bits", "bitfield", "hash"};
    for (int i = 0; i < 8; i++) snprintf(keys[i], sizeof keys[i], "haven:c:families:%ld:%s", (long)getpid(), names[i]);
    const char *del[10] = {"DEL"};
    for (int i = 0; i < 8; i++) del[i + 1] = keys[i];
    haven_reply_free(run_argv(9, del));

    streams();
    geo();
    hyperloglog();
    bitmaps();
    functions();
    hash_field_expiry(valkey);
    command_info();

    haven_reply_free(run_argv(9, del));
    haven_client_free(client);
    if (failures) {
        fprintf(stderr, "%d of %d check(s) failed\n", failures, checks);
        return 1;
    }
    printf("all %d family checks passed\n", checks);
    return 0;
}
