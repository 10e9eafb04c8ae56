import Foundation
import Shared

// test-worker: the worker runtime with test job kinds (see TestJobKinds), for process tests and the benchmark.
//   test-worker                      consume FLEET_QUEUES (default "test") until SIGTERM/SIGINT
//   test-worker enqueue QUEUE KIND N [--batch B] [--payload JSON] [--ordering-keys K]
let environment = ProcessInfo.processInfo.environment
let logger = Logger(process: "test-worker", minimumLevel: LogLevel(environment: environment))
do {
    let resolver = try RedisEndpointResolver.fromEnvironment(environment)
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "enqueue" {
        try await BenchmarkEnqueue.run(Array(arguments.dropFirst()), resolver: resolver)
        exit(0)
    }
    let configuration = try WorkerConfiguration(environment: environment)
    let queues = (environment["FLEET_QUEUES"] ?? "test").split(separator: ",").map(String.init)
    let redis = RedisClient(resolver: resolver, name: "test-jobs")
    // TEST_HTTP_TRANSPORT=urlsession sends http:// through URLSession too (the benchmark's comparison row).
    var httpConfiguration = HTTPClient.Configuration()
    httpConfiguration.usesURLSessionForHTTP = environment["TEST_HTTP_TRANSPORT"] == "urlsession"
    let http = try environment["TEST_HTTP_URL"].map { try BenchmarkHTTPPoster(url: $0, client: HTTPClient(configuration: httpConfiguration)) }
    var kinds = TestJobKinds.all(redis: redis, http: http)
    if let sandbox = environment["TEST_SANDBOX_URL"], let tenantsFile = environment["TEST_SANDBOX_TENANTS"] {
        let callGuard = RemoteCallGuard(redis: redis, logger: logger)
        let tenants = try SandboxTenants(sandboxURL: sandbox, tenantsFile: tenantsFile, callGuard: callGuard, budget: .planfixREST)
        kinds += PlanfixTestKinds.all(redis: redis, tenants: tenants)
    }
    let worker = try Worker(process: "test-worker", configuration: configuration, resolver: resolver, queues: queues,
                            kinds: kinds, logger: logger)
    worker.shutdown.installSignalHandlers()
    try await worker.run()
} catch {
    logger.error("worker.failed", "\(error)")
    exit(1)
}
