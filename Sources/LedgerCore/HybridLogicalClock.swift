/// A hybrid logical clock stamp (Kulkarni et al., 2014): wall-clock milliseconds plus a
/// counter, so stamps taken at one site always increase even when its clock steps back,
/// and stay close to real time.
///
/// Text form: 15 zero-padded digits of milliseconds since the epoch, `-`, 6 digits of
/// counter (`001740825600000-000003`); fixed width, so the text sorts in clock order.
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let milliseconds: Int64
    public let counter: Int

    /// Largest counter; past it the clock borrows the next millisecond.
    public static let maximumCounter = 999_999

    public init(milliseconds: Int64, counter: Int) {
        self.milliseconds = milliseconds
        self.counter = counter
    }

    /// Reads the text form; nil if it is not exactly `DDDDDDDDDDDDDDD-DDDDDD`.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 22, utf8[15] == UInt8(ascii: "-") else { return nil }
        guard let ms = Int64(String(decoding: utf8[0..<15], as: UTF8.self)),
              let counter = Int(String(decoding: utf8[16...], as: UTF8.self)),
              utf8[0..<15].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              utf8[16...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        self.init(milliseconds: ms, counter: counter)
    }

    /// Reads the text form from its UTF-8 bytes without making a String; nil if it is not
    /// exactly `DDDDDDDDDDDDDDD-DDDDDD` (15 and 6 digits cannot overflow). The stamp's
    /// `description` is then exactly these bytes.
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 22, text[15] == UInt8(ascii: "-") else { return nil }
        var milliseconds: Int64 = 0
        var counter = 0
        for (i, byte) in text.enumerated() where i != 15 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if i < 15 { milliseconds = milliseconds * 10 + Int64(byte - 0x30) } else { counter = counter * 10 + Int(byte - 0x30) }
        }
        self.init(milliseconds: milliseconds, counter: counter)
    }

    public static func < (a: HLC, b: HLC) -> Bool {
        (a.milliseconds, a.counter) < (b.milliseconds, b.counter)
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(22)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text form's 22 bytes to `out`. Fixed-width digits written directly: this
    /// runs once per event placed or received.
    public func write(into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 22))
        out[start + 15] = UInt8(ascii: "-")
        var ms = milliseconds
        var i = start + 14
        while ms > 0, i >= start {
            out[i] = UInt8(ascii: "0") + UInt8(ms % 10)
            ms /= 10
            i -= 1
        }
        var c = counter
        i = start + 21
        while c > 0, i > start + 15 {
            out[i] = UInt8(ascii: "0") + UInt8(c % 10)
            c /= 10
            i -= 1
        }
    }

    /// The stamp for a local event: later than `self` and not earlier than the wall clock.
    public func tick(wallMilliseconds: Int64) -> HLC {
        if wallMilliseconds > milliseconds { return HLC(milliseconds: wallMilliseconds, counter: 0) }
        if counter < Self.maximumCounter { return HLC(milliseconds: milliseconds, counter: counter + 1) }
        return HLC(milliseconds: milliseconds + 1, counter: 0)
    }

    /// The clock after seeing a stamp from another site: never behind what it has seen.
    public func merged(with remote: HLC) -> HLC { max(self, remote) }

    /// The zero clock.
    public static let zero = HLC(milliseconds: 0, counter: 0)
}
