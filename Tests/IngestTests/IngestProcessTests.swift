import Foundation
import Glibc
import Testing
import Shared
import TestSupport

/// The real `ingest` executable over real sockets: hardened HTTP in front of the webhook routes, a Redis that is
/// killed with SIGKILL and comes back, metrics, and logs without secrets.
@Suite(.serialized) struct IngestProcessTests {
    final class Fleet: @unchecked Sendable {  // owned by one test
        let redisServer: RedisServer
        let redis: RedisClient
        let port: Int
        let ingest: FleetProcess

        init() async throws {
            redisServer = try RedisServer()
            redis = RedisClient(resolver: redisServer.resolver, name: "ingest-process-test")
            let (status, out) = try await FleetProcess.run("fleetctl", ["tenant", "import", IngestHarness.example.path, "--tenant", "acme"],
                                                           environment: ["REDIS_URL": redisServer.url])
            guard status == 0 else { throw TestSupportError("import failed: \(out)") }
            port = try FreePort.find()
            ingest = try FleetProcess("ingest", environment: ["REDIS_URL": redisServer.url, "INGEST_PORT": "\(port)",
                                                              "INGEST_ADMIN_TOKEN": IngestHarness.adminToken, "FLEET_LOG_LEVEL": "debug"])
            let port = port
            guard try await eventually(timeout: .seconds(20), { (try? await HTTPProbe.get(port: port, path: "/healthz"))?.status == 200 }) else {
                throw TestSupportError("ingest did not start: \(ingest.output)")
            }
        }

        deinit { ingest.kill(SIGKILL) }

        var path: String { "/hooks/acme/\(IngestHarness.secret)/uis/calls" }

        func post(_ body: String, extraHeaders: String = "", close: Bool = true) -> String {
            "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)"
                + (close ? "Connection: close\r\n" : "") + "\r\n" + body
        }

        func storedCalls() async throws -> [Int64] {
            let queue = try JobQueue(name: FleetJobs.Queue.telephony, redis: redis)
            var ids: [Int64] = []
            for key in (try await redis.send(RedisCommand("KEYS", queue.keys.ordered("*"))).array ?? []).compactMap(\.string) {
                for raw in (try await redis.send(RedisCommand("LRANGE", key, "0", "-1")).array ?? []).compactMap(\.bytes) {
                    ids.append(try JobEnvelope.decode(raw).payload.decode(CallNotification.self).callSessionId)
                }
            }
            return ids.sorted()
        }
    }

    static func call(_ id: Int) -> String { #"{"event":"call_finished","call_session_id":\#(id),"contact_phone_number":"79001234567"}"# }

    static func statuses(_ answer: String) -> [Int] {
        answer.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
    }

    @Test func pipelinedAndContinueRequestsAreAllStored() async throws {
        let f = try await Fleet()
        let pipelined = f.post(Self.call(1), close: false) + f.post(Self.call(2), close: false) + f.post(Self.call(3))
        #expect(Self.statuses(try await HTTPProbe.raw(port: f.port, pipelined)) == [200, 200, 200])
        // A client that waits for 100 Continue before sending the body.
        let request = f.post(Self.call(4), extraHeaders: "Expect: 100-continue\r\n")
        let head = String(request[..<request.range(of: "\r\n\r\n")!.upperBound])
        let expecting = try await HTTPProbe.raw(port: f.port, parts: [head, String(request.dropFirst(head.count))], pause: .milliseconds(300))
        #expect(Self.statuses(expecting) == [100, 200], "\(expecting)")
        #expect(try await f.storedCalls() == [1, 2, 3, 4])
    }

    @Test func smugglingAndOversizedRequestsAreRefusedAndStoreNothing() async throws {
        let f = try await Fleet()
        let body = Self.call(10)
        let attempts: [(String, String, Int)] = [
            ("CL with TE", "POST \(f.path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nTransfer-Encoding: chunked\r\n\r\n\(body)", 400),
            ("two Content-Lengths", "POST \(f.path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nContent-Length: 5\r\n\r\n\(body)", 400),
            ("huge request line", "POST \(f.path)?\(String(repeating: "a", count: 10_000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            ("huge header", "POST \(f.path) HTTP/1.1\r\nHost: x\r\nX-Pad: \(String(repeating: "b", count: 40_000))\r\n\r\n", 431),
            ("body over the webhook limit", f.post(#"{"event":"call_finished","call_session_id":11,"pad":""# + String(repeating: "c", count: 70_000) + "\"}"), 413),
            ("nested JSON", f.post(#"{"event":"call_finished","call_session_id":12,"x":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"), 400),
        ]
        for (name, request, expected) in attempts {
            let answer = try await HTTPProbe.raw(port: f.port, request)
            #expect(Self.statuses(answer).first == expected, "\(name): \(answer.prefix(120))")
        }
        #expect(try await f.storedCalls().isEmpty)
        // Still serving.
        #expect(Self.statuses(try await HTTPProbe.raw(port: f.port, f.post(Self.call(13)))) == [200])
        let metrics = try await HTTPProbe.get(port: f.port, path: "/metrics").body
        #expect(metrics.contains(#"ingest_requests_total{route="uis_calls",status="200"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"ingest_rejected_total{reason="too_large",route="uis_calls"} 1"#))
        #expect(metrics.contains("ingest_request_seconds_bucket"))
    }

    @Test func redisKilledMeans503UntilItIsBackAndNothingIsLost() async throws {
        let f = try await Fleet()
        #expect(Self.statuses(try await HTTPProbe.raw(port: f.port, f.post(Self.call(20)))) == [200])
        f.redisServer.kill(signal: SIGKILL)
        #expect(Self.statuses(try await HTTPProbe.raw(port: f.port, f.post(Self.call(21)))) == [503])
        try f.redisServer.start()
        let port = f.port, request = f.post(Self.call(21))
        #expect(try await eventually(timeout: .seconds(20)) { Self.statuses(try await HTTPProbe.raw(port: port, request)) == [200] })
        #expect(try await f.storedCalls() == [20, 21], "appendonly keeps the acknowledged event across the kill")
    }

    @Test func secretsNeverReachTheLog() async throws {
        let f = try await Fleet()
        _ = try await HTTPProbe.raw(port: f.port, "POST /hooks/acme/\(IngestHarness.secret)/planfix/telephony HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 27\r\nConnection: close\r\n\r\ncmd=makeCall&token=wrongkey")
        _ = try await HTTPProbe.raw(port: f.port, f.post("{not json"))
        _ = try await HTTPProbe.raw(port: f.port, "GET /admin/tenants HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(IngestHarness.adminToken)\r\nConnection: close\r\n\r\n")
        _ = try await HTTPProbe.raw(port: f.port, "POST /hooks/acme/guessed-secret-0000000000/uis/calls HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        let log = f.ingest.output
        #expect(log.contains("hook.rejected") && log.contains("hook.bad_token") && log.contains("hook.unauthenticated"), "\(log)")
        for secret in [IngestHarness.secret, IngestHarness.pbxKey, IngestHarness.adminToken, "guessed-secret-0000000000", "pf-rest-token-example"] {
            #expect(!log.contains(secret), "\(secret) in the log")
        }
    }
}
