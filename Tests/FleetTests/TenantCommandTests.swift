import Foundation
import Testing
import TestSupport
@testable import Shared

/// `fleetctl tenant ...` and `template preview` as an operator runs them, against a private redis-server.
@Suite(.serialized) struct TenantCommandTests {
    static let example = Executables.packageRoot.appendingPathComponent("settings/tenant.example.json").path

    func writeTemp(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tenant-\(UUID().uuidString.prefix(8)).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func validateImportShowExportListDelete() async throws {
        let h = try FleetHarness()
        let (valid, validOut) = try await FleetProcess.run("fleetctl", ["tenant", "validate", Self.example], environment: [:])
        #expect(valid == 0, "\(validOut)")

        let (imported, importOut) = try await h.fleetctl("tenant", "import", Self.example, "--tenant", "acme")
        #expect(imported == 0, "\(importOut)")
        #expect(importOut.contains("version 1"))
        #expect(try await h.fleetctl("tenant", "import", Self.example, "--tenant", "acme").1.contains("version 2"))
        let (stale, _) = try await h.fleetctl("tenant", "import", Self.example, "--tenant", "acme", "--expect-version", "1")
        #expect(stale == 1, "a write against an old version must be refused")

        let (_, shown) = try await h.fleetctl("tenant", "show", "acme")
        #expect(!shown.contains("pf-rest-token-example") && !shown.contains("uis-data-token-example") && !shown.contains("our-pbx-key-example"))
        #expect(shown.contains("***"))
        let (_, secret) = try await h.fleetctl("tenant", "show", "acme", "--with-secrets")
        #expect(secret.contains("pf-rest-token-example"))

        let exportPath = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString.prefix(8)).json").path
        #expect(try await h.fleetctl("tenant", "export", "acme", exportPath).0 == 0)
        let exported = try String(contentsOfFile: exportPath, encoding: .utf8)
        #expect(!exported.contains("pf-rest-token-example"))

        let (_, list) = try await h.fleetctl("--json", "tenant", "list")
        #expect(list.contains("\"tenant\":\"acme\"") && list.contains("\"version\":2"))

        #expect(try await h.fleetctl("tenant", "delete", "acme").0 == 2, "delete needs --yes")
        #expect(try await h.fleetctl("tenant", "delete", "acme", "--yes").0 == 0)
        #expect(try await h.fleetctl("tenant", "show", "acme").0 == 1)
    }

    @Test func badDocumentsGetEveryProblemWithItsPathAndChangeNothing() async throws {
        let h = try FleetHarness()
        #expect(try await h.fleetctl("tenant", "import", Self.example, "--tenant", "acme").0 == 0)
        var text = try String(contentsOfFile: Self.example, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 1, \"surprise\": true,")
        let bad = try writeTemp(text)
        let (status, message) = try await h.fleetctl("tenant", "import", bad, "--tenant", "acme")
        #expect(status == 1)
        #expect(message.contains("surprise"), "\(message)")
        #expect(message.contains("nothing was stored"))
        #expect(try await TenantDocumentStore(redis: h.redis).get("acme")?.version == 1)
        let (invalidStatus, invalid) = try await FleetProcess.run("fleetctl", ["tenant", "validate", try writeTemp("{\"version\": \"one\"")], environment: [:])
        #expect(invalidStatus == 1)
        #expect(!invalid.isEmpty)
    }

    @Test func templatePreviewRendersWithASampleEvent() async throws {
        let h = try FleetHarness()
        let (status, out) = try await h.fleetctl("template", "preview", "--slot", "incomingCallTitle", "--text", "Звонок от {{caller_number}}")
        #expect(status == 0, "\(out)")
        #expect(out.contains("preview:  Звонок от "))
        let (defaultStatus, defaultOut) = try await h.fleetctl("template", "preview", "--slot", "lostCallTitle")
        #expect(defaultStatus == 0)
        #expect(defaultOut.contains("(default)"))
        let (unknown, unknownOut) = try await h.fleetctl("template", "preview", "--slot", "incomingCallTitle", "--text", "{{nope}}")
        #expect(unknown == 1)
        #expect(unknownOut.contains("nope"))
        #expect(try await h.fleetctl("template", "preview", "--slot", "noSuchSlot").0 == 2)
    }
}

