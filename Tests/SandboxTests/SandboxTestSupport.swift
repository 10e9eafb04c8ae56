import Dispatch
import Foundation
import Glibc
import SandboxCore

/// A raw HTTP/1.1 response as read from the socket.
struct SandboxHTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
}

enum SandboxClientError: Error { case connect, timeout, malformed }

/// A tiny blocking HTTP client on real sockets, run on its own threads (not the cooperative pool, which also
/// runs the server's handlers). One request per connection (`Connection: close`), read until EOF.
enum SandboxHTTPClient {
    static func send(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                     timeout: Double = 5) async throws -> SandboxHTTPResponse {
        try await withCheckedThrowingContinuation { cont in
            // A dedicated thread: GCD's global queues share threads with the cooperative pool on Linux, and
            // blocking there could starve the server's own handler tasks.
            let thread = Thread {
                cont.resume(with: Result { try blockingSend(port: port, method, path, headers: headers, body: body, timeout: timeout) })
            }
            thread.start()
        }
    }

    static func json(port: Int, _ method: String, _ path: String, _ body: JSONValue?, token: String? = nil,
                     timeout: Double = 5) async throws -> SandboxHTTPResponse {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await send(port: port, method, path, headers: headers, body: body?.encodedBytes ?? [], timeout: timeout)
    }

    static func form(port: Int, _ path: String, _ pairs: [(String, String)], timeout: Double = 5) async throws -> SandboxHTTPResponse {
        try await send(port: port, "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                       body: Array(FormDecoding.encode(pairs).utf8), timeout: timeout)
    }

    private static func blockingSend(port: Int, _ method: String, _ path: String, headers: [(String, String)], body: [UInt8],
                                     timeout: Double) throws -> SandboxHTTPResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SandboxClientError.connect }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw SandboxClientError.connect }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        let out = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < out.count {
            let n = out.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, out.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SandboxClientError.connect }
            sent += n
        }
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { input.append(contentsOf: buffer[0..<n]); continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw SandboxClientError.timeout
        }
        return try parse(input)
    }

    private static func parse(_ bytes: [UInt8]) throws -> SandboxHTTPResponse {
        let sep: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == sep }) else {
            throw SandboxClientError.malformed
        }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw SandboxClientError.malformed }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return SandboxHTTPResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}

/// A sandbox on a free port with the test tenants; `stop()` at the end of each test.
struct SandboxFixture {
    let server: SandboxServer
    var port: Int { server.port }
    var app: SandboxApp { server.app }

    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/reference/planfix-openapi.json").standardized.path

    static let tenantsJSON = """
    {"tenants":[
     {"id":"acme","planfix":{"account":"acme","token":"pf-token","telephonyToken":"tel-token","requestsPerSecond":1,"dailyLimit":20000,
       "pbxToken":"pbx-key","pbxUrl":"https://fleet.example/pbx"},
      "uis":{"accessToken":"uis-acme"},
      "users":[{"id":1,"name":"Иван","lastname":"Петров","email":"ivan@example.com","phones":["+79001234567"],"extension":"101","active":true}]},
     {"id":"fast","planfix":{"account":"fast","token":"fast-token","telephonyToken":"fast-tel","requestsPerSecond":1000,"dailyLimit":100000,
       "taskTemplates":[{"id":7,"name":"Звонок"}],"objects":[{"id":3,"name":"Сделка","statuses":[{"id":20,"name":"Новая","isActive":true}]}],
       "taskCustomFields":[{"id":101,"name":"ID звонка","type":0}],
       "contacts":[{"id":500,"name":"Анна","lastname":"Смирнова","phones":[{"number":"+79161112233","type":1}],
                    "supervisors":{"users":[{"id":"user:2"}]}}]},
      "uis":{"accessToken":"uis-fast","pointsPerMinute":1000,"pointsPerDay":5000,"virtualNumbers":["74993720692"],
       "calls":[{"id":9001,"start_time":"2026-05-01 10:00:00","direction":"in","contact_phone_number":"79161112233","is_lost":false,
                 "last_talked_employee_id":25}]},
      "users":[{"id":1,"name":"Иван","lastname":"Петров","extension":"101","phones":["+79001234567"]},
               {"id":2,"name":"Мария","lastname":"Козлова","extension":"102"},
               {"id":3,"name":"Олег","lastname":"Сидоров","extension":"103","active":false}],
      "uisEmployees":[{"id":25,"fullName":"Иван Петров","extension":"101","phones":["79001234567"]},{"id":26,"fullName":"Без Телефона"}]},
     {"id":"tiny","planfix":{"account":"tiny","token":"tiny-token","telephonyToken":"tiny-tel","requestsPerSecond":1000,"dailyLimit":2},
      "uis":{"accessToken":"uis-tiny","pointsPerMinute":2,"pointsPerDay":100}}
    ]}
    """

    init() throws {
        let tenants = try TenantsFile.decode(Data(Self.tenantsJSON.utf8))
        let app = SandboxApp(tenants: tenants.tenants, spec: OpenAPISpec.load(path: Self.specPath))
        server = SandboxServer(app: app, port: 0)
        try server.start()
    }

    func stop() { server.stop() }

    func rest(_ method: String, _ path: String, _ body: JSONValue? = nil, account: String = "fast",
              token: String = "fast-token") async throws -> SandboxHTTPResponse {
        try await SandboxHTTPClient.json(port: port, method, "/planfix/\(account)/rest\(path)", body, token: token)
    }

    func rpc(_ method: String, _ params: [String: JSONValue], token: String = "uis-fast") async throws -> SandboxHTTPResponse {
        try await rpc(api: "dataapi/v2.0", method, params, token: token)
    }

    func rpc(api: String, _ method: String, _ params: [String: JSONValue], token: String = "uis-fast") async throws -> SandboxHTTPResponse {
        var p = params
        p["access_token"] = .string(token)
        return try await SandboxHTTPClient.json(port: port, "POST", "/uis/\(api)",
                                                ["jsonrpc": "2.0", "id": "t1", "method": .string(method), "params": .object(p)])
    }

    func tel(_ pairs: [(String, String)], account: String = "fast") async throws -> SandboxHTTPResponse {
        try await SandboxHTTPClient.form(port: port, "/planfix/\(account)/tel/api", pairs)
    }

    func admin(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> SandboxHTTPResponse {
        try await SandboxHTTPClient.json(port: port, method, "/_admin\(path)", body)
    }
}
