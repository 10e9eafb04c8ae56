import Foundation
import Shared

/// `fleetctl tenant ...` and `fleetctl template preview`.
struct TenantCommands {
    let redis: RedisClient
    let output: Output

    func run(_ words: [String], _ args: inout CommandLineArguments) async throws {
        let operations = TenantOperations(redis: redis)
        switch words.count > 1 ? words[1] : "" {
        case "list":
            try args.rejectUnknown()
            var rows: [[String]] = []
            var listed: [[String: AnyCodable]] = []
            for tenant in try await operations.store.list() {
                guard let stored = try await operations.store.get(tenant) else { continue }
                rows.append([tenant, "\(stored.version)", Output.time(stored.updatedAt)])
                listed.append(["tenant": .string(tenant), "version": .int(stored.version), "updatedAt": .int(Int(stored.updatedAt))])
            }
            output.emit(listed) { rows.isEmpty ? "no tenants" : Output.table(["TENANT", "VERSION", "UPDATED"], rows) }
        case "show", "export":
            guard words.count >= 3 else { throw UsageError("tenant \(words[1]) takes a TENANT") }
            let withSecrets = args.flag("with-secrets")
            try args.rejectUnknown()
            let (version, text) = try await operations.document(tenant: words[2], withSecrets: withSecrets)
            if words[1] == "export", words.count == 4 {
                try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: words[3]))
                FileHandle.standardError.write(Data("exported \(words[2]) version \(version) to \(words[3])\n".utf8))
            } else {
                // The document itself, not through the redactor: secrets are already masked unless asked for.
                print(text)
            }
        case "validate":
            guard words.count == 3 else { throw UsageError("tenant validate takes a FILE") }
            try args.rejectUnknown()
            let bytes = try readFile(words[2])
            switch TenantOperations.validate(bytes) {
            case .success: output.emit(["valid": AnyCodable.string("true")]) { "\(words[2]): valid" }
            case let .failure(error): throw SettingsInvalid(file: words[2], error: error)
            }
        case "import":
            guard words.count == 3 else { throw UsageError("tenant import takes a FILE (and --tenant T)") }
            guard let tenant = args.option("tenant") else { throw UsageError("tenant import needs --tenant T") }
            let expected = try args.option("expect-version").map { v -> Int in
                guard let n = Int(v), n >= 0 else { throw UsageError("--expect-version takes a number") }
                return n
            }
            try args.rejectUnknown()
            do {
                let version = try await operations.importDocument(tenant: tenant, bytes: try readFile(words[2]), expectedVersion: expected)
                output.emit(["tenant": AnyCodable.string(tenant), "version": .int(version)]) { "imported \(tenant): version \(version)" }
            } catch let error as SettingsDocumentError {
                throw SettingsInvalid(file: words[2], error: error)
            }
        case "delete":
            guard words.count == 3 else { throw UsageError("tenant delete takes a TENANT") }
            let confirmed = args.flag("yes")
            try args.rejectUnknown()
            guard confirmed else { throw UsageError("tenant delete removes the tenant's settings: add --yes to confirm") }
            guard try await operations.store.delete(words[2]) else { throw QueueError.notFound("no settings for tenant \(words[2])") }
            output.emit(["deleted": AnyCodable.string(words[2])]) { "deleted \(words[2])" }
        case "setup-guide":
            guard words.count == 3 else { throw UsageError("tenant setup-guide takes a TENANT") }
            let baseURL = args.option("base-url") ?? ProcessInfo.processInfo.environment["INGEST_PUBLIC_URL"] ?? "https://<ingest address>"
            let withSecrets = args.flag("with-secrets")
            try args.rejectUnknown()
            let guide = try await operations.setupGuide(tenant: words[2], baseURL: baseURL, withSecrets: withSecrets)
            if output.json { output.emit(guide) { guide.text } } else { print(guide.text) }
        case "new-secret":
            try args.rejectUnknown()
            print(WebhookSecret.generate())
        default:
            throw UsageError("unknown tenant command")
        }
    }

    /// `rules dry-run --tenant T [--since AGE] [--settings FILE] [--limit N]`: what the current (or proposed)
    /// settings would have done with the tenant's recent events.
    func dryRun(_ args: inout CommandLineArguments) async throws {
        guard let tenant = args.option("tenant") else { throw UsageError("rules dry-run needs --tenant T") }
        let since = try args.option("since").map(parseAge)
        let file = args.option("settings")
        let limit = try args.option("limit").map { v -> Int in
            guard let n = Int(v), n > 0 else { throw UsageError("--limit takes a positive number") }
            return n
        } ?? 50
        try args.rejectUnknown()
        let summary: DryRun.Summary
        do {
            summary = try await TenantOperations(redis: redis).dryRun(tenant: tenant, proposed: try file.map(readFile), since: since)
        } catch let error as SettingsDocumentError {
            throw SettingsInvalid(file: file ?? "the stored settings of \(tenant)", error: error)
        }
        output.emit(summary) {
            var text = "\(summary.events) events, \(summary.passing) pass the filters; " +
                summary.byCreation.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            let rows = summary.lines.prefix(limit).map { l in
                [Output.time(l.at), l.flow, l.createForPrimary, l.createForRepeat, l.title ?? l.contactName ?? "-",
                 l.responsible.map(String.init) ?? "-", l.problems.joined(separator: "; ")]
            }
            if !rows.isEmpty {
                text += "\n" + Output.table(["TIME", "FLOW", "PRIMARY", "REPEAT", "TITLE / CONTACT", "RESPONSIBLE", "PROBLEMS"], Array(rows))
            }
            return text
        }
    }

    /// `template preview --slot S [--tenant T [--recent] | --text TEXT]`: renders with the flow's sample event,
    /// or with the tenant's most recent event of that flow.
    func preview(_ args: inout CommandLineArguments) async throws {
        guard let slotName = args.option("slot"), let slot = TemplateSlot(rawValue: slotName) else {
            throw UsageError("template preview needs --slot, one of: \(TemplateSlot.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let tenant = args.option("tenant"), text = args.option("text"), recent = args.flag("recent")
        try args.rejectUnknown()
        if recent && tenant == nil { throw UsageError("--recent needs --tenant T") }
        let result = try await TemplatePreview(redis: redis).render(slot: slot, tenant: tenant, text: text, recent: recent)
        output.emit(["slot": AnyCodable.string(result.slot), "template": .string(result.template), "preview": .string(result.preview)]) {
            "\(result.label)\n  template: \(result.template)\(result.isDefault ? "   (default)" : "")\n  preview:  \(result.preview)"
        }
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw QueueError.invalid("cannot read \(path)") }
        return Array(data)
    }
}

/// An invalid settings document: every problem with its path, exit code 1, nothing stored.
struct SettingsInvalid: Error, CustomStringConvertible {
    let file: String
    let error: SettingsDocumentError
    var description: String { "\(file) is not valid (nothing was stored):\n" + error.issues.map { "  \($0)" }.joined(separator: "\n") }
}
