import LedgerCore

/// A CSAF 2.0 product, resolved through `product_tree` to vendor, product name and version.
public struct CSAFProduct: Sendable, Equatable {
    public let id: String
    /// `full_product_name.name`.
    public let fullName: String
    public let vendor: String?
    /// The `product_name` branch the product sits under (for a relationship: the product it is
    /// part of, as "ose-metering-hive" is part of "OpenShift Container Platform 4.6").
    public let productName: String?
    /// The `product_version` or `product_version_range` branch's name, as written.
    public let versionText: String?
    /// Whether `versionText` is a range (`product_version_range`).
    public let versionIsRange: Bool

    /// The versions as a range the ledger reads (LEDGER.md §2.5): the text itself if it is one,
    /// else its first word (`9.x` of "9.x model 35700BAX3"); nil when neither reads (every
    /// version then counts as affected, the cautious reading).
    public var versions: String? {
        guard let text = versionText else { return nil }
        if (try? VersionRange(text)) != nil { return text }
        if let word = text.split(separator: " ").first.map(String.init), (try? VersionRange(word)) != nil { return word }
        return nil
    }

    /// The branch that groups a product with its fixed versions: vendor and product name.
    var branchKey: [String] { [vendor ?? "", productName ?? fullName] }
}

/// `product_tree`: every product id resolved, and product groups expanded.
struct CSAFProductTree {
    private(set) var products: [String: CSAFProduct] = [:]
    /// Product ids in the order the tree lists them.
    private(set) var order: [String] = []
    private var groups: [String: [String]] = [:]

    init(_ tree: Node?) throws(FormatError) {
        guard let tree else { return }
        for branch in try tree.array("branches") { try walk(branch, vendor: nil, productName: nil, version: nil) }
        for named in try tree.array("full_product_names") {
            let (id, name) = try Self.fullProductName(named)
            add(CSAFProduct(id: id, fullName: name, vendor: nil, productName: nil, versionText: nil, versionIsRange: false))
        }
        for relationship in try tree.array("relationships") {
            guard let named = relationship["full_product_name"] else {
                throw FormatError(.notTheFormat, path: relationship.path + ".full_product_name", "is required")
            }
            let (id, name) = try Self.fullProductName(named)
            let component = try relationship.requiredString("product_reference", kind: .notTheFormat)
            let parent = try relationship.requiredString("relates_to_product_reference", kind: .notTheFormat)
            let part = products[component], whole = products[parent]
            add(CSAFProduct(id: id, fullName: name, vendor: whole?.vendor ?? part?.vendor,
                            productName: whole?.productName ?? whole?.fullName ?? part?.productName,
                            versionText: part?.versionText ?? part?.fullName, versionIsRange: part?.versionIsRange ?? false))
        }
        for group in try tree.array("product_groups") {
            let id = try group.requiredString("group_id", kind: .notTheFormat)
            groups[id] = try group.array("product_ids").map { node throws(FormatError) in
                guard let s = node.string else { throw node.error(.notTheFormat, "must be a product id string") }
                return s
            }
        }
    }

    private mutating func add(_ product: CSAFProduct) {
        if products[product.id] == nil { order.append(product.id) }
        products[product.id] = product
    }

    private static func fullProductName(_ node: Node) throws(FormatError) -> (String, String) {
        (try node.requiredString("product_id", kind: .notTheFormat), try node.requiredString("name", kind: .notTheFormat))
    }

    private mutating func walk(_ branch: Node, vendor: String?, productName: String?, version: (String, Bool)?) throws(FormatError) {
        let category = try branch.requiredString("category", kind: .notTheFormat)
        let name = try branch.requiredString("name", kind: .notTheFormat)
        var vendor = vendor, productName = productName, version = version
        switch category {
        case "vendor": vendor = name
        case "product_name": productName = name
        case "product_version": version = (name, false)
        case "product_version_range": version = (name, true)
        default: break  // product_family, architecture, language, patch_level, …
        }
        if let named = branch["product"] {
            let (id, fullName) = try Self.fullProductName(named)
            add(CSAFProduct(id: id, fullName: fullName, vendor: vendor, productName: productName,
                            versionText: version?.0, versionIsRange: version?.1 ?? false))
        }
        for child in try branch.array("branches") {
            try walk(child, vendor: vendor, productName: productName, version: version)
        }
    }

    /// The products named by `ids` and `group_ids` members of `node`, in order, each once;
    /// an id the tree does not hold is an error.
    func resolve(_ node: Node, idsMember: String = "product_ids", cve: String?) throws(FormatError) -> [CSAFProduct] {
        var ids: [String] = []
        for item in try node.array(idsMember, cve: cve) {
            guard let id = item.string else { throw item.error(.invalidStatement, cve: cve, "must be a product id string") }
            ids.append(id)
        }
        for item in try node.array("group_ids", cve: cve) {
            guard let id = item.string, let members = groups[id] else {
                throw item.error(.invalidStatement, cve: cve, "names no product group of the product tree")
            }
            ids += members
        }
        var seen = Set<String>()
        var out: [CSAFProduct] = []
        for (i, id) in ids.enumerated() where seen.insert(id).inserted {
            guard let product = products[id] else {
                throw FormatError(.invalidStatement, path: "\(node.path).\(idsMember)[\(i)]", cve: cve,
                                  "\"\(id)\" is not a product of the product tree")
            }
            out.append(product)
        }
        return out
    }
}
