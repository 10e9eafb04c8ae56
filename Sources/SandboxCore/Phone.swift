/// Phone-number helpers shared by the Planfix filters, telephony look-ups and UIS checks. Pure functions;
/// anything that is not a digit is dropped, so malformed numbers simply match nothing.
public enum Phone {
    public static func digits(_ s: String) -> String { String(s.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)) }

    public static func lastDigits(_ s: String, _ n: Int) -> String { String(digits(s).suffix(n)) }

    /// Numbers of a stored Planfix contact (`phones: [{number}]`).
    public static func numbers(of contact: [String: JSONValue]) -> [String] {
        (contact["phones"]?.arrayValue ?? []).compactMap { $0["number"]?.looseString }
    }
}
