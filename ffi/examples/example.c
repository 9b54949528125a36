/*
 * haven from C: connect to a standalone server, run commands blocking and
 * asynchronously, read replies of several types, run an optimistic
 * transaction (WATCH / MULTI / EXEC) on a session, and see clear errors for
 * bad input. Exits non-zero when anything is not as expected, so the test suite
 * runs it (also under valgrind).
 *
 *   ./example [host:port]        (default 127.0.0.1:6400)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haven.h"

static int failures = 0;
#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (!(cond)) {                                     \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                  \
            fprintf(stderr, "\n");                         \
            failures++;                                    \
        }                                                  \
    } while (0)

/* Runs a command given as C strings and waits for the reply. */
static HavenReply *run(HavenClient *client, int argc, const char **args) {
    const uint8_t *argv[16];
    size_t lens[16];
    for (int i = 0; i < argc; i++) {
        argv[i] = (const uint8_t *)args[i];
        lens[i] = strlen(args[i]);
    }
    return haven_client_command_blocking(client, (size_t)argc, argv, lens);
}

/* The same on a session's own connection (WATCH / MULTI / EXEC). */
static HavenReply *run_in(HavenClient *client, uint64_t session, int argc, const char **args) {
    const uint8_t *argv[16];
    size_t lens[16];
    for (int i = 0; i < argc; i++) {
        argv[i] = (const uint8_t *)args[i];
        lens[i] = strlen(args[i]);
    }
    return haven_client_session_command_blocking(client, session, (size_t)argc, argv, lens);
}

/* An optimistic increment: WATCH, read, MULTI, write, EXEC; retried while
 * another client changed the key in between (HAVEN_ERROR_WATCH). */
static long long watched_increment(HavenClient *client, uint64_t session, const char *key) {
    for (int attempt = 0; attempt < 100; attempt++) {
        const char *watch[] = {"WATCH", key};
        haven_reply_free(run_in(client, session, 2, watch));
        const char *get[] = {"GET", key};
        HavenReply *r = run_in(client, session, 2, get);
        long long n = 0;
        if (haven_reply_type(r) == HAVEN_REPLY_BULK_STRING) {
            size_t len = 0;
            const uint8_t *p = haven_reply_bytes(r, &len);
            char text[32] = {0};
            memcpy(text, p, len < sizeof text - 1 ? len : sizeof text - 1);
            n = atoll(text);
        }
        haven_reply_free(r);
        char next[32];
        snprintf(next, sizeof next, "%lld", n + 1);
        const char *multi[] = {"MULTI"};
        haven_reply_free(run_in(client, session, 1, multi));
        const char *set[] = {"SET", key, next};
        haven_reply_free(run_in(client, session, 3, set));
        const char *exec[] = {"EXEC"};
        r = run_in(client, session, 1, exec);
        int aborted = haven_reply_error_kind(r) == HAVEN_ERROR_WATCH;
        int ok = haven_reply_type(r) == HAVEN_REPLY_ARRAY;
        haven_reply_free(r);
        if (ok) return n + 1;
        if (!aborted) return -1;
    }
    return -1;
}

static int bytes_equal(const HavenReply *r, const char *expected) {
    size_t len = 0;
    const uint8_t *p = haven_reply_bytes(r, &len);
    return p != NULL && len == strlen(expected) && memcmp(p, expected, len) == 0;
}

/* Async completions: counted under a mutex, the main thread waits. */
struct pending {
    pthread_mutex_t lock;
    pthread_cond_t done;
    int remaining;
    long long sum;
    int errors;
};

static void on_reply(void *user_data, HavenReply *reply) {
    struct pending *p = user_data;
    pthread_mutex_lock(&p->lock);
    if (haven_reply_type(reply) == HAVEN_REPLY_INTEGER) {
        p->sum += haven_reply_integer(reply);
    } else {
        p->errors++;
    }
    p->remaining--;
    if (p->remaining == 0) pthread_cond_signal(&p->done);
    pthread_mutex_unlock(&p->lock);
    haven_reply_free(reply);
}

