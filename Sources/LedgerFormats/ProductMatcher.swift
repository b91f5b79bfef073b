/// Matches the products a supplier names to the fleet's models (manufacturer + model): by
/// vendor and product name with case and punctuation folded, or through a map for names that
/// differ.
public struct ProductMatcher: Sendable {
    /// A fleet model.
    public struct Model: Sendable, Hashable {
        public let manufacturer: String
        public let model: String

        public init(manufacturer: String, model: String) {
            self.manufacturer = manufacturer
            self.model = model
        }
    }

    let models: [Model]
    /// Folded product name -> model, from the map file.
    let map: [String: Model]

    public init(models: [Model], map: [String: Model] = [:]) {
        self.models = models
        self.map = map
    }

    /// Reads a map file: CSV lines `CSAF product name,manufacturer,model` (RFC 4180 quoting;
    /// blank lines, `#` comments and a header line whose first field is `product` or
    /// `csaf product name` are read past).
    public static func readMap(_ text: String) throws(FormatError) -> [String: Model] {
        var map: [String: Model] = [:]
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let fields = csvFields(String(trimmed)), fields.count == 3 else {
                throw FormatError(.notTheFormat, path: "line \(i + 1)", "expected three CSV fields: CSAF product name, manufacturer, model")
            }
            if i == 0, ["product", "csafproduct", "csafproductname", "productname"].contains(fold(fields[0])) { continue }
            guard fields.allSatisfy({ !$0.isEmpty }) else {
                throw FormatError(.notTheFormat, path: "line \(i + 1)", "a field is empty")
            }
            map[fold(fields[0])] = Model(manufacturer: fields[1], model: fields[2])
        }
        return map
    }

    /// The fleet model a product is, if any: the map first (by product name, then full name),
    /// then the first model whose manufacturer is the vendor (or one of the names the vendor
    /// lists, as in "Becton, Dickinson and Company (BD)") and whose model is the product name,
    /// alone or after the manufacturer's or vendor's name ("Baxter Spectrum IQ").
    public func match(vendor: String?, productName: String?, fullName: String) -> Model? {
        for name in [productName, fullName].compactMap({ $0 }) {
            if let mapped = map[Self.fold(name)] { return mapped }
        }
        guard let vendor, let productName else { return nil }
        let aliases = Self.aliases(vendor)
        let product = Self.fold(productName)
        for model in models {
            let manufacturer = Self.fold(model.manufacturer)
            guard aliases.contains(manufacturer) else { continue }
            let name = Self.fold(model.model)
            if product == name || product == manufacturer + name || aliases.contains(where: { product == $0 + name }) {
                return model
            }
        }
        return nil
    }

    /// Lower-case letters and digits only.
    public static func fold(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || ("0"..."9").contains($0)
        }))
    }

    /// The vendor's name folded, and each part of it between commas and parentheses.
    static func aliases(_ vendor: String) -> Set<String> {
        var out: Set<String> = [fold(vendor)]
        for part in vendor.split(whereSeparator: { ",()/;".contains($0) }) {
            let folded = fold(String(part))
            if !folded.isEmpty { out.insert(folded) }
        }
        return out
    }

    /// RFC 4180 fields of one line; nil if a quote is unbalanced.
    static func csvFields(_ line: String) -> [String]? {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        var atFieldStart = true
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == "," {
                fields.append(current.trimmingCharacters(in: " \t"))
                current = ""
                atFieldStart = true
            } else {
                if !(atFieldStart && (c == " " || c == "\t")) { atFieldStart = false }
                current.append(c)
            }
        }
        guard !quoted else { return nil }
        fields.append(current.trimmingCharacters(in: " \t"))
        return fields
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
