import Foundation
import Glibc
import Shared

/// Where fleetctl writes: tables for people, JSON for scripts (`--json`), progress lines only on a terminal.
struct Output {
    let json: Bool
    let isTerminal = isatty(STDERR_FILENO) == 1

    func emit<T: Encodable>(_ value: T, text: () -> String) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(value)) ?? Data("null".utf8)
            print(SecretRedactor.shared.redact(String(decoding: data, as: UTF8.self)))
        } else {
            print(SecretRedactor.shared.redact(text()))
        }
    }

    /// "retrying 120/5000" rewritten in place on a terminal; silent otherwise.
    func progress(_ verb: String, _ done: Int, _ total: Int) {
        guard isTerminal, total > 0 else { return }
        FileHandle.standardError.write(Data("\r\(verb) \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { i in ([header[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func time(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

/// Parses "90s", "15m", "2h", "3d" or a number of seconds.
func parseAge(_ text: String) throws -> Duration {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    var number = Substring(text)
    var scale: Int64 = 1
    if let last = text.last, let s = units[last] { number = number.dropLast(); scale = s }
    guard let n = Int64(number), n >= 0 else { throw UsageError("\"\(text)\" is not an age like 90s, 15m, 2h or 3d") }
    return .seconds(n * scale)
}
