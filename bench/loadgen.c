// A constant-rate (open-loop) HTTP/1.1 load generator for bench/ingest.sh: the latency run at a fixed request rate.
//
// Why not wrk: Debian's wrk has no fixed-rate mode, and pacing it with delay() gives a closed loop: a connection
// waits for its answer, then for the delay, then sends the next request. When the server stalls, fewer requests
// are sent and the stall is counted once instead of for every request that should have been sent meanwhile
// ("coordinated omission"), so p99 looks better than what a client at that rate would see.
//
// What this does instead (wrk2's approach): request k is due at start + k/RATE, whatever happened before. It is
// written on an idle keep-alive connection as soon as it is due; when every connection is busy it waits for one,
// and its latency is still measured from its due time. So a server that cannot keep up sees its latency grow
// with the backlog, as a real sender at that rate would. One request per connection at a time (no pipelining).
// At the end it stops sending and waits for every answer (up to 10 s), so "2xx answers" counts every request that
// the server accepted. The timer is a timerfd at the due time with 1 ns slack: no busy loop stealing a core.
//
//   loadgen PORT PATH BODY_FILE RATE CONNECTIONS SECONDS ID_BASE
// The body file holds __CALL_SESSION_ID__, replaced by ID_BASE + k (k = 1, 2, ...) for a unique id per request.
// Prints: RESULT target_rate= sent= ok2xx= non2xx= errors= achieved_rps= p50_ms= p90_ms= p99_ms= p999_ms= max_ms=
//         (latency from the due time) and svc_p50_ms= svc_p99_ms= (from the moment the request was written).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int busy;
    int64_t due_ns, sent_ns;
    char buf[65536];
    size_t len;
} conn_t;

static int port;
static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_conn(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { perror("socket"); exit(2); }
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); exit(2); }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Writes all of buf on a blocking socket; returns 0 on success.
static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w; n -= (size_t)w;
    }
    return 0;
}

