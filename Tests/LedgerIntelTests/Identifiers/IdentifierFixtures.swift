import Foundation
import LedgerIntel
import XCTest

/// The real published files of /work/shared/realdata, found by walking up from this file (the
/// tests run both from the product's tree and from a scratch package that links to it), and the
/// small readers the identifier tests need to pull purls, CPEs and NVD configurations out of them.
enum IdentifierFixtures {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The `shared/realdata` folder beside some ancestor of this file.
    static let realdata: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/realdata", isDirectory: true)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    static func url(_ relativePath: String) throws -> URL {
        guard let realdata else { throw Missing(description: "shared/realdata not found above \(#filePath)") }
        return realdata.appendingPathComponent(relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    static func json(_ relativePath: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url(relativePath)))
    }

    /// The files in a folder of realdata whose names end with one of the suffixes, sorted.
    static func files(in folder: String, endingWith suffixes: [String]) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
        return names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted().map { "\(folder)/\($0)" }
    }

    // MARK: Purls and CPEs in SBOMs

    /// Every purl an SBOM states: in JSON the string value of every `purl` key (CycloneDX) and
    /// the `referenceLocator` of every `referenceType: purl` external reference (SPDX); in XML
    /// the text of every `<purl>` element, entities resolved. `bom-ref`s that happen to be purls
    /// are not counted: they are identifiers inside the document, not statements of a package.
    static func purls(inFile relativePath: String) throws -> [String] {
        if relativePath.hasSuffix(".xml") { return try elementTexts("purl", in: text(relativePath)) }
        var found: [String] = []
        collectStrings(in: try json(relativePath), into: &found) { key, dictionary in
            key == "purl" || (key == "referenceLocator" && dictionary["referenceType"] as? String == "purl")
        }
        return found
    }

    /// Every CPE an SBOM states: `cpe` keys in JSON, `<cpe>` elements in XML.
    static func cpes(inFile relativePath: String) throws -> [String] {
        if relativePath.hasSuffix(".xml") { return try elementTexts("cpe", in: text(relativePath)) }
        var found: [String] = []
        collectStrings(in: try json(relativePath), into: &found) { key, _ in key == "cpe" }
        return found
    }

    /// Walks JSON and collects the string values of the keys `wanted` accepts; other values are walked into.
    static func collectStrings(in object: Any, into found: inout [String],
                               wanted: (String, [String: Any]) -> Bool) {
        if let dictionary = object as? [String: Any] {
            for (key, value) in dictionary {
                if wanted(key, dictionary), let string = value as? String {
                    found.append(string)
                } else {
                    collectStrings(in: value, into: &found, wanted: wanted)
                }
            }
        } else if let array = object as? [Any] {
            for element in array { collectStrings(in: element, into: &found, wanted: wanted) }
        }
    }

    /// The texts of `<name>…</name>` elements, with the five XML entities resolved.
    static func elementTexts(_ name: String, in xml: String) -> [String] {
        let open = "<\(name)>", close = "</\(name)>"
        return xml.components(separatedBy: open).dropFirst().compactMap { piece in
            piece.range(of: close).map { unescapeXML(String(piece[..<$0.lowerBound])) }
        }
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: NVD records

    /// The CVE records of an NVD file: a bare `cve` object, or an API response envelope.
    static func nvdRecords(_ relativePath: String) throws -> [[String: Any]] {
        let object = try json(relativePath)
        guard let dictionary = object as? [String: Any] else { return [] }
        if let vulnerabilities = dictionary["vulnerabilities"] as? [[String: Any]] {
            return vulnerabilities.compactMap { $0["cve"] as? [String: Any] }
        }
        return [dictionary]
    }

    static func nvdRecord(_ relativePath: String, id: String? = nil) throws -> [String: Any] {
        let records = try nvdRecords(relativePath)
        guard let record = records.first(where: { id == nil || $0["id"] as? String == id }) else {
            throw Missing(description: "no record \(id ?? "") in \(relativePath)")
        }
        return record
    }

    /// Reads a record's `configurations` into the product's types (the test's own small reader;
    /// the product reads NVD elsewhere).
    static func configurations(of record: [String: Any]) throws -> [CPEConfiguration] {
        let raw = record["configurations"] as? [[String: Any]] ?? []
        return try raw.map { configuration in
            let nodes = try (configuration["nodes"] as? [[String: Any]] ?? []).map { node in
                CPEConfigurationNode(
                    operator: CPEOperator(rawValue: node["operator"] as? String ?? "OR") ?? .or,
                    negate: node["negate"] as? Bool ?? false,
                    matches: try (node["cpeMatch"] as? [[String: Any]] ?? []).map(criterion))
            }
            return CPEConfiguration(
                operator: CPEOperator(rawValue: configuration["operator"] as? String ?? "OR") ?? .or,
                negate: configuration["negate"] as? Bool ?? false,
                nodes: nodes)
        }
    }

    static func criterion(_ entry: [String: Any]) throws -> CPEMatchCriterion {
        CPEMatchCriterion(
            criteria: try CPE(parsing: entry["criteria"] as? String ?? ""),
            vulnerable: entry["vulnerable"] as? Bool ?? false,
            versionStartIncluding: entry["versionStartIncluding"] as? String,
            versionStartExcluding: entry["versionStartExcluding"] as? String,
            versionEndIncluding: entry["versionEndIncluding"] as? String,
            versionEndExcluding: entry["versionEndExcluding"] as? String,
            matchCriteriaId: entry["matchCriteriaId"] as? String)
    }

    /// Every `criteria` string in a JSON file, wherever it stands.
    static func criteriaStrings(inFile relativePath: String) throws -> [String] {
        var found: [String] = []
        collectStrings(in: try json(relativePath), into: &found) { key, _ in key == "criteria" }
        return found
    }

    // MARK: Versions

    /// A test-only version order, standing in for the product's version schemes: runs of digits
    /// compare as numbers, runs of letters as lowercase text, separators ('.', '-', '_', '+')
    /// only split; when one version is a prefix of the other the shorter is lower. Enough for
    /// `12.1.3`, `6.0.1.66`, `5.3.18` and Baxter's `20d29`.
    static func compareVersions(_ lhs: String, _ rhs: String) -> Int {
        let left = versionPieces(lhs), right = versionPieces(rhs)
        for (a, b) in zip(left, right) {
            switch (Int(a), Int(b)) {
            case let (x?, y?) where x != y: return x < y ? -1 : 1
            case (.some, nil): return 1
            case (nil, .some): return -1
            case (nil, nil) where a != b: return a < b ? -1 : 1
            default: continue
            }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    static func versionPieces(_ version: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var currentIsDigit = false
        for character in version.lowercased() {
            let isDigit = character.isASCII && character.isNumber
            let isLetter = character.isASCII && character.isLetter
            guard isDigit || isLetter else {
                if !current.isEmpty { pieces.append(current) }
                current = ""
                continue
            }
            if !current.isEmpty, isDigit != currentIsDigit {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            currentIsDigit = isDigit
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
