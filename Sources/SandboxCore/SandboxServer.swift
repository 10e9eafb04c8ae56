import Shared

/// The sandbox's HTTP server: a `SandboxApp` behind the shared `HTTPServer`. The server's own body limit
/// is raised to 16 MiB so that bodies above `SandboxAssumptions.maxBodyBytes` get the APIs' own error
/// shapes. `start()` throws `HTTPServerError` (port taken ...); `stop()` is idempotent.
public final class SandboxServer: Sendable {
    public let app: SandboxApp
    private let server: HTTPServer

    public init(app: SandboxApp, host: String = "127.0.0.1", port: Int, onError: @escaping @Sendable (String) -> Void = { _ in }) {
        self.app = app
        var limits = HTTPServerLimits()
        limits.maxBodyBytes = 16 << 20
        server = HTTPServer(host: host, port: port, limits: limits, onError: onError) { request in
            await app.handle(request)
        }
    }

    public func start() throws { try server.start() }
    public func stop() { server.stop() }
    public var port: Int { server.port }
}
