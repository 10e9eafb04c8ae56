import Foundation
import Testing
@testable import Shared

/// Builds `PlanfixUser` / `UISEmployee` the way the clients do: by decoding their JSON (Planfix camelCase, UIS
/// snake_case), since neither has a public memberwise initializer.
enum EmployeeFixtures {
    static func json(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    static func pf(_ id: Int, _ name: String? = nil, _ lastname: String? = nil, midname: String? = nil, email: String? = nil,
                   status: String? = "Active", deleted: Bool? = nil, phones: [String] = [], ext: String? = nil) -> PlanfixUser {
        var o: [String: Any] = ["id": id, "phones": phones.map { ["number": $0, "type": 1] }]
        o["name"] = name
        o["lastname"] = lastname
        o["midname"] = midname
        o["email"] = email
        o["status"] = status
        o["isDeleted"] = deleted
        o["extensionNumber"] = ext
        return try! JSONDecoder().decode(PlanfixUser.self, from: json(o))
    }

    static func uis(_ id: Int, _ fullName: String? = nil, first: String? = nil, last: String? = nil, email: String? = nil,
                    ext: String? = nil, phones: [String] = [], statusId: Int? = nil) -> UISEmployee {
        var o: [String: Any] = ["id": id, "phone_numbers": phones.map { ["phone_id": 1, "phone_number": $0, "status": "active"] }]
        o["full_name"] = fullName
        o["first_name"] = first
        o["last_name"] = last
        o["email"] = email
        o["status_id"] = statusId
        o["extension"] = ext.map { ["extension_phone_number": $0] } ?? NSNull()
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try! d.decode(UISEmployee.self, from: json(o))
    }
}

/// One row of the matching table: expected pairs `(planfix, uis, key)`, and the people expected in the report as
/// "p<id>" / "u<id>".
struct MatchCase: Sendable, CustomTestStringConvertible {
    var title: String
    var planfix: [PlanfixUser]
    var uis: [UISEmployee]
    var pairs: [Pair]
    var unmatched: [String] = []
    var ambiguous: [String] = []
    /// Substrings expected in the reasons, by "p<id>" / "u<id>".
    var reasons: [String: String] = [:]
    var testDescription: String { title }

    struct Pair: Sendable, Equatable, CustomStringConvertible {
        var planfix: Int, uis: Int, by: EmployeeMatchKey, ext: String? = nil
        var description: String { "\(planfix)↔\(uis) by \(by) ext \(ext ?? "-")" }
    }
}

@Suite struct EmployeeMatcherTests {
    typealias F = EmployeeFixtures
    typealias P = MatchCase.Pair

