/// A CVSS vector of any supported version, scored.
public struct CVSSScore: Sendable, Equatable {
    public let vector: String
    /// "3.0", "3.1" or "4.0".
    public let version: String
    /// The base score (v3) or the score of the metrics given (v4), 0.0-10.0.
    public let score: Double
    public var severity: CVSSSeverity { CVSSSeverity(score: score) }

    /// Reads and scores a `CVSS:3.0/…`, `CVSS:3.1/…` or `CVSS:4.0/…` vector.
    public init(_ vector: String) throws(CVSSError) {
        if vector.hasPrefix("CVSS:4.0/") {
            let v4 = try CVSSv4(vector)
            (self.version, self.score) = ("4.0", v4.score)
        } else {
            let v3 = try CVSSv3(vector)
            (self.version, self.score) = (v3.version.rawValue, v3.baseScore)
        }
        self.vector = vector
    }
}
