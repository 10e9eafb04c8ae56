#!/usr/bin/env python3
"""redis-server's CPU per stored webhook event, for the ingest's enqueue and for cheaper ways to store an event.

    usage: bench/redis-enqueue-cost.py [BATCHES=2000] [PER_CALL=24] [ROUNDS=3]

Starts its own redis-server (deploy/redis/redis.conf: AOF everysec) on a free loopback port in a temporary
directory and stops it at the end. Sends BATCHES calls of PER_CALL events each (the group commit's usual batch
under load), a few calls in flight at a time, and divides redis-server's CPU time (user + system, /proc) by the
events. Each event is a distinct call, as in bench/ingest.sh (bench/call-finished.json in a job envelope).

Variants, each from an empty server:
  script   the fleet's own enqueue (QueueScripts.enqueueUnique, read from the Swift source): per event a
           deduplication key (SET NX PX) and the per-call ordered list (RPUSH), one LPUSH of the tokens and one
           HINCRBY per call, atomically
  plain    the same commands pipelined without Lua: neither atomic nor conditional (a duplicate would be stored)
  inbox    one RPUSH of the whole batch onto a single list: no deduplication, no per-call order
  buckets  an experiment kept for comparison (BUCKET_SCRIPT below): the same guarantees, the deduplication keys
           gathered as fields of one hash per time bucket (2 buckets: current and previous), read with one HMGET
           per bucket and written with one HSET per call instead of one SET per event
"plain" and "inbox" are not alternatives as they stand; they show what the script's guarantees cost.
"""
import os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATCHES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
PER_CALL = int(sys.argv[2]) if len(sys.argv) > 2 else 24
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
IN_FLIGHT = 4  # calls written before their replies are read (the ingest has one in flight; more keeps Redis busy)
TTL_MS = "10800000"

# The "buckets" experiment. KEYS: ready, stats, bucket 1 (current) .. bucket B, then per item its ordered list.
# ARGV: ttlMillis, B, then per item: jobId, envelope, token, dedup field.
BUCKET_SCRIPT = """
local buckets, fields, seen = tonumber(ARGV[2]), {}, {}
local items = (#ARGV - 2) / 4
for i = 1, items do fields[i] = ARGV[2 + i * 4] end
for b = 3, 2 + buckets do
  local got = redis.call('HMGET', KEYS[b], unpack(fields))
  for i = 1, items do if got[i] then seen[fields[i]] = true end end
end
local results, pushes, sets, ordered = {}, {}, {}, 0
for i = 1, items do
  local a = 2 + (i - 1) * 4
  if seen[ARGV[a + 4]] then results[i] = 0 else
    seen[ARGV[a + 4]] = true
    sets[#sets + 1] = ARGV[a + 4]; sets[#sets + 1] = ARGV[a + 1]
    if redis.call('RPUSH', KEYS[2 + buckets + i], ARGV[a + 2]) == 1 then pushes[#pushes + 1] = ARGV[a + 3] end
    ordered = ordered + 1
    results[i] = 1
  end
end
if #sets > 0 then redis.call('HSET', KEYS[3], unpack(sets)); redis.call('PEXPIRE', KEYS[3], ARGV[1]) end
if #pushes > 0 then redis.call('LPUSH', KEYS[1], unpack(pushes)) end
if ordered > 0 then redis.call('HINCRBY', KEYS[2], 'ordered_pending', ordered) end
return results
"""
BUCKETS = 2


