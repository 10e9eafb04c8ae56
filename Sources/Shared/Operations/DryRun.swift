/// What a tenant's settings (current or proposed) would have done with its recent events: which pass the
/// filters, what would be created for a primary and for a repeat communication, the titles and the responsible.
/// Pure over its inputs; `fleetctl rules dry-run` and the admin API print it.
public struct DryRun: Sendable {
    public struct Line: Sendable, Encodable {
        public var at: Int64
        public var flow: String
        public var passes: Bool
        public var createForPrimary: String
        public var createForRepeat: String
        public var title: String?
        public var contactName: String?
        public var responsible: Int?
        public var responsibleReason: String
        public var problems: [String]
    }

    public struct Summary: Sendable, Encodable {
        public var events = 0
        public var passing = 0
        public var byCreation: [String: Int] = [:]
        public var lines: [Line] = []
    }

    /// - Parameter knownEmployees: Planfix user ids that are synced (others fall back to the default responsible).
    public static func run(settings: TenantSettings, events: [RecentEvents.Recorded], knownEmployees: Set<Int>) -> Summary {
        var summary = Summary()
        for recorded in events {
            summary.events += 1
            do {
                let primary = try settings.decide(recorded.event, isRepeat: false, isLost: recorded.isLost, knownEmployees: knownEmployees)
                let repeated = try settings.decide(recorded.event, isRepeat: true, isLost: recorded.isLost, knownEmployees: knownEmployees)
                if primary.passes { summary.passing += 1 }
                let create = primary.passes ? primary.rule.create.rawValue : "filtered out"
                summary.byCreation[create, default: 0] += 1
                summary.lines.append(Line(at: recorded.at, flow: recorded.flow.rawValue, passes: primary.passes, createForPrimary: create,
                                          createForRepeat: repeated.passes ? repeated.rule.create.rawValue : "filtered out",
                                          title: primary.taskTitle, contactName: primary.contactName,
                                          responsible: primary.responsible.employeeId, responsibleReason: "\(primary.responsible.reason)",
                                          problems: primary.fieldProblems.map { "\($0)" }))
            } catch {
                summary.lines.append(Line(at: recorded.at, flow: recorded.flow.rawValue, passes: false, createForPrimary: "error",
                                          createForRepeat: "error", responsibleReason: "", problems: ["\(error)"]))
            }
        }
        return summary
    }
}