// Is one whole response in c->buf? Returns its length (and its status) or 0 when more bytes are needed, -1 when
// the framing is not one this tool reads (then the run fails loudly rather than measuring garbage).
static long response_length(conn_t *c, int *status, int *close_after) {
    c->buf[c->len] = 0;
    char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - c->buf) + 4;
    if (c->len < 12 || strncmp(c->buf, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(c->buf + 9);
    long body = -1;
    int chunked = 0;
    *close_after = 0;
    for (char *line = strstr(c->buf, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        char *eol = strstr(line, "\r\n");
        char saved = *eol;
        *eol = 0;  // the header line alone, for the substring checks
        if (strncasecmp(line, "content-length:", 15) == 0) body = atol(line + 15);
        else if (strncasecmp(line, "transfer-encoding:", 18) == 0 && strcasestr(line, "chunked")) chunked = 1;
        else if (strncasecmp(line, "connection:", 11) == 0 && strcasestr(line, "close")) *close_after = 1;
        *eol = saved;
    }
    if (chunked) {  // only the last-chunk marker is looked for: the bodies here are tiny
        char *z = memmem(c->buf + head, c->len - head, "0\r\n\r\n", 5);
        return z ? (long)(z - c->buf) + 5 : 0;
    }
    if (body < 0) body = (*status == 204 || *status == 304 || *status < 200) ? 0 : -1;
    if (body < 0) return -1;
    return c->len >= head + (size_t)body ? (long)(head + (size_t)body) : 0;
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}
static double pct(int64_t *v, long n, double p) {
    if (n == 0) return 0;
    long i = (long)(p / 100.0 * (double)n);
    if (i >= n) i = n - 1;
    return (double)v[i] / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s PORT PATH BODY_FILE RATE CONNECTIONS SECONDS ID_BASE\n", argv[0]);
        return 2;
    }
    port = atoi(argv[1]);
    const char *path = argv[2];
    double rate = atof(argv[4]);
    int nconn = atoi(argv[5]);
    double seconds = atof(argv[6]);
    long long id_base = atoll(argv[7]);
    if (rate <= 0 || nconn <= 0 || seconds <= 0) { fprintf(stderr, "bad RATE/CONNECTIONS/SECONDS\n"); return 2; }
    prctl(PR_SET_TIMERSLACK, 1UL);

    FILE *f = fopen(argv[3], "rb");
    if (!f) { perror(argv[3]); return 2; }
    static char body[65536];
    size_t blen = fread(body, 1, sizeof body - 1, f);
    fclose(f);
    while (blen > 0 && (body[blen - 1] == '\n' || body[blen - 1] == '\r' || body[blen - 1] == ' ')) blen--;
    body[blen] = 0;
    char *mark = strstr(body, "__CALL_SESSION_ID__");
    if (!mark) { fprintf(stderr, "no __CALL_SESSION_ID__ in %s\n", argv[3]); return 2; }
    const char *tail = mark + strlen("__CALL_SESSION_ID__");
    int head_len = (int)(mark - body);

    long total = (long)(rate * seconds);
    int64_t *lat = malloc(sizeof(int64_t) * (size_t)total), *svc = malloc(sizeof(int64_t) * (size_t)total);
    conn_t *conns = calloc((size_t)nconn, sizeof(conn_t));
    int *idle = malloc(sizeof(int) * (size_t)nconn), nidle = 0;
    int ep = epoll_create1(0);
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)nconn };
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
    for (int i = 0; i < nconn; i++) {
        conns[i].fd = open_conn();
        ev.data.u32 = (uint32_t)i;
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
        idle[nidle++] = i;
    }

    int64_t end = 0;
    long issued = 0, ok = 0, non2xx = 0, errors = 0, done_n = 0, inflight = 0;
    double interval = 1e9 / rate;
    int64_t start = now_ns() + 1000000;  // 1 ms from now
    int64_t drain_deadline = start + (int64_t)(seconds * 1e9) + 10000000000LL;
    char req[70000];
    struct epoll_event evs[256];
    for (;;) {
        int64_t now = now_ns();
        long due = now < start ? 0 : (long)((double)(now - start) / interval) + 1;
        if (due > total) due = total;
        while (issued < due && nidle > 0) {
            conn_t *c = &conns[idle[--nidle]];
            char id[32];
            int idlen = snprintf(id, sizeof id, "%lld", id_base + issued + 1);
            int n = snprintf(req, sizeof req,
                             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\n\r\n%.*s%s%s",
                             path, port, (size_t)head_len + (size_t)idlen + strlen(tail), head_len, body, id, tail);
            c->due_ns = start + (int64_t)((double)issued * interval);
            c->sent_ns = now_ns();
            c->busy = 1;
            c->len = 0;
            issued++;
            inflight++;
            if (write_all(c->fd, req, (size_t)n) != 0) {
                errors++; inflight--; c->busy = 0;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = open_conn();
                ev.data.u32 = (uint32_t)(c - conns);
                epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
                idle[nidle++] = (int)(c - conns);
            }
        }
        if (issued == total && inflight == 0) break;
        if (now > drain_deadline) { errors += inflight; break; }
        // Sleep until the next request is due (if a connection is free for it) or until an answer arrives.
        struct itimerspec its = {0};
        if (issued < total && nidle > 0) {
            int64_t next = start + (int64_t)((double)issued * interval);
            if (next <= now) next = now + 1;
            its.it_value.tv_sec = next / 1000000000LL;
            its.it_value.tv_nsec = next % 1000000000LL;
        }
        timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
        int n = epoll_wait(ep, evs, 256, 1000);
        int64_t t = now_ns();
        for (int i = 0; i < n; i++) {
            uint32_t k = evs[i].data.u32;
            if (k == (uint32_t)nconn) { uint64_t x; ssize_t r = read(tfd, &x, sizeof x); (void)r; continue; }
            conn_t *c = &conns[k];
            ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
            int status = 0, close_after = 0;
            long rl = 0;
            if (r > 0) {
                c->len += (size_t)r;
                rl = response_length(c, &status, &close_after);
                if (rl < 0) { fprintf(stderr, "loadgen: unreadable response framing:\n%.*s\n", (int)c->len, c->buf); return 2; }
                if (rl == 0) continue;
                if (!c->busy) { fprintf(stderr, "loadgen: answer without a request\n"); return 2; }
                if ((size_t)rl != c->len) { fprintf(stderr, "loadgen: extra bytes after an answer\n"); return 2; }
                if (status >= 200 && status < 300) {
                    lat[ok] = t - c->due_ns;
                    svc[ok] = t - c->sent_ns;
                    ok++;
                } else {
                    non2xx++;
                }
            } else if (c->busy) {
                errors++;  // closed or failed with a request in flight
                close_after = 1;
            } else {
                close_after = 1;  // an idle keep-alive connection closed by the server
            }
            if (c->busy) { c->busy = 0; inflight--; done_n++; end = t; }
            c->len = 0;
            if (close_after) {
                // remove from the idle stack if it is there (idle close), then reconnect
                for (int j = 0; j < nidle; j++) if (idle[j] == (int)k) { idle[j] = idle[--nidle]; break; }
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = open_conn();
                ev.data.u32 = k;
                epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            }
            idle[nidle++] = (int)k;
        }
    }
    qsort(lat, (size_t)ok, sizeof(int64_t), cmp64);
    qsort(svc, (size_t)ok, sizeof(int64_t), cmp64);
    printf("RESULT target_rate=%.0f sent=%ld ok2xx=%ld non2xx=%ld errors=%ld achieved_rps=%.1f p50_ms=%.3f p90_ms=%.3f "
           "p99_ms=%.3f p999_ms=%.3f max_ms=%.3f svc_p50_ms=%.3f svc_p99_ms=%.3f\n",
           rate, issued, ok, non2xx, errors, end > start ? (double)(ok + non2xx) / ((double)(end - start) / 1e9) : 0.0,
           pct(lat, ok, 50), pct(lat, ok, 90), pct(lat, ok, 99), pct(lat, ok, 99.9), ok ? (double)lat[ok - 1] / 1e6 : 0,
           pct(svc, ok, 50), pct(svc, ok, 99));
    return 0;
}