def enqueue_unique_source():
    swift = open(os.path.join(ROOT, "Sources/Shared/Queue/QueueScripts.swift")).read()
    match = re.search(r'enqueueUnique = RedisScript\(name: "enqueueUnique", source: """\n(.*?)"""', swift, re.S)
    if not match:
        sys.exit("QueueScripts.enqueueUnique not found in Sources/Shared/Queue/QueueScripts.swift")
    return match.group(1)


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("redis-server closed the connection")
            self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill(len(self.buf) + 1)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind in (b"+", b":"):
            return rest
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            self._fill(n + 2)
            value, self.buf = self.buf[:n], self.buf[n + 2:]
            return value
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        raise RuntimeError("unexpected reply %r" % line)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batches(variant, shas, run):
    notification = open(os.path.join(ROOT, "bench/call-finished.json")).read()
    q = "uisplanfix:{telephony}"
    n = 0
    for _ in range(BATCHES):
        keys, argv, pipe, tokens = [q + ":ready", q + ":stats"], [], [], []
        bucket_keys, ordered_keys = [q + ":dedup-bucket:%d" % (999 - b) for b in range(BUCKETS)], []
        for _ in range(PER_CALL):
            n += 1
            call = run * 10**9 + n
            job_id = "%016x" % call
            payload = notification.replace("__CALL_SESSION_ID__", str(call))
            envelope = ('{"id":"%s","kind":"call.event","tenant":"bench","payload":%s,"attempts":0,'
                        '"orderingKey":"bench:call:%d","firstSeenAt":1764201600000}' % (job_id, payload, call)).encode()
            dedup, ordered, token = (q + ":dedup:bench:call:%d:call_finished:-" % call,
                                     q + ":ordered:bench:call:%d" % call, "@ordered:bench:call:%d" % call)
            if variant == "script":
                keys += [dedup, ordered]
                argv += [TTL_MS, envelope, token, job_id]
            elif variant == "buckets":
                ordered_keys.append(ordered)
                argv += [job_id, envelope, token, dedup]
            elif variant == "plain":
                pipe += [resp("SET", dedup, job_id, "NX", "PX", TTL_MS), resp("RPUSH", ordered, envelope)]
                tokens.append(token)
            else:
                pipe.append(envelope)
        if variant == "script":
            yield resp("EVALSHA", shas["script"], len(keys), *keys, *argv), 1
        elif variant == "buckets":
            keys += bucket_keys + ordered_keys
            yield resp("EVALSHA", shas["buckets"], len(keys), *keys, TTL_MS, BUCKETS, *argv), 1
        elif variant == "plain":
            yield b"".join(pipe) + resp("LPUSH", q + ":ready", *tokens) + resp("HINCRBY", q + ":stats", "ordered_pending", PER_CALL), \
                2 * PER_CALL + 2
        else:
            yield resp("RPUSH", q + ":inbox", *pipe), 1


def measure(variant, run):
    work = tempfile.mkdtemp(prefix="fleet-bench-enqueue.")
    port = free_port()
    server = subprocess.Popen(["redis-server", os.path.join(ROOT, "deploy/redis/redis.conf"), "--port", str(port),
                               "--bind", "127.0.0.1", "--dir", work, "--save", ""], stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                conn = Connection(port)
                break
            except OSError:
                time.sleep(0.05)
        shas = {}
        for name, source in (("script", enqueue_unique_source()), ("buckets", BUCKET_SCRIPT)):
            conn.sock.sendall(resp("SCRIPT", "LOAD", source))
            shas[name] = conn.reply()
        calls = list(batches(variant, shas, run))
        before = cpu_seconds(server.pid)
        for i in range(0, len(calls), IN_FLIGHT):
            window = calls[i:i + IN_FLIGHT]
            conn.sock.sendall(b"".join(data for data, _ in window))
            for _, replies in window:
                for _ in range(replies):
                    conn.reply()
        time.sleep(0.2)  # the AOF's write of the last batch
        return (cpu_seconds(server.pid) - before) * 1e6 / (BATCHES * PER_CALL)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    print("redis-server CPU per stored event: %d calls of %d events, %d rounds, median (min-max)" % (BATCHES, PER_CALL, ROUNDS))
    results = {}
    for run in range(ROUNDS):
        for variant in ("script", "plain", "inbox", "buckets"):
            results.setdefault(variant, []).append(measure(variant, run + 1))
    base = statistics.median(results["script"])
    for variant, values in results.items():
        m = statistics.median(values)
        print("  %-7s %6.2f µs/event (%.2f-%.2f)  %.2f× the script" % (variant, m, min(values), max(values), m / base))


if __name__ == "__main__":
    main()
