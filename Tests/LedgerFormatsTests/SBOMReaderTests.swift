import LedgerCore
import LedgerFormats
import Testing

@Suite("CycloneDX SBOMs: every real file becomes one sbom.recorded with every component")
struct SBOMReaderTests {
    struct Expected: Sendable, CustomStringConvertible {
        let file: String
        let components: Int
        let format: String
        let serial: String
        let product: String
        var description: String { file }
    }

    @Test("component counts, format, serial number and product of each real SBOM", arguments: [
        Expected(file: "cdxgen-java-maven-log4j-1.4.json", components: 26, format: "CycloneDX 1.4",
                 serial: "urn:uuid:3ada63e1-1aa0-4a9e-be9c-1eda1d2725ad", product: "java-maven"),
        Expected(file: "cdxgen-vuln-spring-1.5.json", components: 88, format: "CycloneDX 1.5",
                 serial: "urn:uuid:cc8b5a04-2698-4375-b04c-cedfa4317fee", product: "vuln-spring"),
        Expected(file: "maven-plugin-gs-maven-1.4.json", components: 3, format: "CycloneDX 1.4",
                 serial: "urn:uuid:e90ca179-bae3-4b30-ba22-d50a36d6c41a", product: "gs-maven"),
        Expected(file: "syft-debian13-container-1.6.json", components: 10, format: "CycloneDX 1.6",
                 serial: "urn:uuid:264c56a5-9b18-4908-b913-2effc9a85d1f", product: "debian.tar"),
        Expected(file: "hbom-pcie-sata-adapter-board-1.4.json", components: 6, format: "CycloneDX 1.4",
                 serial: "urn:uuid:e8c355aa-2142-4084-a8c7-6d42c8610ba2", product: "pcie-sata-adaptor-board"),
    ])
    func realSBOM(_ expected: Expected) throws {
        let result = try RealData.sbom("cyclonedx/" + expected.file)
        #expect(result.skipped.isEmpty)
        #expect(result.drafts.count == 1)
        let draft = try #require(result.drafts.first)
        #expect(draft.type == .sbomRecorded && draft.device == "PUMP-1" && draft.actor == "secops@north")
        #expect(draft.data["components"]?.arrayValue?.count == expected.components)
        #expect(draft.data["format"]?.stringValue == expected.format)
        #expect(draft.data["serialNumber"]?.stringValue == expected.serial)
        #expect(draft.data["bomVersion"]?.numberValue == 1)
        #expect(draft.data["product"]?.objectValue?["name"]?.stringValue == expected.product)
        #expect(draft.document("kind") == "cyclonedx-sbom" && draft.document("id") == expected.serial)
        #expect(draft.document("sha256") == result.document.sha256 && result.document.sha256.utf8.count == 64)
    }

    @Test("the log4j BOM: log4j-core 2.6.1 with its purl, jackson-databind 2.9.2, dated by metadata.timestamp")
    func log4jComponents() throws {
        let draft = try #require(try RealData.sbom("cyclonedx/cdxgen-java-maven-log4j-1.4.json").drafts.first)
        let components = try #require(draft.data["components"]?.arrayValue?.compactMap({ $0.objectValue }))
        let log4j = try #require(components.first { $0["name"]?.stringValue == "log4j-core" })
        #expect(log4j["version"]?.stringValue == "2.6.1")
        #expect(log4j["purl"]?.stringValue == "pkg:maven/org.apache.logging.log4j/log4j-core@2.6.1?type=jar")
        #expect(log4j["group"]?.stringValue == "org.apache.logging.log4j")
        #expect(components.contains { $0["name"]?.stringValue == "jackson-databind" && $0["version"]?.stringValue == "2.9.2" })
        #expect(draft.atText == "2022-12-22T19:11:52.179Z")
        // The product itself is apart, not among the components.
        #expect(!components.contains { $0["name"]?.stringValue == "java-maven" })
    }

    @Test("syft's Debian packages keep their deb purls and CPEs; the hardware BOM's parts are devices")
    func purlsAndCPEs() throws {
        let debian = try #require(try RealData.sbom("cyclonedx/syft-debian13-container-1.6.json").drafts.first)
        let apt = try #require(debian.data["components"]?.arrayValue?.first?.objectValue)
        #expect(apt["purl"]?.stringValue == "pkg:deb/debian/apt@3.0.3?arch=amd64&distro=debian-13")
        #expect(apt["cpe"]?.stringValue == "cpe:2.3:a:apt:apt:3.0.3:*:*:*:*:*:*:*")
        let board = try #require(try RealData.sbom("cyclonedx/hbom-pcie-sata-adapter-board-1.4.json").drafts.first)
        let parts = try #require(board.data["components"]?.arrayValue?.compactMap({ $0.objectValue }))
        #expect(parts.allSatisfy { $0["type"]?.stringValue == "device" && $0["purl"] == nil })
        #expect(board.data["product"]?.objectValue?["type"]?.stringValue == "device")
    }

    @Test("nested components are flattened depth-first, parents before children, duplicates kept")
    func nestedComponents() throws {
        let result = try RealData.sbom(text: """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 2, "metadata": {"timestamp": "2025-01-02T03:04:05Z"},
             "components": [
               {"name": "firmware", "version": "4.2", "components": [
                 {"name": "openssl", "version": "3.0.13", "components": [{"name": "zlib", "version": "1.3"}]},
                 {"name": "busybox", "version": "1.36"}]},
               {"name": "zlib", "version": "1.3"}]}
            """)
        let names = result.drafts.first?.data["components"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue }
        #expect(names == ["firmware", "openssl", "zlib", "busybox", "zlib"])
        #expect(result.drafts.first?.atText == "2025-01-02T03:04:05Z")
        // No serial number: the document is named by its hash.
        #expect(result.document.id == "sha256:" + result.document.sha256)
    }

    @Test("a component without a name is left out and named by its path; the others are kept")
    func malformedComponent() throws {
        let result = try RealData.sbom(text: """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a"}, {"version": "1"}, {"name": "c", "version": 3}]}
            """)
        #expect(result.drafts.first?.data["components"]?.arrayValue?.count == 1)
        #expect(result.skipped.map(\.path) == ["$.components[1].name", "$.components[2].version"])
    }

    @Test("not JSON, duplicate names, not CycloneDX, or an unsupported spec version: refused with the JSON path")
    func refusals() throws {
        let notJSON = RealData.refusal { try RealData.sbom(text: "{\"bomFormat\": ") }
        #expect(notJSON?.kind == .notJSON && notJSON?.path == "$")
        let duplicate = RealData.refusal { try RealData.sbom(text: #"{"bomFormat": "CycloneDX", "bomFormat": "CycloneDX"}"#) }
        #expect(duplicate?.kind == .notJSON)
        let csaf = RealData.refusal { try RealData.bytes("csaf/icsma-22-251-01.json").withUnsafeBufferPointer {
            try SBOMReader.read($0, device: "PUMP-1", context: RealData.context) } }
        #expect(csaf?.kind == .notTheFormat && csaf?.path == "$.bomFormat")
        let old = RealData.refusal { try RealData.sbom(text: #"{"bomFormat": "CycloneDX", "specVersion": "1.3", "components": []}"#) }
        #expect(old?.kind == .unsupportedVersion && old?.path == "$.specVersion")
        #expect(old?.description.contains("CycloneDX 1.3 is not supported") == true)
    }
}
