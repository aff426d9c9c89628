import Foundation
import Testing

/// Every document werkblad makes, in its archive version, judged by validators that did not write
/// it: page-validation (PDF/A-2u, PDF/UA-1) and Apache PDFBox Preflight (PDF/A-1b, less the findings
/// that concern PDF/A-1 alone), through `scripts/validate-pdf` (installed by `scripts/install-validators`).
@Suite("Independent validators", .serialized)
struct ValidatorTests {
    /// The archive files: every sample's werkblad with diagrams, a blank werkblad with 3 and with 8
    /// players, each diagram filled and blank, the guide, a hand-out and the voorbereiding.
    static func archiveFiles() throws -> [String] {
        let dir = Fixture.temporaryDirectory()
        let samples = Fixture.resources.root + "/samples"
        let beslisnota = samples + "/beslisnota.yaml"
        var commands: [[String]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: samples).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            commands.append(["render", "--archief", samples + "/" + name, "-o", dir + "/" + name + ".pdf"])
        }
        commands.append(["blank", "--archief", "-o", dir + "/leeg.pdf"])
        commands.append(["blank", "--archief", "--spelers", "8", "--opties", "6", "--taal", "en", "-o", dir + "/leeg-8-6.pdf"])
        for kind in ["common-ground", "bandbreedte", "waardenkaart"] {
            commands.append(["diagram", "--archief", kind, beslisnota, "-o", dir + "/\(kind).pdf"])
            commands.append(["diagram", "--archief", kind, "-o", dir + "/\(kind)-leeg.pdf"])
        }
        commands.append(["toelichting", "--archief", "gespreksleider", beslisnota, "-o", dir + "/gids.pdf"])
        commands.append(["handouts", "--archief", beslisnota, "-o", dir + "/hand-outs"])
        commands.append(["voorbereiding", "--archief", beslisnota, "-o", dir + "/voorbereiding.pdf"])
        commands.append(["voorbereiding", "--archief", "--taal", "en", "-o", dir + "/voorbereiding-en.pdf"])
        for arguments in commands {
            let result = try run(Fixture.executable, arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let outputs = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".pdf") }
        return outputs.sorted().map { dir + "/" + $0 }
    }

    @Test func everyArchiveDocumentPassesPDFA2uPDFUA1AndPreflight() throws {
        let files = try Self.archiveFiles()
        #expect(files.count >= 22)
        let script = Fixture.resources.root + "/scripts/validate-pdf"
        let result = try run(script, ["--profile", "2u", "--profile", "ua1", "--preflight"] + files)
        let summary = result.stdout.split(separator: "\n").filter { $0.contains("regels gefaald") || $0.contains("bevinding") }
        #expect(summary.count == files.count * 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.status == 0, "\(result.stdout.split(separator: "\n").filter { !$0.contains(": 0 van") && !$0.contains(": 0 bevindingen") }.joined(separator: "\n"))\n\(result.stderr)")
        for file in files {
            let check = try run("qpdf", ["--check", file])
            #expect(check.status == 0 && check.stdout.contains("No syntax or stream encoding errors"), "\(file): \(check.stdout)")
        }
    }
}
