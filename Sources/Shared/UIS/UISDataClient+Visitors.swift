/// `get.visitors` (uis-chats-leads-deals.md §2.6): a chat visitor's name, phones, e-mails and messenger usernames,
/// which `get.chats_report` does not carry. One point per call, whatever the number of ids.
extension UISDataClient {
    /// The visitors with these ids (unknown ids are simply absent). The `ids` parameter and the row shape are
    /// unverified (`ChatsAssumptions.visitorsByIdsParameter`); list entries may be strings or objects.
    public func getVisitors(ids: [Int], holder: String) async throws -> [UISVisitor] {
        var p = UISGetParams(fields: nil, limit: UISAssumptions.defaultLimit, offset: 0)
        p.ids = ids
        return try await page("get.visitors", p, holder: holder).rows
    }
}

/// A `get.visitors` row.
public struct UISVisitor: Sendable, Equatable, Decodable {
    public var id: Int
    public var name: String?
    public var phones: [UISLooseText]?
    public var emails: [UISLooseText]?
    public var usernames: [UISLooseText]?
}

/// A list entry UIS may render as a plain value or as an object (`{"phone": "…"}`, `{"username": "…"}`): the
/// first non-empty string or number found is the value; anything else decodes to an empty text, never fails.
public struct UISLooseText: Sendable, Hashable, Decodable {
    public var value: String
    public init(_ value: String) { self.value = value }
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.singleValueContainer(), let text = try? c.decode(UISText.self) {
            value = text.value
            return
        }
        if let o = try? decoder.container(keyedBy: AnyKey.self) {
            for key in o.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                if let text = try? o.decode(UISText.self, forKey: key), !text.value.isEmpty { value = text.value; return }
            }
        }
        value = ""
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
