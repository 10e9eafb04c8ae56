import Testing
@testable import Shared

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+7 (900) 123-45-67", "+79001234567"),
        ("8 900 123 45 67", "+79001234567"),
        ("89001234567", "+79001234567"),
        ("79001234567", "+79001234567"),
        ("9001234567", "+79001234567"),
        ("+79001234567", "+79001234567"),
        ("8-495-123-45-67", "+74951234567"),
        ("(495) 123 45 67", "+74951234567"),
        ("8 800 555 35 35", "+78005553535"),
        ("+380 44 123 4567", "+380441234567"),
        ("00380441234567", "+380441234567"),
        ("+1 (212) 555-0100", "+12125550100"),
        ("tel: +7 900 123-45-67 ", "+79001234567"),
    ])
    func normalises(_ input: String, _ expected: String) throws {
        let phone = try #require(PhoneNumber(parsing: input))
        #expect(phone.e164 == expected)
        #expect(phone.extensionNumber == nil)
        #expect(phone.digits == String(expected.dropFirst()))
    }

    @Test(arguments: [
        ("+7 900 123-45-67 доб. 123", "123"),
        ("8 (495) 123-45-67 ext 45", "45"),
        ("84951234567#7", "7"),
        ("+7 495 123 45 67 x12", "12"),
        ("+7 495 123 45 67, 901", "901"),
    ])
    func splitsExtensions(_ input: String, _ ext: String) throws {
        let phone = try #require(PhoneNumber(parsing: input))
        #expect(phone.extensionNumber == ext)
        #expect(phone.e164.count == 12)
    }

    @Test(arguments: ["", "anonymous", "101", "12345", "+7 900", "0000000000", "1234567890123456789", "+0123456789"])
    func rejectsWhatIsNotAPhone(_ input: String) {
        #expect(PhoneNumber(parsing: input) == nil)
    }

    @Test func samePersonSameNumberWhateverTheFormat() {
        let forms = ["+7 (900) 123-45-67", "89001234567", "7 900 1234567", "900-123-45-67"]
        #expect(Set(forms.compactMap { PhoneNumber(parsing: $0) }).count == 1)
    }

    @Test func recognisesExtensions() {
        #expect(PhoneNumber.isExtension("101"))
        #expect(PhoneNumber.isExtension(" 2001 "))
        #expect(!PhoneNumber.isExtension("1"))
        #expect(!PhoneNumber.isExtension("89001234567"))
        #expect(!PhoneNumber.isExtension("10a"))
    }
}
