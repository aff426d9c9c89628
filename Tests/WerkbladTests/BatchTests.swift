import Foundation
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// `count` distinct copies of the beslisnota session in a folder (with a subfolder), one of them broken.
func batchInput(count: Int, broken: Int) throws -> String {
    let dir = Fixture.temporaryDirectory() + "/sessies"
    let source = try String(contentsOfFile: Fixture.resources.root + "/samples/beslisnota.yaml", encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/team-b", withIntermediateDirectories: true)
    for i in 0..<count {
        let sub = i % 4 == 0 ? "/team-b" : ""
        let text = i == broken ? "sessie:\n  titel: kapot\n  spelres: 3\n"
            : source.replacingOccurrences(of: "titel: \"", with: "titel: \"\(i) ")
        try text.write(toFile: dir + sub + String(format: "/sessie-%03d.yaml", i), atomically: true, encoding: .utf8)
    }
    return dir
}

func pdfs(in dir: String) -> [String] {
    (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".pdf") }.sorted()
}

func modificationDates(_ dir: String, _ files: [String]) throws -> [Date] {
    try files.map { try FileManager.default.attributesOfItem(atPath: dir + "/" + $0)[.modificationDate] as! Date }
}

@Suite("Batch", .serialized)
struct BatchTests {
    @Test func aBrokenFileIsReportedAndSkippedTheRestIsWrittenAndAReRunTouchesNothing() throws {
        let input = try batchInput(count: 12, broken: 5)
        let out = Fixture.temporaryDirectory() + "/archief"
        let first = try run(Fixture.executable, ["batch", input, "-o", out, "-j", "2"])
        #expect(first.status == 1)
        #expect(first.stderr.contains("sessie-005.yaml:3:3: fout: onbekende sleutel 'spelres'"))
        #expect(first.stderr.contains("12 sessies: 11 gemaakt, 0 al bij, 1 mislukt"))
        let written = pdfs(in: out)
        #expect(written.count == 11)
        #expect(written.contains("team-b/sessie-004.pdf"))   // folders mirrored
        #expect(!written.contains { $0.contains("sessie-005") })
        // Every output is an archive PDF.
        #expect(try run("pdfinfo", ["-meta", out + "/" + written[0]]).stdout.contains("<pdfaid:part>2</pdfaid:part>"))
        let before = try modificationDates(out, written)
        let second = try run(Fixture.executable, ["batch", input, "-o", out])
        #expect(second.stderr.contains("12 sessies: 0 gemaakt, 11 al bij, 1 mislukt"))
        #expect(try modificationDates(out, written) == before)
        // A changed session, and a deleted output, are made again; nothing else.
        try (try String(contentsOfFile: input + "/sessie-001.yaml", encoding: .utf8) + "\n# gewijzigd\n")
            .write(toFile: input + "/sessie-001.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: out + "/sessie-002.pdf")
        let third = try run(Fixture.executable, ["batch", input, "-o", out])
        #expect(third.stderr.contains("12 sessies: 2 gemaakt, 9 al bij, 1 mislukt"))
        // No temporary files are left behind.
        let all = FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []
        #expect(!all.contains { $0.hasSuffix(".tmp") })
    }

    @Test func theLayoutAndToolVersionArePartOfUpToDate() throws {
        let resources = Fixture.resources
        let a = Batch.environmentKey(resources, handouts: false, strict: false)
        #expect(a == Batch.environmentKey(resources, handouts: false, strict: false))
        #expect(a != Batch.environmentKey(resources, handouts: true, strict: false))
        // A copy of the data folder with one layout value changed has another key.
        let copy = Fixture.temporaryDirectory() + "/data"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for folder in ["Fonts", "Hyphenation", "Layouts"] {
            try FileManager.default.copyItem(atPath: resources.root + "/" + folder, toPath: copy + "/" + folder)
        }
        #expect(Batch.environmentKey(Resources(root: copy), handouts: false, strict: false) == a)
        let layout = copy + "/Layouts/diagrammen.yaml"
        try (try String(contentsOfFile: layout, encoding: .utf8)).replacingOccurrences(of: "bar-width: 5mm", with: "bar-width: 6mm")
            .write(toFile: layout, atomically: true, encoding: .utf8)
        #expect(Batch.environmentKey(Resources(root: copy), handouts: false, strict: false) != a)
    }

    @Test func handoutsComeBesideTheArchivePDF() throws {
        let input = try batchInput(count: 2, broken: 99)
        let out = Fixture.temporaryDirectory() + "/archief"
        let result = try run(Fixture.executable, ["batch", input, "-o", out, "--handouts"])
        #expect(result.status == 0)
        let files = pdfs(in: out)
        #expect(files.contains("sessie-001.pdf") && files.contains("sessie-001-hand-outs/alle-deelnemers.pdf"))
        #expect(files.contains("sessie-001-hand-outs/noor-haddou.pdf"))
    }

    @Test func staleTemporaryFilesOfAKilledRunAreRemoved() throws {
        let out = Fixture.temporaryDirectory() + "/archief"
        try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: out + "/sub/.sessie.pdf.1234.tmp"))
        _ = try Batch(resources: Fixture.resources, directory: out, handouts: false)
        #expect(!FileManager.default.fileExists(atPath: out + "/sub/.sessie.pdf.1234.tmp"))
    }
}
