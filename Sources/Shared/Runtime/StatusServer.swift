/// The small HTTP server every process runs: `/healthz` (200 when Redis answers PING, 503 otherwise) and
/// `/metrics` (Prometheus text). The ingest adds its routes through `routes`.
public final class StatusServer: Sendable {
    public typealias Route = @Sendable (HTTPRequest) async -> HTTPResponse?
    private let server: HTTPServer

    /// - Parameters:
    ///   - routes: tried first; return nil to fall through to `/healthz`, `/metrics` and 404.
    ///   - inlineRoutes: the server's inline handler (`HTTPServer.InlineHandler`), tried before everything else.
    public init(host: String, port: Int, redis: RedisClient, metrics: MetricsRegistry = .shared, logger: Logger,
                limits: HTTPServerLimits = .init(), inlineRoutes: HTTPServer.InlineHandler? = nil, routes: Route? = nil) {
        server = HTTPServer(host: host, port: port, limits: limits, onError: { logger.warning("http.error", $0) },
                            inline: inlineRoutes) { request in
            if let routes, let response = await routes(request) { return response }
            switch (request.method, request.path) {
            case ("GET", "/healthz"), ("HEAD", "/healthz"):
                do {
                    try await redis.send(["PING"])
                    return .text("ok\n")
                } catch {
                    return .text("redis unreachable: \(error)\n", status: 503)
                }
            case ("GET", "/metrics"):
                var response = HTTPResponse.text(await metrics.render())
                response.headers = [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]
                return response
            default:
                return .text("not found\n", status: 404)
            }
        }
    }

    public func start() throws { try server.start() }
    public var port: Int { server.port }
    public func stop() { server.stop() }
}