    static let table: [MatchCase] = [
        MatchCase(title: "same extension", planfix: [F.pf(1, "Иван", "Петров", ext: "101")],
                  uis: [F.uis(11, "Сидоров Олег", ext: "101")], pairs: [P(planfix: 1, uis: 11, by: .extension, ext: "101")]),
        MatchCase(title: "extension missing on the Planfix side: e-mail decides, UIS extension kept",
                  planfix: [F.pf(1, "Иван", "Петров", email: "ivan@firm.ru")],
                  uis: [F.uis(11, "Петров Иван", email: "ivan@firm.ru", ext: "101")], pairs: [P(planfix: 1, uis: 11, by: .email, ext: "101")]),
        MatchCase(title: "extension missing on the UIS side: Planfix extension kept",
                  planfix: [F.pf(1, "Иван", "Петров", email: "ivan@firm.ru", ext: "102")],
                  uis: [F.uis(11, email: "ivan@firm.ru")], pairs: [P(planfix: 1, uis: 11, by: .email, ext: "102")]),
        MatchCase(title: "e-mail differing in case and spaces",
                  planfix: [F.pf(1, "Иван", "Петров", email: " Ivan.Petrov@Firm.RU ")],
                  uis: [F.uis(11, email: "ivan.petrov@firm.ru", ext: "101")], pairs: [P(planfix: 1, uis: 11, by: .email, ext: "101")]),
        MatchCase(title: "phones in different formats",
                  planfix: [F.pf(1, "Иван", "Петров", phones: ["8 (900) 000-00-01", "+7 (900) 123-45-67"]),
                            F.pf(2, "Олег", "Сидоров", phones: ["+7 495 514-05-78 доб. 2345"])],
                  uis: [F.uis(11, "Кто-то Другой", phones: ["79001234567"]), F.uis(12, "Ещё Один", phones: ["74955140578...2345"])],
                  pairs: [P(planfix: 1, uis: 11, by: .phone), P(planfix: 2, uis: 12, by: .phone)]),
        MatchCase(title: "two UIS employees with one name",
                  planfix: [F.pf(1, "Иван", "Петров")], uis: [F.uis(11, "Петров Иван"), F.uis(12, "Иван Петров")],
                  pairs: [], ambiguous: ["p1", "u11", "u12"], reasons: ["p1": "2 UIS employees named Петров Иван"]),
        MatchCase(title: "two Planfix users with one name",
                  planfix: [F.pf(1, "Иван", "Петров"), F.pf(2, "Иван", "Петров")], uis: [F.uis(11, "Петров Иван")],
                  pairs: [], ambiguous: ["p1", "p2", "u11"], reasons: ["p1": "2 Planfix users named Петров Иван", "u11": "2 Planfix users"]),
        MatchCase(title: "inactive and deleted Planfix users are not matched",
                  planfix: [F.pf(1, "Иван", "Петров", status: "Inactive", ext: "101"), F.pf(2, "Олег", "Сидоров", deleted: true, ext: "102"),
                            F.pf(3, "Анна", "Смирнова", status: "ActiveWithoutAccess", ext: "103")],
                  uis: [F.uis(11, "Петров Иван", ext: "101"), F.uis(13, "Смирнова Анна", ext: "103")],
                  pairs: [P(planfix: 3, uis: 13, by: .extension, ext: "103")], unmatched: ["p1", "p2", "u11"],
                  reasons: ["p1": "inactive in Planfix", "p2": "deleted in Planfix", "u11": "no Planfix user with extension 101"]),
        MatchCase(title: "UIS employee without extension still matches by name; the reason mentions it only when unmatched",
                  planfix: [F.pf(1, "Иван", "Петров")], uis: [F.uis(11, "Петров Иван"), F.uis(12, "Олег Сидоров")],
                  pairs: [P(planfix: 1, uis: 11, by: .name)], unmatched: ["u12"],
                  reasons: ["u12": "UIS employee has no extension; no Planfix user with name Олег Сидоров"]),
        MatchCase(title: "unmatched Planfix user lists the keys tried",
                  planfix: [F.pf(1, "Иван", "Петров", email: "ivan@firm.ru", ext: "101")], uis: [],
                  pairs: [], unmatched: ["p1"], reasons: ["p1": "no UIS employee with extension 101, e-mail ivan@firm.ru or name Петров Иван"]),
        MatchCase(title: "ambiguous e-mail (shared mailbox) falls through to the phone",
                  planfix: [F.pf(1, "Иван", "Петров", email: "sales@firm.ru", phones: ["+79001110001"]),
                            F.pf(2, "Олег", "Сидоров", email: "sales@firm.ru")],
                  uis: [F.uis(11, "Петров И.", email: "Sales@firm.ru", phones: ["89001110001"]), F.uis(12, "Сидоров О.", email: "sales@firm.ru")],
                  pairs: [P(planfix: 1, uis: 11, by: .phone)], ambiguous: ["p2", "u12"],
                  reasons: ["p2": "with e-mail sales@firm.ru", "u12": "with e-mail sales@firm.ru"]),
        MatchCase(title: "a UIS employee that would match two Planfix users by e-mail",
                  planfix: [F.pf(1, "Иван", "Петров", email: "a@firm.ru"), F.pf(2, "Олег", "Сидоров", email: "a@firm.ru")],
                  uis: [F.uis(11, "Анна Смирнова", email: "a@firm.ru")],
                  pairs: [], ambiguous: ["p1", "p2", "u11"], reasons: ["u11": "2 Planfix users with e-mail a@firm.ru"]),
        MatchCase(title: "a UIS employee taken by a stronger key is not matched again",
                  planfix: [F.pf(1, "Иван", "Петров", ext: "101"), F.pf(2, "Олег", "Сидоров", email: "a@firm.ru")],
                  uis: [F.uis(11, "Иван Петров", email: "a@firm.ru", ext: "101")],
                  pairs: [P(planfix: 1, uis: 11, by: .extension, ext: "101")], unmatched: ["p2"],
                  reasons: ["p2": "UIS employee 11 with the same e-mail is already matched to Planfix user 1 by extension"]),
        MatchCase(title: "name with ё/е, case, extra spaces and swapped order",
                  planfix: [F.pf(1, "Пётр", "Семёнов")], uis: [F.uis(11, "  семенов   ПЕТР ")], pairs: [P(planfix: 1, uis: 11, by: .name)]),
        MatchCase(title: "full name with patronymic wins over the namesake without",
                  planfix: [F.pf(1, "Иван", "Петров", midname: "Иванович"), F.pf(2, "Иван", "Петров", midname: "Сергеевич")],
                  uis: [F.uis(11, "Петров Иван Иванович", first: "Иван", last: "Петров")],
                  pairs: [P(planfix: 1, uis: 11, by: .name)], unmatched: ["p2"]),
        MatchCase(title: "first + last name when UIS has no patronymic",
                  planfix: [F.pf(1, "Иван", "Петров", midname: "Иванович")], uis: [F.uis(11, "Иван Петров")],
                  pairs: [P(planfix: 1, uis: 11, by: .name)]),
        MatchCase(title: "first + last name ambiguity names the short name",
                  planfix: [F.pf(1, "Иван", "Петров", midname: "Сергеевич")],
                  uis: [F.uis(11, "Петров Иван Иванович", first: "Иван", last: "Петров"), F.uis(12, "Петров Иван")],
                  pairs: [], ambiguous: ["p1", "u11", "u12"], reasons: ["p1": "2 UIS employees named Петров Иван"]),
        MatchCase(title: "a single word is not a name", planfix: [F.pf(1, "Иван")], uis: [F.uis(11, "Иван")],
                  pairs: [], unmatched: ["p1", "u11"], reasons: ["p1": "no extension, e-mail, phone or full name to match by"]),
        MatchCase(title: "shared office phone does not block a unique name",
                  planfix: [F.pf(1, "Иван", "Петров", phones: ["+74951234567"]), F.pf(2, "Олег", "Сидоров", phones: ["+74951234567"])],
                  uis: [F.uis(11, "Петров Иван", phones: ["74951234567"]), F.uis(12, "Сидоров Олег", phones: ["74951234567"])],
                  pairs: [P(planfix: 1, uis: 11, by: .name), P(planfix: 2, uis: 12, by: .name)]),
        MatchCase(title: "duplicate extension in Planfix: ambiguous, but a unique e-mail with the same extension matches",
                  planfix: [F.pf(1, "Иван", "Петров", email: "ivan@firm.ru", ext: "101"), F.pf(2, "Олег", "Сидоров", ext: "101")],
                  uis: [F.uis(11, "Петров Иван", email: "ivan@firm.ru", ext: "101")],
                  pairs: [P(planfix: 1, uis: 11, by: .email, ext: "101")], ambiguous: ["p2"],
                  reasons: ["p2": "2 Planfix users with extension 101"]),
        MatchCase(title: "different extensions on both sides block a weaker match",
                  planfix: [F.pf(1, "Иван", "Петров", email: "ivan@firm.ru", ext: "101")],
                  uis: [F.uis(11, "Петров Иван", email: "ivan@firm.ru", ext: "102")],
                  pairs: [], unmatched: ["p1", "u11"],
                  reasons: ["p1": "extension 101 in Planfix, but 102 on UIS employee 11 with the same e-mail"]),
        MatchCase(title: "UIS status_id is not filtered on", planfix: [F.pf(1, ext: "101")], uis: [F.uis(11, ext: "101", statusId: 7)],
                  pairs: [P(planfix: 1, uis: 11, by: .extension, ext: "101")]),
    ]

