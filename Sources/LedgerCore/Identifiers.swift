/// A hospital site's id: 1-32 characters of `a-z 0-9 -`. It names the site's log and key.
public struct SiteID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Why a site id was refused.
    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "site id \"\(text)\" must be 1-32 characters of a-z, 0-9 and -" }
    }

    public init(_ text: String) throws(Invalid) {
        guard (1...32).contains(text.utf8.count), text.utf8.allSatisfy({
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
        }) else { throw Invalid(text: text) }
        rawValue = text
    }

    public static func < (a: SiteID, b: SiteID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    /// The name a site's checkpoints and key carry: `medledger/<site>`.
    public var logOrigin: String { "medledger/" + rawValue }
}

/// An event's identity: its origin site and its position in that site's log, written `site:seq`.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let site: SiteID
    public let seq: UInt64

    public init(site: SiteID, seq: UInt64) {
        self.site = site
        self.seq = seq
    }

    /// Reads `site:seq`; nil if it is not of that form.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let site = try? SiteID(String(text[..<colon])),
              let seq = UInt64(text[text.index(after: colon)...]), seq > 0,
              String(seq) == text[text.index(after: colon)...] else { return nil }
        self.init(site: site, seq: seq)
    }

    public static func < (a: EventID, b: EventID) -> Bool { (a.site, a.seq) < (b.site, b.seq) }
    public var description: String { "\(site.rawValue):\(seq)" }
}
