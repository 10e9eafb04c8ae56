/// A tiny parser for `fleetctl`'s words: positional arguments, `--flag`, `--option value` and `--option=value`.
/// Unknown options are errors (a typo must not silently widen a purge).
struct CommandLineArguments {
    private(set) var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []
    private var consumed: Set<String> = []

    /// - Parameter valued: option names that take a value.
    init(_ words: [String], valued: Set<String>) throws {
        var i = 0
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("--") {
                let body = String(word.dropFirst(2))
                if let eq = body.firstIndex(of: "=") {
                    options[String(body[..<eq])] = String(body[body.index(after: eq)...])
                } else if valued.contains(body) {
                    guard i + 1 < words.count else { throw UsageError("--\(body) needs a value") }
                    options[body] = words[i + 1]
                    i += 1
                } else {
                    flags.insert(body)
                }
            } else {
                positional.append(word)
            }
            i += 1
        }
    }

    mutating func flag(_ name: String) -> Bool {
        consumed.insert(name)
        return flags.contains(name)
    }

    /// Whether an option or flag was given, without consuming it.
    func has(_ name: String) -> Bool { options[name] != nil || flags.contains(name) }

    mutating func option(_ name: String) -> String? {
        consumed.insert(name)
        return options[name]
    }

    /// Throws for any option or flag no command asked about.
    func rejectUnknown() throws {
        let unknown = Set(options.keys).union(flags).subtracting(consumed)
        if let first = unknown.sorted().first { throw UsageError("unknown option --\(first)") }
    }
}

/// Wrong words on the command line: printed with the usage, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
