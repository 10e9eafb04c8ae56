#!/usr/bin/env python3
"""The telephony benchmark's driver (bench/telephony.sh starts the processes and calls this).

  telephony-driver.py tenants TENANTS              (prints the sandbox's tenants file)
  telephony-driver.py setup   SANDBOX_URL INGEST_URL ADMIN_TOKEN TENANTS
  telephony-driver.py burst   SANDBOX_URL INGEST_URL TENANTS CALLS SPREAD_SECONDS

setup: stores each tenant's settings through the ingest's admin API (the example document wired to the sandbox,
no filter, no custom fields), gives every tenant's Planfix REST API 150 ms of latency in the sandbox, and syncs
every tenant's employees (so popups know the extensions), waiting until all are synced.

burst: every tenant gets CALLS incoming calls, each starting at a random moment within SPREAD_SECONDS: "waiting for
answer" at its start, "talk started" 1 s later, "call finished" 2.5 s later (all through the ingest, over keep-alive
connections from a pool of threads). Then it waits for every call's task, reads the sandbox's ledger and prints:
  - the Planfix REST throughput as a share of the tenants' budgets: per tenant, its requests over the span from its
    first to its last one (1 request/s is 100%), summed over tenants;
  - limit violations: tenants that got more than their 1 request in any 1000 ms window, and 429 answers;
  - popup latency: from the moment the driver sent "waiting for answer" to the moment the sandbox received the
    INCOMING telephony event of that call (p50/p90/p99/max, during the REST backlog);
  - fairness: each tenant's completion time (its last task created, from the start of the burst): min, median, max.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

SECRET = "bench-telephony-secret-0123456789"
LATENCY_MS = 150


def tenant_id(i):
    return f"b{i:03d}"


def sandbox_tenants(count):
    """The sandbox's tenants file for COUNT tenants: 1 Planfix REST request/s each, one employee on extension 101."""
    tenants = []
    for i in range(1, count + 1):
        t = tenant_id(i)
        tenants.append({
            "id": t,
            "planfix": {"account": t, "token": f"pf-{t}", "telephonyToken": f"tel-{t}", "requestsPerSecond": 1,
                        "objects": [{"id": 17, "name": "Звонок", "statuses": [{"id": 1, "name": "Новая", "isActive": True}]}],
                        "taskTemplates": [{"id": 1, "name": "Звонок"}]},
            "uis": {"accessToken": f"uis-{t}", "virtualNumbers": ["74951234567"]},
            "users": [{"id": 3, "name": "Анна", "lastname": "Смирнова", "email": f"anna@{t}.ru", "extension": "101", "active": True}],
            "uisEmployees": [{"id": 25, "fullName": "Анна Смирнова", "email": f"anna@{t}.ru", "extension": "101",
                              "phones": ["74950000101"], "statusId": 1}],
        })
    return {"tenants": tenants}


class Client:
    """One keep-alive HTTP connection per thread."""
    local = threading.local()

    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port

    def request(self, method, path, body=None, headers=None):
        for attempt in range(50):
            conn = getattr(self.local, f"c{self.port}", None)
            if conn is None:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                setattr(self.local, f"c{self.port}", conn)
            try:
                data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
                conn.request(method, path, body=data, headers=headers or {"Content-Type": "application/json"})
                r = conn.getresponse()
                payload = r.read()
                if r.status >= 500:  # the ingest's 503 (Redis busy) and the like: a sender retries
                    time.sleep(0.1)
                    continue
                return r.status, payload
            except (OSError, http.client.HTTPException):
                conn.close()
                setattr(self.local, f"c{self.port}", None)
                time.sleep(0.05)
        raise RuntimeError(f"{method} {path}: no answer after retries")