    static func ref(_ side: EmployeeSide, _ id: Int) -> String { (side == .planfix ? "p" : "u") + String(id) }

    @Test(arguments: table)
    func matchingTable(_ c: MatchCase) {
        let r = EmployeeMatcher.match(planfix: c.planfix, uis: c.uis)
        #expect(r.mappings.map { P(planfix: $0.planfixUserId, uis: $0.uisEmployeeId, by: $0.matchedBy, ext: $0.extension) } == c.pairs)
        #expect(r.unmatched.map { Self.ref($0.side, $0.id) } == c.unmatched, "\(r.unmatched)")
        #expect(r.ambiguous.map { Self.ref($0.side, $0.id) } == c.ambiguous, "\(r.ambiguous)")
        let reasons = Dictionary(uniqueKeysWithValues: r.unmatched.map { (Self.ref($0.side, $0.id), $0.reason) }
            + r.ambiguous.map { (Self.ref($0.side, $0.id), $0.reason) })
        for (who, text) in c.reasons {
            #expect(reasons[who]?.contains(text) == true, "\(who): \(reasons[who] ?? "nil") lacks «\(text)»")
        }
        // Everyone ends in exactly one place.
        let people = c.planfix.count + c.uis.count
        #expect(r.mappings.count * 2 + r.unmatched.count + r.ambiguous.count == people)
    }

