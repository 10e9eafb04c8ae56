/// `PlanfixCallEvent` as JSON, so `TelephonyCommand`s can be persisted between planning and sending.
///
/// Why here and hand-written: Swift synthesises `Codable` only in the type's own file, and the Planfix model stays
/// free of storage concerns. Keys are the Swift property names; absent optionals are omitted. How it fails:
/// decoding throws `DecodingError` for a missing required key (`direction`, `kind`, `phone`, `callId`) or an
/// unknown `direction`/`kind`/`status` raw value.
extension PlanfixCallEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case direction, kind, phone, ext, callId, diversion, duration, isRecorded, status, recordLink, data
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func raw<T: RawRepresentable>(_ key: CodingKeys, _: T.Type) throws -> T? where T.RawValue == String {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let value = T(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "unknown value \(text)")
            }
            return value
        }
        guard let direction = try raw(.direction, Direction.self), let kind = try raw(.kind, Kind.self) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "direction and kind are required")
        }
        self.init(direction: direction, kind: kind, phone: try c.decode(String.self, forKey: .phone),
                  ext: try c.decodeIfPresent(String.self, forKey: .ext), callId: try c.decode(String.self, forKey: .callId),
                  diversion: try c.decodeIfPresent(String.self, forKey: .diversion),
                  duration: try c.decodeIfPresent(Int.self, forKey: .duration),
                  isRecorded: try c.decodeIfPresent(Bool.self, forKey: .isRecorded), status: try raw(.status, Status.self),
                  recordLink: try c.decodeIfPresent(String.self, forKey: .recordLink),
                  data: try c.decodeIfPresent([String: String].self, forKey: .data) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(direction.rawValue, forKey: .direction)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(phone, forKey: .phone)
        try c.encodeIfPresent(ext, forKey: .ext)
        try c.encode(callId, forKey: .callId)
        try c.encodeIfPresent(diversion, forKey: .diversion)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encodeIfPresent(isRecorded, forKey: .isRecorded)
        try c.encodeIfPresent(status?.rawValue, forKey: .status)
        try c.encodeIfPresent(recordLink, forKey: .recordLink)
        if !data.isEmpty { try c.encode(data, forKey: .data) }
    }
}
