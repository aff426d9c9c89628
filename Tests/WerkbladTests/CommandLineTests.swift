import Foundation
import Testing

@Suite("Command line")
struct CommandLineTests {
    @Test func blankWorksFromAnyFolder() throws {
        let dir = Fixture.temporaryDirectory()
        var env = ProcessInfo.processInfo.environment
        env["WERKBLAD_DATA"] = nil
        let result = try run(Fixture.executable, ["blank", "-o", "leeg.pdf", "--spelers", "5"], in: dir, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try pdfText(dir + "/leeg.pdf")
        #expect(text.contains("Speler E") && !text.contains("Speler F"))
    }

    @Test(arguments: [["--spelers", "9"], ["--opties", "0"], ["--taal", "de"]])
    func rejectsOutOfRangeOptionsInDutch(arguments: [String]) throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["blank", "-o", "x.pdf"] + arguments, in: dir)
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.pdf"))
    }

    @Test func unknownExtensionIsAnErrorAndWritesNothing() throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["blank", "-o", "x.docx"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("onbekend uitvoerformaat"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func unknownLayoutListsTheAvailableOnes() throws {
        let result = try run(Fixture.executable, ["blank", "-o", "x.pdf", "--layout", "werkblad-a9"], in: Fixture.temporaryDirectory())
        #expect(result.status == 1)
        #expect(result.stderr.contains("werkblad-a3"))
    }
}