def setup(sandbox_url, ingest_url, admin_token, count):
    sandbox, ingest = Client(sandbox_url), Client(ingest_url)
    admin = {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"}
    example = json.load(open("settings/tenant.example.json"))

    def one(i):
        t = tenant_id(i)
        s = json.loads(json.dumps(example))
        c = s["connection"]
        c["planfix_rest_url"] = f"{sandbox_url}/planfix/{t}/rest/"
        c["planfix_rest_token"] = f"pf-{t}"
        c["planfix_telephony_url"] = f"{sandbox_url}/planfix/{t}/tel/api"
        c["planfix_telephony_token"] = f"tel-{t}"
        c["uis_data_api_url"] = f"{sandbox_url}/uis/dataapi/v2.0"
        c["uis_call_api_url"] = f"{sandbox_url}/uis/callapi/v4.0"
        c["uis_data_api_token"] = f"uis-{t}"
        c["uis_call_api_token"] = f"uis-{t}"
        c["webhook_secret"] = SECRET
        for direction in ("incoming", "outgoing"):
            flow = s["telephony"][direction]
            flow["filter"] = {"enabled": False}
            flow["responsibles"] = {"default": 3, "rules": []}
            flow["fields"] = []
        s["telephony"]["incoming"]["primary"] = {"create": "task", "template_id": 1}
        s["telephony"]["incoming"]["personal_manager"] = False
        status, body = ingest.request("PUT", f"/admin/tenants/{t}", body=json.dumps(s).encode(), headers=admin)
        assert status in (200, 201), f"settings of {t}: {status} {body[:300]}"
        status, body = sandbox.request("POST", "/_admin/faults",
                                       body={"tenant": t, "api": "planfix-rest", "latencyMs": {"min": LATENCY_MS, "max": LATENCY_MS}})
        assert status == 200, f"faults of {t}: {status} {body[:200]}"
        status, body = ingest.request("POST", f"/admin/tenants/{t}/employees/sync", body=b"{}", headers=admin)
        assert status == 202, f"employee sync of {t}: {status} {body[:200]}"

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(1, count + 1)))
    deadline = time.time() + 60 + count
    pending = {tenant_id(i) for i in range(1, count + 1)}
    while pending and time.time() < deadline:
        for t in list(pending):
            status, body = ingest.request("GET", f"/admin/tenants/{t}/employees", headers=admin)
            view = json.loads(body) if status == 200 else {}
            if (view.get("snapshot") or {}).get("mappings"):
                pending.discard(t)
        if pending:
            time.sleep(1)
    if pending:
        sys.exit(f"employee sync did not finish for {len(pending)} tenants, e.g. {sorted(pending)[:3]}")
    print(f"setup: {count} tenants stored, REST latency {LATENCY_MS} ms, employees synced", file=sys.stderr)


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def burst(sandbox_url, ingest_url, count, calls, spread):
    sandbox, ingest = Client(sandbox_url), Client(ingest_url)
    tenants = [tenant_id(i) for i in range(1, count + 1)]
    start = time.time() + 1.0
    start_ms = int(start * 1000)
    events = []  # (due time, tenant, call id, event, extra)
    for ti, t in enumerate(tenants):
        for c in range(1, calls + 1):
            call = 1_000_000 + ti * 1000 + c
            at = start + random.uniform(0, spread)
            events.append((at, t, call, "waiting_for_answer", ',"leg_id":1'))
            events.append((at + 1.0, t, call, "talk_started", ',"leg_ids":[1]'))
            events.append((at + 2.5, t, call, "call_finished", ',"talk_time_duration":2'))
    events.sort()
    sent_ms = {}
    lock = threading.Lock()
    cursor = [0]
    late = [0]

    def sender():
        while True:
            with lock:
                if cursor[0] >= len(events):
                    return
                at, t, call, event, extra = events[cursor[0]]
                cursor[0] += 1
            delay = at - time.time()
            if delay > 0:
                time.sleep(delay)
            elif delay < -0.05:
                late[0] += 1
            phone = f"79{call % 1_000_000_000:09d}"
            body = ('{"event":"%s","call_session_id":%d,"contact_phone_number":"%s","virtual_phone_number":"74951234567",'
                    '"direction":"in","employee_id":25%s}' % (event, call, phone, extra)).encode()
            now = int(time.time() * 1000)
            status, answer = ingest.request("POST", f"/hooks/{t}/{SECRET}/uis/calls", body=body)
            if status != 200:
                raise RuntimeError(f"{t} {call} {event}: {status} {answer[:200]}")
            if event == "waiting_for_answer":
                sent_ms[(t, str(call))] = now

    with ThreadPoolExecutor(48) as pool:
        for f in [pool.submit(sender) for _ in range(48)]:
            f.result()
    posted_s = time.time() - start
    print(f"burst: {len(events)} notifications for {count * calls} calls sent in {posted_s:.1f} s "
          f"({late[0]} sent more than 50 ms late)", file=sys.stderr)

    # Every call's task (1 REST request/s per tenant: the backlog takes a while).
    deadline = time.time() + 120 + calls * 12
    while time.time() < deadline:
        stats = json.loads(sandbox.request("GET", "/_admin/stats")[1])["tenants"]
        done = sum(len((stats.get(t) or {}).get("tasksPerMarker") or {}) for t in tenants)
        if done >= count * calls:
            break
        time.sleep(2)
    stats = json.loads(sandbox.request("GET", "/_admin/stats")[1])["tenants"]

    def ledger(api):
        body = sandbox.request("GET", f"/_admin/ledger?api={api}&since={start_ms - 1000}")[1].decode()
        return [json.loads(line) for line in body.splitlines() if line.strip()]

    popups = {}
    for e in ledger("planfix-tel"):
        d = e.get("details") or {}
        if e.get("op") == "call.event" and d.get("event") == "INCOMING":
            key = (e["tenant"], d.get("callid"))
            popups.setdefault(key, e["time"])
    latencies = [popups[k] - sent_ms[k] for k in sent_ms if k in popups]
    missing_popups = len(sent_ms) - len(latencies)

    rest_times, completions = {}, {}
    for e in ledger("planfix-rest"):
        if e.get("kind") == "request":
            rest_times.setdefault(e["tenant"], []).append(e["time"])
        elif e.get("op") == "task.created":
            completions[e["tenant"]] = max(completions.get(e["tenant"], 0), e["time"])
    intervals = spans = 0
    for t in tenants:
        times = sorted(rest_times.get(t, []))
        if len(times) >= 2:
            intervals += len(times) - 1
            spans += (times[-1] - times[0]) / 1000
    share = intervals / spans if spans else float("nan")
    violators = [t for t in tenants if ((stats.get(t) or {}).get("planfixMaxRequestsPerSecond") or 0) > 1]
    throttled = sum(v for t in tenants for k, v in ((stats.get(t) or {}).get("statuses") or {}).items() if k.endswith(" 429"))
    tasks = sum(len((stats.get(t) or {}).get("tasksPerMarker") or {}) for t in tenants)
    doubles = sum(1 for t in tenants for n in ((stats.get(t) or {}).get("tasksPerMarker") or {}).values() if n != 1)
    finish = [(completions[t] - start_ms) / 1000 for t in tenants if t in completions]
    requests = sum(len(v) for v in rest_times.values())

    print(f"tasks: {tasks} of {count * calls} calls ({doubles} calls with more than one task); "
          f"Planfix REST requests: {requests} ({requests / max(1, count * calls):.1f} per call)")
    print(f"REST throughput: {share * 100:.2f}% of the tenants' budgets (1 request/s each, over each tenant's "
          f"busy span; target >= 95%)")
    print(f"limit violations: {len(violators)} tenants over 1 request in a 1000 ms window, {throttled} answers 429 "
          f"(target 0)")
    print(f"popup latency (notification sent -> INCOMING at Planfix), {len(latencies)} calls: "
          f"p50 {percentile(latencies, 50):.0f} ms, p90 {percentile(latencies, 90):.0f} ms, "
          f"p99 {percentile(latencies, 99):.0f} ms, max {max(latencies) if latencies else float('nan'):.0f} ms "
          f"({missing_popups} without a popup; target p99 <= 300 ms)")
    if finish:
        med = percentile(finish, 50)
        print(f"fairness: tenants completed after min {min(finish):.1f} s, median {med:.1f} s, max {max(finish):.1f} s "
              f"(spread (max-min)/median {(max(finish) - min(finish)) / med:.2f})")
    ok = (tasks == count * calls and doubles == 0 and share >= 0.95 and not violators and throttled == 0
          and latencies and percentile(latencies, 99) <= 300 and missing_popups == 0)
    print("targets: " + ("PASS" if ok else "FAIL"))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "tenants":
        json.dump(sandbox_tenants(int(sys.argv[2])), sys.stdout, ensure_ascii=False)
    elif cmd == "setup":
        setup(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif cmd == "burst":
        burst(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
    else:
        sys.exit(__doc__)