static void on_response(void *user_data, const uint8_t *response, size_t len) {
    struct pending *p = user_data;
    (void)response;
    pthread_mutex_lock(&p->lock);
    p->sum = (long long)len; /* a serialized Response; non-empty means answered */
    p->remaining--;
    pthread_cond_signal(&p->done);
    pthread_mutex_unlock(&p->lock);
}

int main(int argc, char **argv) {
    const char *address = argc > 1 ? argv[1] : "127.0.0.1:6400";
    char *error = NULL;

    /* A bad setting is refused with a message naming it. */
    HavenConfig *bad = haven_config_standalone();
    haven_config_set(bad, "address", address, NULL);
    haven_config_set(bad, "read_from", "nearest", NULL);
    HavenClient *none = haven_client_connect(bad, &error);
    CHECK(none == NULL, "connect with read_from=nearest must fail");
    CHECK(error != NULL && strstr(error, "read_from") != NULL, "error names read_from: %s", error ? error : "(null)");
    printf("bad config refused: %s\n", error ? error : "(null)");
    haven_string_free(error);
    error = NULL;
    CHECK(haven_config_set(bad, "no_such_setting", "1", &error) == -1, "unknown setting refused");
    haven_string_free(error);
    error = NULL;
    haven_config_free(bad);

    HavenConfig *config = haven_config_standalone();
    if (haven_config_set(config, "address", address, &error) != 0 ||
        haven_config_set(config, "request_timeout_ms", "1000", &error) != 0 ||
        haven_config_set(config, "client_name", "haven-c-example", &error) != 0) {
        fprintf(stderr, "config: %s\n", error);
        haven_string_free(error);
        return 1;
    }
    HavenClient *client = haven_client_connect(config, &error);
    haven_config_free(config);
    if (client == NULL) {
        fprintf(stderr, "connect: %s\n", error);
        haven_string_free(error);
        return 1;
    }

    const char *set[] = {"SET", "haven:c:greeting", "hello from C"};
    HavenReply *r = run(client, 3, set);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_SIMPLE_STRING && bytes_equal(r, "OK"), "SET -> OK");
    haven_reply_free(r);

    const char *get[] = {"GET", "haven:c:greeting"};
    r = run(client, 2, get);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_BULK_STRING && bytes_equal(r, "hello from C"), "GET round trip");
    haven_reply_free(r);

    const char *del[] = {"DEL", "haven:c:hash", "haven:c:counter"};
    haven_reply_free(run(client, 3, del));
    const char *hset[] = {"HSET", "haven:c:hash", "field", "value"};
    haven_reply_free(run(client, 4, hset));
    const char *hgetall[] = {"HGETALL", "haven:c:hash"};
    r = run(client, 2, hgetall);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_MAP && haven_reply_len(r) == 1, "HGETALL -> map of 1");
    CHECK(bytes_equal(haven_reply_map_key(r, 0), "field") && bytes_equal(haven_reply_map_value(r, 0), "value"),
          "map entry");
    CHECK(haven_reply_map_key(r, 1) == NULL, "out of range -> NULL");
    haven_reply_free(r);

    /* A server error: kind and message. */
    const char *incr_str[] = {"INCR", "haven:c:greeting"};
    r = run(client, 2, incr_str);
    CHECK(haven_reply_type(r) == HAVEN_REPLY_ERROR && haven_reply_error_kind(r) == HAVEN_ERROR_RESPONSE,
          "INCR on a string is a ResponseError");
    printf("server error: %s\n", haven_reply_error_message(r));
    haven_reply_free(r);

    /* An empty command is refused, not sent. */
    r = haven_client_command_blocking(client, 0, NULL, NULL);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_CONFIG, "empty command -> ConfigError");
    haven_reply_free(r);

    /* 1000 asynchronous INCRs, pipelined by the engine. */
    struct pending p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 1000, 0, 0};
    const uint8_t *incr_argv[] = {(const uint8_t *)"INCR", (const uint8_t *)"haven:c:counter"};
    size_t incr_lens[] = {4, 15};
    for (int i = 0; i < 1000; i++) {
        haven_client_command(client, 2, incr_argv, incr_lens, on_reply, &p);
    }
    pthread_mutex_lock(&p.lock);
    while (p.remaining > 0) pthread_cond_wait(&p.done, &p.lock);
    pthread_mutex_unlock(&p.lock);
    /* The replies are 1..1000 in some order: their sum is fixed. */
    CHECK(p.errors == 0 && p.sum == 500500, "async INCR replies: errors %d, sum %lld", p.errors, p.sum);
    printf("1000 async INCRs: sum of replies %lld\n", p.sum);

    /* Connection-state commands never reach the shared connection... */
    const char *select1[] = {"SELECT", "1"};
    r = run(client, 2, select1);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_CONFIG, "SELECT on the shared connection -> ConfigError");
    haven_reply_free(r);
    /* ...they run on a session: a dedicated connection of the caller's own. */
    char *session_error = NULL;
    uint64_t session = haven_client_session_open(client, &session_error);
    CHECK(session != 0, "session: %s", session_error ? session_error : "");
    haven_string_free(session_error);
    const char *del_counter[] = {"DEL", "haven:c:watched"};
    haven_reply_free(run(client, 2, del_counter));
    CHECK(watched_increment(client, session, "haven:c:watched") == 1, "WATCH/MULTI/EXEC increment -> 1");
    CHECK(watched_increment(client, session, "haven:c:watched") == 2, "WATCH/MULTI/EXEC increment -> 2");
    CHECK(haven_client_session_close(client, session) == 1, "session closed");
    haven_reply_free(run(client, 2, del_counter));

    /* Malformed protobuf on the shims' path: answered with an error Response. */
    struct pending q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 1, 0, 0};
    const uint8_t garbage[] = {0x0a, 0xff, 0xff};
    haven_client_submit(client, garbage, sizeof garbage, on_response, &q);
    pthread_mutex_lock(&q.lock);
    while (q.remaining > 0) pthread_cond_wait(&q.done, &q.lock);
    pthread_mutex_unlock(&q.lock);
    CHECK(q.sum > 0, "malformed request answered");

    /* The metrics snapshot (stats()), as JSON text, with no collector. */
    char *stats_error = NULL;
    char *stats = haven_client_stats(client, &stats_error);
    CHECK(stats != NULL, "stats: %s", stats_error ? stats_error : "");
    CHECK(strstr(stats, "\"requests_total\":") != NULL && strstr(stats, "\"command\":\"INCR\"") != NULL,
          "stats has the request counters and INCR's durations: %s", stats);
    printf("stats: %.80s...\n", stats);
    haven_string_free(stats);
    CHECK(haven_client_stats(NULL, &stats_error) == NULL && stats_error != NULL, "stats of NULL -> an error");
    haven_string_free(stats_error);
    /* Bad telemetry settings are refused (nothing starts). */
    char *telemetry_error = NULL;
    CHECK(haven_telemetry_init(NULL, 150.0, 5000, NULL, NULL, &telemetry_error) == -1, "sample_percentage 150 refused");
    CHECK(telemetry_error != NULL && strstr(telemetry_error, "sample_percentage") != NULL, "error names the field");
    haven_string_free(telemetry_error);

    /* After close: ClosingError, no crash. */
    haven_client_close(client);
    r = run(client, 2, get);
    CHECK(haven_reply_error_kind(r) == HAVEN_ERROR_CLOSING, "closed client -> ClosingError");
    haven_reply_free(r);
    haven_client_free(client);
    haven_client_free(NULL);

    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all C checks passed\n");
    return 0;
}
