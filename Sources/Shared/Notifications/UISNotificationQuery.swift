/// Turns the query pairs of a GET notification into the variable bag (the pairs are already percent-decoded
/// by the HTTP layer, as in `HTTPRequest.query`).
///
/// Tolerances (see `UISNotificationAssumptions`): a value wrapped in double quotes is unwrapped; `null` or an
/// empty value is absent; a value glued to the next parameter because UIS's template lacked a `&`
/// (`…&notification_time=2019-12-16 14:40:47call_session_id=998677427`) is split at each known variable name.
/// The first occurrence of a name wins. How it fails: it does not; an empty result is rejected by the parser.
enum UISNotificationQuery {
    static func fields(fromQuery pairs: [(name: String, value: String)]) -> UISNotificationFields {
        var values: [String: JSONValue] = [:]
        for (name, value) in pairs.prefix(UISNotificationAssumptions.maxQueryPairs) {
            for (n, v) in unglue(name: name, value: value) where values[n] == nil {
                values[n] = jsonValue(v)
            }
        }
        return UISNotificationFields(values)
    }

    static let knownNames: [String] = {
        var names = Set(UISCallEventType.allCases.flatMap(\.variables) + UISTextEventType.allCases.flatMap(\.variables))
        names.subtract(UISNotificationAssumptions.unsplittingVariableNames)
        names.insert("event")
        // Longest first, so `leg_ids=` is not mistaken for `leg_id`-something.
        return names.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }()

    /// Splits `value` at the earliest `<known name>=` it contains, recursively.
    static func unglue(name: String, value: String) -> [(String, String)] {
        guard UISNotificationAssumptions.splitsGluedQueryParameters,
              !UISNotificationAssumptions.unsplittableVariables.contains(name), value.contains("=") else {
            return [(name, value)]
        }
        var best: Range<String.Index>?
        var bestName = ""
        for known in knownNames {
            guard let r = value.range(of: known + "=") else { continue }
            if best == nil || r.lowerBound < best!.lowerBound { best = r; bestName = known }
        }
        guard let cut = best else { return [(name, value)] }
        let head = String(value[..<cut.lowerBound])
        let tail = String(value[cut.upperBound...])
        return [(name, head)] + unglue(name: bestName, value: tail)
    }

    static func jsonValue(_ raw: String) -> JSONValue {
        var t = Substring(raw)
        while t.first?.isWhitespace == true { t.removeFirst() }
        while t.last?.isWhitespace == true { t.removeLast() }
        if t.count >= 2, t.first == "\"", t.last == "\"" { t = t.dropFirst().dropLast() }
        return UISNotificationAssumptions.queryNullSpellings.contains(String(t)) ? .null : .string(String(t))
    }
}
