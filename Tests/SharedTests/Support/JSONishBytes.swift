/// Random byte strings that are half JSON punctuation and half arbitrary bytes: the inputs the notification
/// parsers' generated tests throw at them (mostly near-JSON, so the parsers get past their first check).
enum JSONishBytes {
    static func random(_ r: inout SeededRandom, maxCount: Int = 300) -> [UInt8] {
        let alphabet = Array("{}[]\":,0123456789-.eEtrufalsn \\u".utf8)
        return (0..<Int.random(in: 0...maxCount, using: &r)).map { _ in
            Bool.random(using: &r) ? alphabet.randomElement(using: &r)! : UInt8.random(in: 0...255, using: &r)
        }
    }
}
