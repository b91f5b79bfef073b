import Testing
@testable import LedgerCore

// RFC 8785 canonicalization and the strict I-JSON reader that feeds it. Outputs are compared as
// bytes, never as Swift `String`s: `==` on `String` is canonical equivalence, so it would call
// "\u{FB33}" and "\u{5D3}\u{5BC}" (or "é" and "e\u{301}") equal and hide the very bugs these
// tests look for.

/// The canonical bytes of a JSON text.
private func canonical(_ text: String) throws -> [UInt8] {
    CanonicalJSON.encode(try JSONParser.parse(Array(text.utf8)))
}

/// The canonical bytes of a JSON text, as text (for readable failure messages).
private func canonicalText(_ text: String) throws -> String {
    String(decoding: try canonical(text), as: UTF8.self)
}

/// The error the parser gives for `bytes`, or nil if it accepted them.
private func refusal(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func refusal(_ text: String) -> JSONSyntaxError? { refusal(Array(text.utf8)) }

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {

    // MARK: The RFC's own examples

    @Test("the RFC 8785 §3.2.2 example object canonicalizes to the RFC's output")
    func rfcSection322Example() throws {
        let input = #"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}"#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == Array(expected.utf8))
    }

    @Test("canonical output is a fixed point: canonicalizing it again changes nothing")
    func canonicalOutputIsAFixedPoint() throws {
        let once = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(once) == Array(once.utf8))
    }

    @Test("members are sorted by UTF-16 code units, as in the RFC 8785 §3.2.3 example")
    func rfcSection323SortingExample() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonicalText(input).utf8.elementsEqual(expected.utf8))
    }

    // MARK: Member order: UTF-16 code units, not Swift's String ordering

    /// Pairs whose UTF-16 order (a surrogate pair, 0xD800-0xDBFF, sorts below 0xE000-0xFFFF)
    /// disagrees with Unicode scalar order, which is what Swift's `<` on `String` follows.
    static let scalarAndUTF16OrderDisagree: [(String, String)] = [  // (first in UTF-16, second)
        ("\u{1F600}", "\u{FB33}"),
        ("\u{10000}", "\u{FFFD}"),
        ("\u{1F4A9}", "\u{E000}"),
        ("a\u{1D11E}", "a\u{FF21}"),
    ]

    @Test("members whose Swift String order and UTF-16 order disagree are written in UTF-16 order",
          arguments: scalarAndUTF16OrderDisagree)
    func utf16OrderWinsOverSwiftStringOrder(first: String, second: String) throws {
        // The pitfall is real only if Swift orders the pair the other way round.
        try #require(second < first, "Swift's String order must disagree for this pair to prove anything")
        let expected = Array("{\"\(first)\":1,\"\(second)\":2}".utf8)
        let given: JSONObject = [second: 2, first: 1]
        #expect(CanonicalJSON.encode(.object(given)) == expected)
        let alreadySorted: JSONObject = [first: 1, second: 2]
        #expect(CanonicalJSON.encode(.object(alreadySorted)) == expected)
    }

    @Test("nested objects are sorted too, while array elements keep their order")
    func nestedObjectsSortedArraysKept() throws {
        let input = #"{"b":{"d":1,"c":2},"a":[{"z":1,"y":2},3,"x"]}"#
        #expect(try canonicalText(input) == #"{"a":[{"y":2,"z":1},3,"x"],"b":{"c":2,"d":1}}"#)
    }

    // MARK: Raw member names

    @Test("\"é\" and \"e\\u0301\" stay two members, in UTF-16 order, through parse and encode")
    func canonicallyEquivalentNamesAreKeptApart() throws {
        let composed = "\u{E9}"          // é as one scalar
        let decomposed = "e\u{301}"      // e + combining acute accent
        let input = "{\"\(composed)\":1,\"\(decomposed)\":2}"
        let object = try JSONParser.parseObject(Array(input.utf8))

        #expect(object.members.count == 2)
        #expect(object[composed]?.numberValue == 1)
        #expect(object[decomposed]?.numberValue == 2)

        // 0x0065 sorts before 0x00E9, so the decomposed name comes first.
        let expected = Array("{\"\(decomposed)\":2,\"\(composed)\":1}".utf8)
        #expect(CanonicalJSON.encode(.object(object)) == expected)
    }

    @Test("the object subscript matches a name by its exact code units")
    func subscriptMatchesExactCodeUnits() {
        let object: JSONObject = ["e\u{301}": "decomposed"]
        #expect(object["e\u{301}"]?.stringValue == "decomposed")
        #expect(object["\u{E9}"] == nil)
    }

    // MARK: Numbers, the ECMAScript way

    static let es6Numbers: [(Double, String)] = [
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1.2345678901234568e20, "123456789012345680000"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (-0.0, "0"),
        (0, "0"),
        (4.50, "4.5"),
        (-4.5, "-4.5"),
        (0.1, "0.1"),
        (100, "100"),
        (-42, "-42"),
        (123.456, "123.456"),
        (0.000012345, "0.000012345"),
        (1.23e22, "1.23e+22"),
        (-1e21, "-1e+21"),
        (-0.000001, "-0.000001"),
        (-1e-7, "-1e-7"),
        (1e16, "10000000000000000"),
        (9007199254740991, "9007199254740991"),
        (2e-3, "0.002"),
        (1e30, "1e+30"),
        (1e-27, "1e-27"),
        (333333333.33333329, "333333333.3333333"),
    ]

    @Test("numbers are written as ECMAScript's Number.prototype.toString writes them",
          arguments: es6Numbers)
    func numbersUseECMAScriptFormatting(value: Double, text: String) {
        #expect(CanonicalJSON.formatNumber(value) == text)
        #expect(CanonicalJSON.encode(.number(value)) == Array(text.utf8))
    }

    @Test("a number read from text is written in its shortest ECMAScript form",
          arguments: [("4.50", "4.5"), ("1E21", "1e+21"), ("-0", "0"), ("-0.0", "0"), ("0e10", "0"),
                      ("1E-7", "1e-7"), ("1e+2", "100"), ("0.10", "0.1")])
    func parsedNumbersAreReformatted(input: String, output: String) throws {
        #expect(try canonicalText(input) == output)
    }

    @Test("every finite double is written in a form that reads back as the same double")
    func formattedNumbersRoundTrip() {
        var random = SeededGenerator(seed: 0x5EED_8785)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            let text = CanonicalJSON.formatNumber(value)
            let back = Double(text)
            #expect(back == value || (value == 0 && back == 0),
                    "\(value.bitPattern) formatted as \(text) (seed 0x5EED8785)")
            #expect(!text.contains("E") && !text.hasSuffix(".0") && !text.contains("e+0") && !text.contains("e-0"),
                    "\(text) is not in ECMAScript form")
        }
    }

    @Test("what the encoder writes, the parser reads back to the same bytes",
          arguments: ["1e21", "-1e21", "9007199254740991.0", "[1.5e300,1e21,-5e-324]",
                      #"{"n":1e300}"#, "0.1", #"{"a":[1,2,{"b":null}]}"#])
    func encoderOutputIsParserInput(input: String) throws {
        // A value the parser accepts must have canonical bytes that the parser accepts again:
        // stored canonical bytes are read back with this parser (Event(canonicalBytes:)).
        let once = try canonical(input)
        let parsedAgain = refusal(once)
        #expect(parsedAgain == nil, "\(input) canonicalized to \(String(decoding: once, as: UTF8.self)), which the parser refuses: \(parsedAgain.map(String.init(describing:)) ?? "")")
        if parsedAgain == nil {
            #expect(try CanonicalJSON.encode(JSONParser.parse(once)) == once)
        }
    }

    // MARK: Noting the canonical form while parsing

    @Test("the parser notes bytes as canonical only when they are what the encoder writes",
          arguments: [
            (#"{"a":1,"b":[true,false,null],"c":{"d":"é"},"e":""}"#, true), (#"{}"#, true),
            (#"{"n":-5,"x":0,"y":1.5,"z":1e+21,"w":5e-324}"#, false),  // names out of order
            (#"{"n":-5,"w":5e-324,"x":0,"y":1.5,"z":1e+21}"#, true),
            (#"{"b":1,"a":2}"#, false), (#" {"a":1}"#, false), (#"{"a": 1}"#, false), (#"{"a":1} "#, false),
            (#"{"a":[1 ,2]}"#, false), (#"{"a":-0}"#, false), (#"{"a":1.50}"#, false), (#"{"a":1E21}"#, false),
            (#"{"a":1e2}"#, false), (#"{"a":0.0}"#, false), (#"{"a":1e-7}"#, true), (#"{"a":1E-7}"#, false),
            (#"{"a":"\/"}"#, false), (#"{"a":"\u0041"}"#, false), (#"{"\u00e9":1}"#, false),
            // Canonical, but with an escape: the reader leaves it to the caller's comparison.
            (#"{"a":"\""}"#, false),
            ("{\"\u{1F600}\":1,\"\u{FB33}\":2}", true), ("{\"\u{FB33}\":1,\"\u{1F600}\":2}", false),
          ])
    func canonicalFormIsNoted(text: String, noted expected: Bool) throws {
        let bytes = Array(text.utf8)
        let (object, noted) = try JSONParser.parseObjectNotingCanonicalForm(bytes)
        #expect(noted == expected, "\(text)")
        if noted { #expect(CanonicalJSON.encode(.object(object)) == bytes, "\(text)") }
    }

    @Test("bytes noted canonical are exactly the encoder's, over random objects and their alterations")
    func notedCanonicalFormIsTheEncoders() {
        var random = SeededGenerator(seed: 0x5EED_CA11)
        let names = ["a", "b", "B", "é", "e\u{301}", "\u{FB33}", "\u{1F600}", "q\"", "back\\", "tab\t", "id", "ab", ""]
        func value(_ depth: Int) -> JSONValue {
            switch random.next() % (depth > 2 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(random.next() % 2 == 0)
            case 2: return .number(Double(Int64(bitPattern: random.next()) % 100_000))
            case 3:
                let n = Double(bitPattern: random.next())
                return .number(n.isFinite && !(n.magnitude >= 9_007_199_254_740_992 && n.magnitude < 1e21) ? n : 0.25)
            case 4: return .string(names[Int(random.next() % UInt64(names.count))])
            case 5: return .array((0..<random.next() % 4).map { _ in value(depth + 1) })
            default: return .object(object(depth + 1))
            }
        }
        func object(_ depth: Int) -> JSONObject {
            var object = JSONObject()
            for name in names where random.next() % 3 == 0 { object.append(name, value(depth)) }
            return object
        }
        let alterations: [(inout [UInt8], Int) -> Void] = [
            { bytes, at in bytes.insert(0x20, at: at) },
            { bytes, at in bytes.swapAt(at, bytes.count - 1 - at) },
            { bytes, at in bytes.remove(at: at) },
            { bytes, at in bytes.insert(contentsOf: Array("0".utf8), at: at) },
            { bytes, at in bytes.insert(contentsOf: Array("e0".utf8), at: at) },
            { bytes, at in bytes.insert(contentsOf: Array(".0".utf8), at: at) },
            { bytes, at in bytes.insert(contentsOf: Array("-".utf8), at: at) },
        ]
        for round in 0..<5_000 {
            let encoded = CanonicalJSON.encode(.object(object(0)))
            do {
                let (_, noted) = try JSONParser.parseObjectNotingCanonicalForm(encoded)
                #expect(noted || encoded.contains(UInt8(ascii: "\\")), "round \(round) (seed 0x5EEDCA11)")
            } catch {
                Issue.record("round \(round) (seed 0x5EEDCA11): the encoder's bytes are refused: \(error)")
            }
            var altered = encoded
            alterations[Int(random.next() % UInt64(alterations.count))](&altered, Int(random.next() % UInt64(encoded.count)))
            guard let (object, noted) = try? JSONParser.parseObjectNotingCanonicalForm(altered), noted else { continue }
            #expect(CanonicalJSON.encode(.object(object)) == altered,
                    "round \(round) (seed 0x5EEDCA11): \(String(decoding: altered, as: UTF8.self)) noted canonical")
        }
    }

    // MARK: Integers beyond ±(2^53−1)

    @Test("integer literals beyond ±(2^53−1) are refused",
          arguments: ["9007199254740992", "-9007199254740992", "9007199254740993", "12345678901234567890",
                      "100000000000000000000000", "[1,9007199254740992]", #"{"n":-99999999999999999}"#])
    func integersBeyondTwoToTheFiftyThreeAreRefused(text: String) {
        #expect(refusal(text) != nil)
    }

    @Test("integer literals within ±(2^53−1) are read exactly",
          arguments: [("9007199254740991", 9007199254740991.0), ("-9007199254740991", -9007199254740991.0),
                      ("1000000000000000", 1e15), ("0", 0), ("-1", -1)])
    func integersWithinRangeAreAccepted(text: String, value: Double) throws {
        #expect(try JSONParser.parse(Array(text.utf8)).numberValue == value)
    }

    @Test("whole numbers from 2^53 to 1e21 are refused in any notation, since RFC 8785 would write them as integer literals",
          arguments: ["9007199254740992.0", "1e16", "-1E16", "1e20", "123456789012345680000.5", #"{"n":-9007199254740992e0}"#])
    func largeWholeNumbersAreRefusedInAnyNotation(text: String) {
        #expect(refusal(text) != nil)
    }

    @Test("from 1e21 up, where RFC 8785 writes an exponent, large numbers are accepted",
          arguments: [("1e21", 1e21), ("-1E21", -1e21), ("1.5e300", 1.5e300), ("9007199254740991.0", 9007199254740991.0)])
    func exponentFormNumbersAreAccepted(text: String, value: Double) throws {
        #expect(try JSONParser.parse(Array(text.utf8)).numberValue == value)
    }

    // MARK: Refused input

    @Test("duplicate member names are refused, also when an escape spells the same name",
          arguments: [#"{"a":1,"a":2}"#, #"{"x":{"b":1,"b":1}}"#, #"{"a":1,"\u0061":2}"#,
                      "[{\"\u{E9}\":1,\"\\u00e9\":2}]"])
    func duplicateNamesAreRefused(text: String) {
        #expect(refusal(text) != nil)
    }

    @Test("a duplicate name is reported at the byte where the second name starts")
    func duplicateNameErrorPointsAtTheName() throws {
        let error = try #require(refusal(#"{"a":1,"a":2}"#))
        #expect(error.offset == 7)
        #expect(error.reason.contains("duplicate"))
    }

    @Test("lone surrogates are refused",
          arguments: [#""\ud800""#, #""\udc00x""#, #""\ud800x""#, #""\ud800\u0041""#, #""x\udfff""#,
                      #""\udbff\udbff""#, #"{"\ud800":1}"#])
    func loneSurrogatesAreRefused(text: String) {
        #expect(refusal(text) != nil)
    }

    @Test("an escaped surrogate pair becomes one scalar written as raw UTF-8")
    func surrogatePairIsDecoded() throws {
        #expect(try canonical(#""\ud83d\ude00""#) == [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }

    static let invalidUTF8: [[UInt8]] = [
        [0x22, 0xFF, 0x22],                          // never valid
        [0x22, 0xC3, 0x22],                          // truncated two-byte sequence
        [0x22, 0xC0, 0xAF, 0x22],                    // overlong "/"
        [0x22, 0xED, 0xA0, 0x80, 0x22],              // a surrogate encoded in UTF-8 (CESU-8)
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],        // beyond U+10FFFF
        [0x22, 0x5C, 0x6E, 0xFE, 0x22],              // after an escape (the slow path)
        [0x7B, 0x22, 0x80, 0x22, 0x3A, 0x31, 0x7D],  // in a member name
        [0xEF, 0xBB, 0xBF, 0x31],                    // a byte order mark before the value
    ]

    @Test("invalid UTF-8 is refused", arguments: invalidUTF8)
    func invalidUTF8IsRefused(bytes: [UInt8]) {
        #expect(refusal(bytes) != nil)
    }

    @Test("malformed JSON is refused",
          arguments: ["", "   ", "1 2", "{} x", "[1,]", #"{"a":1,}"#, "01", "-01", "00", "NaN", "Infinity",
                      "-Infinity", "nan", "1e400", "-1e400", "+1", ".5", "1.", "1e", "1e+", "-", "0x10",
                      "'a'", "[", "{", #""abc"#, "tru", "nul", "True", "\"\t\"", #""\x""#, #""\u12""#,
                      #""\u12G4""#, "{a:1}", "[1 2]", #"{"a" 1}"#, #"{"a":}"#, "\u{0C}1", "[1]]"])
    func malformedJSONIsRefused(text: String) {
        #expect(refusal(text) != nil)
    }

    @Test("whitespace around and inside a value is accepted and dropped")
    func whitespaceIsAccepted() throws {
        #expect(try canonicalText(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n\"b\":\ttrue } \n ") == #"{"a":[1,2],"b":true}"#)
        #expect(try canonicalText("[ ]") == "[]")
        #expect(try canonicalText("{ \r\n}") == "{}")
        #expect(try canonicalText("\n\"x\"\t") == #""x""#)
    }

    // MARK: Nesting

    private static func nested(_ depth: Int, open: String = "[", close: String = "]") -> String {
        String(repeating: open, count: depth) + String(repeating: close, count: depth)
    }

    @Test("nesting up to maximumDepth is accepted, one level more is refused")
    func nestingLimit() {
        let limit = JSONParser.maximumDepth
        #expect(refusal(Self.nested(limit)) == nil)
        #expect(refusal(Self.nested(limit + 1)) != nil)
        #expect(refusal(Self.nested(limit, open: #"{"a":"#, close: "}").replacingLastInnermost()) == nil)
        #expect(refusal(Self.nested(limit + 1, open: #"{"a":"#, close: "}").replacingLastInnermost()) != nil)
    }

    @Test("hostile nesting a hundred thousand levels deep is refused without exhausting the stack",
          arguments: ["[", #"{"a":"#])
    func hostileNestingIsRefused(open: String) {
        let closed = String(repeating: open, count: 100_000) + "1" + String(repeating: open == "[" ? "]" : "}", count: 100_000)
        #expect(refusal(closed) != nil)
        #expect(refusal(String(repeating: open, count: 100_000)) != nil)
    }

    // MARK: Strings

    @Test("control characters are escaped: short forms for \\b \\t \\n \\f \\r, lowercase \\u00xx otherwise",
          arguments: Array(UInt8(0x00)...UInt8(0x1F)))
    func controlCharactersAreEscaped(code: UInt8) {
        let short: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hex = Array("0123456789abcdef")
        let escape = short[code] ?? #"\u00"# + String(hex[Int(code >> 4)]) + String(hex[Int(code & 0xF)])
        let value = JSONValue.string(String(UnicodeScalar(code)))
        #expect(CanonicalJSON.encode(value) == Array("\"\(escape)\"".utf8))
    }

    @Test("a few escapes spelled out: \\u0000, \\u000b, \\u001f, quote and backslash")
    func spelledOutEscapes() {
        #expect(CanonicalJSON.encode(.string("\u{0}\u{B}\u{1F}")) == Array(#""\u0000\u000b\u001f""#.utf8))
        #expect(CanonicalJSON.encode(.string("say \"hi\" \\ bye")) == Array(#""say \"hi\" \\ bye""#.utf8))
    }

    @Test("'/' and DEL (U+007F) are written as they are",
          arguments: [("\"\\/\"", [0x22, 0x2F, 0x22]), ("\"\u{7F}\"", [0x22, 0x7F, 0x22])] as [(String, [UInt8])])
    func solidusAndDeleteAreNotEscaped(input: String, output: [UInt8]) throws {
        #expect(try canonical(input) == output)
    }

    @Test("non-ASCII characters are written as raw UTF-8, never as \\u escapes",
          arguments: [(#""\u00e9""#, "\u{E9}"), (#""\u20AC""#, "\u{20AC}"), (#""\u2028\u2029""#, "\u{2028}\u{2029}"),
                      (#""\ufeff""#, "\u{FEFF}"), (#""\ud83d\ude00""#, "\u{1F600}"), ("\"Zo\u{EB}\"", "Zo\u{EB}")])
    func nonASCIIIsRawUTF8(input: String, raw: String) throws {
        let bytes = try canonical(input)
        #expect(bytes == [0x22] + Array(raw.utf8) + [0x22])
        #expect(!bytes.contains(UInt8(ascii: "\\")))
    }
}

private extension String {
    /// Turns `{"a":{"a":…{"a":}…}}` into `{"a":{"a":…{"a":1}…}}` (each object needs a value).
    func replacingLastInnermost() -> String {
        guard let colon = self.lastIndex(of: ":") else { return self }
        var copy = self
        copy.insert("1", at: copy.index(after: colon))
        return copy
    }
}