/// `fleetctl rules dry-run` and `template preview --recent` over events recorded for the tenant.
@Suite(.serialized) struct DryRunCommandTests {
    @Test func dryRunShowsWhatCurrentAndProposedSettingsWouldCreate() async throws {
        let h = try FleetHarness()
        #expect(try await h.fleetctl("tenant", "import", TenantCommandTests.example, "--tenant", "acme").0 == 0)
        let recent = RecentEvents(redis: h.redis)
        for flow in RuleFlow.allCases {
            try await recent.record(tenant: "acme", event: SampleEvents.event(for: flow))
        }
        let (status, out) = try await h.fleetctl("--json", "rules", "dry-run", "--tenant", "acme", "--since", "1h")
        #expect(status == 0, "\(out)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(summary["events"] as? Int == RuleFlow.allCases.count)
        let lines = summary["lines"] as? [[String: Any]] ?? []
        #expect(lines.count == RuleFlow.allCases.count)
        #expect(lines.contains { ($0["title"] as? String)?.isEmpty == false }, "no title was rendered: \(lines)")

        // A proposed file whose incoming-call filter matches no virtual number: that call is filtered out.
        let passingNow = summary["passing"] as? Int ?? 0
        var document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TenantCommandTests.example))) as! [String: Any]
        var telephony = document["telephony"] as! [String: Any]
        var incoming = telephony["incoming"] as! [String: Any]
        incoming["filter"] = ["enabled": true, "rule": ["field": "virtual_number", "op": "is", "values": ["+7 000 000-00-00"]]]
        telephony["incoming"] = incoming
        document["telephony"] = telephony
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proposed-\(UUID().uuidString.prefix(6)).json").path
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        let (proposedStatus, proposedOut) = try await h.fleetctl("--json", "rules", "dry-run", "--tenant", "acme", "--settings", path)
        #expect(proposedStatus == 0, "\(proposedOut)")
        let proposedSummary = try #require(try JSONSerialization.jsonObject(with: Data(proposedOut.utf8)) as? [String: Any])
        let incomingLine = (proposedSummary["lines"] as? [[String: Any]] ?? []).first { $0["flow"] as? String == "incomingCall" }
        #expect(incomingLine?["createForPrimary"] as? String == "filtered out", "\(String(describing: incomingLine))")
        #expect((proposedSummary["passing"] as? Int ?? 0) <= passingNow)

        let (badStatus, badOut) = try await h.fleetctl("rules", "dry-run", "--tenant", "acme", "--settings", "/nonexistent.json")
        #expect(badStatus == 1, "\(badOut)")
    }

    @Test func previewWithTheTenantsMostRecentEvent() async throws {
        let h = try FleetHarness()
        #expect(try await h.fleetctl("tenant", "import", TenantCommandTests.example, "--tenant", "acme").0 == 0)
        #expect(try await h.fleetctl("template", "preview", "--slot", "incomingCallTitle", "--tenant", "acme", "--recent").0 == 1,
                "no recent event yet: a clear failure")
        try await RecentEvents(redis: h.redis).record(tenant: "acme", event: RuleEvent(flow: .incomingCall, parameters: ["caller_number": "+79998887766"]))
        let (status, out) = try await h.fleetctl("template", "preview", "--slot", "incomingCallTitle", "--tenant", "acme", "--recent",
                                                 "--text", "Звонок {{caller_number}}")
        #expect(status == 0, "\(out)")
        #expect(out.contains("79998887766") || out.contains("999 888-77-66") || out.contains("999"), "\(out)")
    }
}
