import Foundation

/// Severity of a log line, ordered `debug < info < warning < error`.
///
/// Exists so every process filters the same way and spells levels the same way in JSON.
/// Parsing never fails hard: an unknown or missing `FLEET_LOG_LEVEL` falls back to a default,
/// so a typo in a deployment file makes a process chattier or quieter, never crash.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warning, error

    /// Name of the environment variable read by ``init(environment:default:)``.
    public static let environmentVariable = "FLEET_LOG_LEVEL"

    /// Numeric severity used for ordering.
    public var severity: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.severity < rhs.severity
    }

    /// Parses a level name, case-insensitive, surrounding whitespace ignored.
    /// Accepts the aliases `warn` and `err`. Returns nil for anything else.
    public init?(parsing text: String) {
        switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error", "err": self = .error
        default: return nil
        }
    }

    /// Reads `FLEET_LOG_LEVEL` from `environment`; returns `default` when the variable is
    /// unset, empty or not a known level name.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        default fallback: LogLevel = .info
    ) {
        self = environment[Self.environmentVariable].flatMap { LogLevel(parsing: $0) } ?? fallback
    }
}
