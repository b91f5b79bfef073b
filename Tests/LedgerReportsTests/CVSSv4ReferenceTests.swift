import LedgerReports
import Testing

@Suite("CVSS v4.0 against FIRST's reference set")
struct CVSSv4ReferenceTests {
    @Test("the highest-severity vector of each MacroVector scores as FIRST states",
          arguments: CVSSv4ReferenceSet.macroVectorMaxima)
    func macroVectorMaxima(_ reference: CVSSv4Reference) throws {
        try check(reference)
    }

    @Test("scores whose exact value is x.x5 round half up, not a tenth low",
          arguments: CVSSv4ReferenceSet.roundingTies)
    func roundingTies(_ reference: CVSSv4Reference) throws {
        try check(reference)
    }

    @Test("vectors with every threat, environmental and supplemental metric score as FIRST states",
          arguments: CVSSv4ReferenceSet.fullVectors)
    func fullVectors(_ reference: CVSSv4Reference) throws {
        try check(reference)
    }

    @Test("the reference lines were read whole")
    func counts() {
        #expect(CVSSv4ReferenceSet.macroVectorMaxima.count == 153)
        #expect(CVSSv4ReferenceSet.roundingTies.count == 8)
        #expect(CVSSv4ReferenceSet.fullVectors.count == 88)
    }

    private func check(_ reference: CVSSv4Reference) throws {
        let cvss = try CVSSv4(reference.vector)
        #expect(cvss.score == reference.score)
        #expect(cvss.severity == reference.severity)
        // The version-dispatching reader gives the same result.
        #expect(try CVSSScore(reference.vector).score == reference.score)
    }
}
