import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        _superCommandName: WerkbladCommand.name,
        abstract: "Het ingevulde A3-werkblad uit een sessiebestand, met vervolgbladen waar tekst niet past en daarna de diagrammen waarvoor het bestand gegevens heeft.")

    @Argument(help: ArgumentHelp("Sessiebestand (.yaml, .yml of .json).", valueName: "sessie"))
    var session: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf, .png of .svg.", valueName: "bestand"))
    var output: String

    @Option(help: ArgumentHelp("Layoutnaam of -pad; gaat voor 'layout:' in het sessiebestand.", valueName: "naam|pad"))
    var layout: String?

    @Flag(help: "Lichte schrijflijnen in de lege vakken.")
    var lijnen = false

    @Option(help: ArgumentHelp("Maak alleen dit deel: werkblad, common-ground, bandbreedte of waardenkaart.", valueName: "deel"))
    var alleen: DocumentPart?

    @OptionGroup var archive: ArchiveOption

    @Flag(help: "Met --archief: een naam van een deelnemer op een plek waar de Chatham House Rule die verbiedt, is een fout; er wordt niets geschreven.")
    var streng = false

    @Flag(help: "Het werkblad als invulbare PDF, vooraf ingevuld uit het sessiebestand (geen vervolgbladen: elk veld houdt zijn hele tekst).")
    var invulbaar = false

    @OptionGroup var resolution: ResolutionOption

    func validate() throws {
        try archive.check(output)
        if invulbaar, OutputFormat(path: output) != .pdf { throw ValidationError("--invulbaar maakt een PDF; geef een uitvoerbestand dat op .pdf eindigt") }
        if invulbaar, lijnen { throw ValidationError("--invulbaar en --lijnen gaan niet samen: in een invulveld wordt getypt, niet geschreven") }
        if streng, !archive.archief { throw ValidationError("--streng hoort bij --archief: het archief moet vrij zijn van namen") }
    }

    func run() throws {
        try rendering(dpi: resolution.dpi, reading: { try RenderAhead.takeSession(session) }) { exporter, loaded in
            exporter.engine.readAhead(layoutOverride: layout, part: alleen)
            return try exporter.write(SessionDocuments(session: loaded, layoutOverride: layout, guideLines: lijnen, only: alleen,
                                                fillable: invulbaar, strict: streng),
                               to: output, profile: archive.profile)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        _superCommandName: WerkbladCommand.name,
        abstract: "Controleert sessiebestanden zonder iets te maken: alles wat 'render' zou melden (ook kleiner gezette tekst, vervolgbladen en de layout).")

    @Argument(help: ArgumentHelp("Een of meer sessiebestanden.", valueName: "sessie"))
    var sessions: [String]

    func run() throws {
        var failed = 0
        var engine: Engine?
        for path in sessions {
            do {
                // A dry run of render: the documents are composed, not written.
                let session = try LoadedSession(path: path)
                if engine == nil { engine = try Engine(resources: Resources.locate()) }
                printWarnings(try SessionDocuments(session: session).compose(with: engine!).notices)
                engine!.layouts.endDocument()   // nothing is drawn
            } catch let d as Diagnostic {
                printWarnings([d])
                failed += 1
            } catch {
                printWarnings([.error(SourcePosition(file: path), "\(error)")])
                failed += 1
            }
        }
        let ok = sessions.count - failed
        FileHandle.standardError.write(Data("\(ok) in orde, \(failed) met fouten\n".utf8))
        if failed > 0 { throw ExitCode(1) }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        _superCommandName: WerkbladCommand.name,
        abstract: "Schrijft een sessiebestand met uitleg om in te vullen.")

    @Argument(help: ArgumentHelp("Het nieuwe sessiebestand (.yaml).", valueName: "bestand"))
    var file: String

    @Flag(help: "Overschrijf een bestaand bestand.")
    var force = false

    func run() throws {
        try reportingErrors {
            if FileManager.default.fileExists(atPath: file) && !force {
                throw ValidationFailure("\(file) bestaat al; gebruik --force om het te overschrijven")
            }
            try writeFile(Data(StarterSession.text.utf8), to: file, durability: .durable)
            print(file)
        }
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
