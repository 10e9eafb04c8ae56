import Foundation
import Testing
import TestSupport
@testable import Shared

/// A document that validates must survive its own export (found by the fuzzer: `{"version":1}` used to export
/// telephony flows switched on without a default responsible, which the import then refused).
@Suite struct SettingsRoundTripTests {
    @Test(arguments: [#"{"version":1}"#, #"{"version":1,"telephony":{"enabled":true}}"#, #"{"version":1,"leads":{"enabled":false}}"#])
    func minimalDocumentsExportToValidDocuments(_ text: String) throws {
        let settings = try TenantSettings.parse(Data(text.utf8)).get()
        let again = try TenantSettings.parse(settings.json).get()
        #expect(again == settings)
    }

    @Test func theExampleSurvivesItsExport() throws {
        let settings = try TenantSettings.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("settings/tenant.example.json"))).get()
        #expect(try TenantSettings.parse(settings.json).get() == settings)
    }
}