    @Test func ambiguousEntryCarriesCandidatesAndKey() throws {
        let r = EmployeeMatcher.match(planfix: [F.pf(5, "Иван", "Петров")], uis: [F.uis(12, "Петров Иван"), F.uis(11, "Иван Петров")])
        let a = try #require(r.ambiguous.first { $0.side == .planfix })
        #expect(a.id == 5 && a.candidates == [11, 12] && a.key == .name)
        #expect(r.summary == "0 matched, 0 unmatched, 3 ambiguous")
    }

    @Test func selectedSyncReportsOnlyTheSelectionAndSeesNamesakesOutsideIt() {
        let planfix = [F.pf(1, "Иван", "Петров"), F.pf(2, "Иван", "Петров"), F.pf(3, "Анна", "Смирнова")]
        let uis = [F.uis(11, "Петров Иван"), F.uis(13, "Смирнова Анна"), F.uis(14, "Олег Сидоров")]
        let r = EmployeeMatcher.match(planfix: planfix, uis: uis, only: [1, 3])
        #expect(r.mappings.map(\.planfixUserId) == [3])
        #expect(r.ambiguous.map(\.id) == [1])
        #expect(r.unmatched.isEmpty)
    }

    @Test func selectedSyncMergeChangesOnlyTheChosenUsers() {
        func m(_ p: Int, _ u: Int, _ ext: String?) -> EmployeeMapping {
            EmployeeMapping(planfixUserId: p, uisEmployeeId: u, extension: ext, name: "user \(p)", email: nil, matchedBy: .extension)
        }
        let previous = [m(4, 14, "104"), m(1, 11, "101"), m(2, 12, "102"), m(3, 13, "103")]
        // User 1 now has extension 105 (UIS 15), user 2 no longer matches, user 3 was not selected but its UIS
        // employee 13 is now user 5's.
        let planfix = [F.pf(1, ext: "105"), F.pf(2, ext: "999"), F.pf(5, ext: "103")]
        let uis = [F.uis(15, ext: "105"), F.uis(13, ext: "103")]
        let selected = EmployeeMatcher.match(planfix: planfix, uis: uis, only: [1, 2, 5])
        let merged = EmployeeMatcher.merge(previous: previous, selected: selected, selectedIds: [1, 2, 5])
        #expect(merged.mappings == [m(1, 15, "105"), m(4, 14, "104"), m(5, 13, "103")])
        #expect(merged.displaced.map(\.id) == [3])
        #expect(merged.displaced.first?.reason.contains("UIS employee 13 is now matched to Planfix user 5") == true)
        // Nothing selected: the mapping stays as it was (sorted).
        let none = EmployeeMatcher.merge(previous: previous, selected: EmployeeMatch(), selectedIds: [])
        #expect(none.mappings == previous.sorted { $0.planfixUserId < $1.planfixUserId } && none.displaced.isEmpty)
    }

    @Test func shuffledInputGivesTheSameResult() throws {
        let planfix = Self.table.flatMap(\.planfix).enumerated().map { i, u in
            var u = u
            u.id = PlanfixID(100 + i)
            return u
        }
        let uis = Self.table.flatMap(\.uis).enumerated().map { i, e in
            var e = e
            e.id = 500 + i
            return e
        }
        let first = EmployeeMatcher.match(planfix: planfix, uis: uis)
        #expect(!first.mappings.isEmpty && !first.ambiguous.isEmpty && !first.unmatched.isEmpty)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            #expect(EmployeeMatcher.match(planfix: planfix.shuffled(using: &rng), uis: uis.shuffled(using: &rng)) == first)
        }
        let encoded = try JSONEncoder().encode(first)
        #expect(try JSONDecoder().decode(EmployeeMatch.self, from: encoded) == first)
    }

    @Test func thousandByThousandMatchesAllByExtension() {
        let n = 1_000
        let planfix = (1...n).map { F.pf($0, "Имя\($0)", "Фамилия", email: "shared@firm.ru", phones: ["+74950000000"], ext: String(1000 + $0)) }
        let uis = (1...n).reversed().map {
            F.uis(10_000 + $0, "Фамилия Имя\($0)", email: "shared@firm.ru", ext: String(1000 + $0), phones: ["74950000000"])
        }
        let r = EmployeeMatcher.match(planfix: planfix, uis: uis)
        #expect(r.mappings.count == n && r.unmatched.isEmpty && r.ambiguous.isEmpty)
        #expect(r.mappings.allSatisfy { $0.matchedBy == .extension && $0.uisEmployeeId == 10_000 + $0.planfixUserId })
        #expect(r.mappings.map(\.planfixUserId) == Array(1...n))
    }
}
