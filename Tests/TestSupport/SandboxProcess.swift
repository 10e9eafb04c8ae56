import Foundation
import Glibc

/// The `sandbox` executable, started for one test on a free port with a tenants file written for it.
public final class SandboxProcess: @unchecked Sendable {  // owned by one test
    public let process: FleetProcess
    public let port: Int
    public let tenantsFile: String

    /// Two tenants, `acme` and `beta`, each with task template 1; Planfix at 1 request/s.
    public static let twoTenants = """
        {"tenants":[
          {"id":"acme","planfix":{"account":"acme","token":"pf-acme-secret-token","telephonyToken":"tel-acme-token","requestsPerSecond":1,
           "dailyLimit":20000,"taskTemplates":[{"id":1,"name":"Входящий звонок"}]},"uis":{"accessToken":"uis-acme-token"}},
          {"id":"beta","planfix":{"account":"beta","token":"pf-beta-secret-token","telephonyToken":"tel-beta-token","requestsPerSecond":1,
           "dailyLimit":20000,"taskTemplates":[{"id":1,"name":"Входящий звонок"}]},"uis":{"accessToken":"uis-beta-token"}}
        ]}
        """

    public init(tenants: String = SandboxProcess.twoTenants) async throws {
        tenantsFile = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-tenants-\(UUID().uuidString.prefix(8)).json").path
        try tenants.write(toFile: tenantsFile, atomically: true, encoding: .utf8)
        let spec = Executables.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/planfix-openapi.json").path
        process = try FleetProcess("sandbox", arguments: ["--tenants", tenantsFile, "--port", "0", "--openapi", spec], environment: [:])
        let deadline = ContinuousClock.now + .seconds(20)
        var found: Int?
        while found == nil && ContinuousClock.now < deadline {
            if let range = process.output.range(of: #""port":[0-9]+"#, options: .regularExpression) {
                found = Int(process.output[range].dropFirst(7))
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let found else { throw TestSupportError("the sandbox did not start:\n\(process.output)") }
        port = found
    }

    deinit { process.kill(SIGKILL) }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// `GET /_admin/stats?tenant=T` as JSON.
    public func stats(tenant: String) async throws -> [String: Any] {
        let answer = try await HTTPProbe.get(port: port, path: "/_admin/stats?tenant=\(tenant)")
        guard answer.status == 200, let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] else {
            throw TestSupportError("stats answered \(answer.status): \(answer.body.prefix(200))")
        }
        return json
    }

    /// Sends an admin request with a JSON body (`POST /_admin/faults`, `DELETE /_admin/faults`).
    @discardableResult
    public func admin(_ method: String, _ path: String, json: String = "") async throws -> String {
        let request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n\(json)"
        let answer = try await HTTPProbe.raw(port: port, request)
        guard answer.hasPrefix("HTTP/1.1 2") else { throw TestSupportError("\(method) \(path) answered \(answer.prefix(200))") }
        return answer
    }
}
