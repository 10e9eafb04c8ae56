// The sandbox executable: reads flags/env, loads the tenant file and the OpenAPI spec, serves until
// SIGTERM/SIGINT. All logic lives in SandboxCore.
import Dispatch
import Foundation
import Glibc
import SandboxCore
import Shared

let logger = Logger(process: "sandbox")

func option(_ flag: String, env: String) -> String? {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: flag), i + 1 < args.count { return args[i + 1] }
    if let v = ProcessInfo.processInfo.environment[env], !v.isEmpty { return v }
    return nil
}

func fail(_ message: String) -> Never {
    logger.error("sandbox.start_failed", message)
    exit(1)
}

guard let tenantsPath = option("--tenants", env: "SANDBOX_TENANTS") else { fail("--tenants FILE or SANDBOX_TENANTS is required") }
let tenants: TenantsFile
do { tenants = try TenantsFile.load(path: tenantsPath) } catch { fail(String(describing: error)) }

let specPath = option("--openapi", env: "SANDBOX_OPENAPI") ?? "../shared/reference/planfix-openapi.json"
let spec = OpenAPISpec.load(path: specPath)
if spec == nil { logger.warning("sandbox.openapi_missing", "request validation is off", ["path": specPath]) }

let portText = option("--port", env: "SANDBOX_PORT") ?? "0"
guard let port = Int(portText), (0...65535).contains(port) else { fail("invalid port \(portText)") }
let host = option("--host", env: "SANDBOX_HOST") ?? "127.0.0.1"
var options = SandboxOptions()
if let pattern = option("--marker-pattern", env: "SANDBOX_MARKER_PATTERN") { options.markerPattern = pattern }

let app = SandboxApp(tenants: tenants.tenants, spec: spec, options: options, logger: logger)
let server = SandboxServer(app: app, host: host, port: port) { message in logger.error("sandbox.http_error", message) }
do { try server.start() } catch { fail("cannot listen: \(error)") }

FileHandle.standardOutput.write(Data("{\"event\":\"sandbox.listening\",\"port\":\(server.port)}\n".utf8))
logger.info("sandbox.started", "serving", ["tenants": String(tenants.tenants.count), "validation": spec == nil ? "off" : "on"])

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
var sources: [DispatchSourceSignal] = []
for sig in [SIGTERM, SIGINT] {
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
    source.setEventHandler {
        logger.info("sandbox.stopping", "signal \(sig)")
        server.stop()
        exit(0)
    }
    source.resume()
    sources.append(source)
}
dispatchMain()
