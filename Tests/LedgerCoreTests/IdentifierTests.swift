import Testing
@testable import LedgerCore

@Suite("Site ids, event ids and byte encodings")
struct IdentifierTests {

    // MARK: Site ids

    @Test("site ids of 1-32 characters of a-z, 0-9 and - are accepted",
          arguments: ["st-elsewhere", "a", "county-general-2", String(repeating: "z", count: 32)])
    func validSiteIDs(text: String) throws {
        let site = try SiteID(text)
        #expect(site.rawValue == text)
        #expect(site.logOrigin == "medledger/" + text)
    }

    @Test("site ids with other characters or lengths are refused",
          arguments: ["", String(repeating: "z", count: 33), "St-Elsewhere", "st_elsewhere", "st elsewhere",
                      "st.elsewhere", "st/elsewhere", "saint-\u{E9}tienne", "st-elsewhere\n"])
    func invalidSiteIDs(text: String) {
        #expect(throws: SiteID.Invalid.self) { try SiteID(text) }
    }

    // MARK: Event ids

    @Test("an event id reads back from its text site:seq")
    func eventIDRoundTrips() throws {
        let id = EventID(site: try SiteID("st-elsewhere"), seq: 1_204)
        #expect(id.description == "st-elsewhere:1204")
        #expect(EventID("st-elsewhere:1204") == id)
    }

    @Test("event id text that is not exactly site:seq is refused",
          arguments: ["st-elsewhere:0", "st-elsewhere:", ":7", "st-elsewhere", "st-elsewhere:-7", "St-Elsewhere:7",
                      "st-elsewhere:7:8", "st-elsewhere:seven", "st-elsewhere: 7",
                      // one text form per id, as for checkpoint sizes:
                      "st-elsewhere:+7", "st-elsewhere:07"])
    func malformedEventIDsAreRefused(text: String) {
        #expect(EventID(text) == nil, "\(text) was read as \(EventID(text).map(String.init(describing:)) ?? "")")
    }

    @Test("event ids order by site, then by seq as a number")
    func eventIDOrder() throws {
        let a = try SiteID("a-site"), b = try SiteID("b-site")
        #expect(EventID(site: a, seq: 2) < EventID(site: a, seq: 10))
        #expect(EventID(site: a, seq: 999) < EventID(site: b, seq: 1))
    }

    // MARK: Hex and base64

    @Test("hex is written lowercase and read in either case")
    func hexRoundTrips() {
        let bytes: [UInt8] = [0x00, 0x0F, 0xA5, 0xFF]
        #expect(Hex.encode(bytes) == "000fa5ff")
        #expect(Hex.decode("000fa5ff") == bytes)
        #expect(Hex.decode("000FA5FF") == bytes)
        #expect(Hex.decode("") == [])
    }

    @Test("hex of odd length or with other characters is refused", arguments: ["0", "abc", "0g", "0x00", " 00", "00 "])
    func malformedHexIsRefused(text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test("base64 is standard, padded and read back only in its canonical form")
    func base64RoundTrips() {
        #expect(Base64.encode([0x41]) == "QQ==")
        #expect(Base64.decode("QQ==") == [0x41])
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
    }

    @Test("base64 that is unpadded, URL-safe, spaced or carries stray bits is refused",
          arguments: ["QQ", "QR==", "-_8=", "Q Q==", "QQ==\n", "QQ=", "Q===", "*"])
    func nonCanonicalBase64IsRefused(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
