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

    /// A second batch into a folder in use says so and touches nothing.
    @Test func aSecondBatchIntoTheSameFolderIsRefused() throws {
        let input = try batchInput(count: 1, broken: 99)
        let out = Fixture.temporaryDirectory() + "/archief"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let fd = open(out + "/.werkblad-batch.lock", O_RDWR | O_CREAT, 0o644)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = try run(Fixture.executable, ["batch", input, "-o", out])
        #expect(result.status == 1 && result.stderr.contains("een andere 'werkblad batch' schrijft al in deze map"), "\(result.stderr)")
        #expect(pdfs(in: out).isEmpty)
        close(fd)
        #expect(try run(Fixture.executable, ["batch", input, "-o", out]).status == 0)
    }

    /// Hand-outs are outputs like the PDF: a deleted one is made again, and the hand-out of a
    /// participant who left the session is removed.
    @Test func everyHandoutIsTrackedAndAFormerParticipantsGoes() throws {
        let input = try batchInput(count: 1, broken: 99)
        let out = Fixture.temporaryDirectory() + "/archief"
        #expect(try run(Fixture.executable, ["batch", "--handouts", input, "-o", out]).status == 0)
        let folder = out + "/team-b/sessie-000-hand-outs"
        try FileManager.default.removeItem(atPath: folder + "/eva-smit.pdf")
        let again = try run(Fixture.executable, ["batch", "--handouts", input, "-o", out])
        #expect(again.status == 0 && again.stderr.contains("1 gemaakt"), "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/eva-smit.pdf"))
        // Eva Smit leaves the session.
        let session = input + "/team-b/sessie-000.yaml"
        let text = try String(contentsOfFile: session, encoding: .utf8).replacingOccurrences(of: ", \"Eva Smit\"", with: "")
            .replacingOccurrences(of: "      - { deelnemer: \"Eva Smit\", waarde: 2 }\n", with: "")
        try text.write(toFile: session, atomically: true, encoding: .utf8)
        let third = try run(Fixture.executable, ["batch", "--handouts", input, "-o", out])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/eva-smit.pdf"))
        #expect(FileManager.default.fileExists(atPath: folder + "/noor-haddou.pdf"))
    }

    /// Killed halfway, a batch keeps what it finished (its state is saved per session); stopped
    /// with Ctrl-C it says how many are left and does not exit 0.
    @Test func aKilledOrInterruptedBatchKeepsItsWorkAndSaysWhatIsLeft() throws {
        let input = try batchInput(count: 40, broken: 99)
        let out = Fixture.temporaryDirectory() + "/archief"
        for (signalNumber, name) in [(SIGKILL, "kill"), (SIGINT, "int")] {
            let target = out + "-" + name
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Fixture.executable)
            process.arguments = ["batch", "-j", "1", input, "-o", target]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Stop it once a few sessions are done.
            let deadline = Date().addingTimeInterval(30)
            while pdfs(in: target).count < 3, Date() < deadline { usleep(20_000) }
            kill(process.processIdentifier, signalNumber)
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let made = pdfs(in: target).count
            #expect(made >= 3 && made < 40, "\(name): \(made) made")
            if signalNumber == SIGINT {
                #expect(process.terminationStatus == 130 && stderr.contains("onderbroken:") && stderr.contains("niet gemaakt"), "\(stderr)")
            }
            let rerun = try run(Fixture.executable, ["batch", input, "-o", target])
            #expect(rerun.status == 0)
            // What was finished before is up to date (at most the one in progress is remade).
            let upToDate = Int(rerun.stderr.firstMatch(of: /(\d+) al bij/)?.1 ?? "0") ?? 0
            #expect(upToDate >= made - 1, "\(name): \(rerun.stderr)")
            #expect(!(FileManager.default.enumerator(atPath: target)?.allObjects as? [String] ?? []).contains { $0.hasSuffix(".tmp") })
        }
    }

    @Test func staleTemporaryFilesOfAKilledRunAreRemoved() throws {
        let out = Fixture.temporaryDirectory() + "/archief"
        try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: out + "/sub/.sessie.pdf.1234.tmp"))
        _ = try Batch(resources: Fixture.resources, directory: out, handouts: false)
        #expect(!FileManager.default.fileExists(atPath: out + "/sub/.sessie.pdf.1234.tmp"))
    }
}
