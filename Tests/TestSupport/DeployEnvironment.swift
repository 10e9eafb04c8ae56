import Foundation

/// `deploy/env/fleet.env.example` read as the environment a process would get from it (comments skipped).
public enum DeployEnvironment {
    public static func example() throws -> [String: String] {
        let text = try String(contentsOf: Executables.packageRoot.appendingPathComponent("deploy/env/fleet.env.example"), encoding: .utf8)
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            env[parts[0]] = parts[1]
        }
        return env
    }
}
