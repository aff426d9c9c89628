import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

struct Blank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blank",
        _superCommandName: WerkbladCommand.name,
        abstract: "Het lege A3-werkblad, om te printen voor een dilemmagesprek.")

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf, .png of .svg.", valueName: "bestand"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    @Option(help: ArgumentHelp("Aantal spelers in de verkenning (1–8).", valueName: "n"))
    var spelers = 3

    @Option(help: ArgumentHelp("Aantal opties in de afweging (1–6).", valueName: "n"))
    var opties = 2

    @Option(help: ArgumentHelp("Layoutnaam uit Layouts/ of pad naar een layoutbestand.", valueName: "naam|pad"))
    var layout = "werkblad-a3"

    @Option(help: ArgumentHelp("Taal van de opschriften: nl of en.", valueName: "taal"))
    var taal: LanguageArgument = .nl

    @Flag(help: "Lichte schrijflijnen in de vakken.")
    var lijnen = false

    @Flag(help: "Een invulbare PDF: elk vak, elke cel en elk kopgegeven een invulveld (voor een online gesprek; terug te lezen met 'werkblad import').")
    var invulbaar = false

    @OptionGroup var resolution: ResolutionOption

    func validate() throws {
        try archive.check(output)
        if invulbaar, OutputFormat(path: output) != .pdf { throw ValidationError("--invulbaar maakt een PDF; geef een uitvoerbestand dat op .pdf eindigt") }
        if invulbaar, lijnen { throw ValidationError("--invulbaar en --lijnen gaan niet samen: in een invulveld wordt getypt, niet geschreven") }
        guard (1...8).contains(spelers) else { throw ValidationError("--spelers moet tussen 1 en 8 liggen, niet \(spelers)") }
        guard (1...6).contains(opties) else { throw ValidationError("--opties moet tussen 1 en 6 liggen, niet \(opties)") }
    }

    func run() throws {
        try rendering(dpi: resolution.dpi) { exporter in
            let layout = try exporter.engine.layout(self.layout, relativeTo: FileManager.default.currentDirectoryPath)
            var content = WerkbladContent(language: taal.language, players: spelers, options: opties, guideLines: lijnen)
            content.fillable = invulbaar
            return try exporter.write(BlankWerkblad(content: content, layout: layout), to: output, profile: archive.profile)
        }
    }
}
