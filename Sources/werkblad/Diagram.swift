import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

extension DocumentPart: CommandLineChoice {}
extension DiagramKind: CommandLineChoice {}
extension PosterSize: CommandLineChoice {}

struct Diagram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        _superCommandName: WerkbladCommand.name,
        abstract: "Een diagram van de post-it-oefeningen of de waarden: ingevuld uit een sessiebestand, of leeg om te printen.",
        discussion: """
        common-ground  stap 3a: per deelnemer twee driehoeken, in elkaar geschoven naar de gevoelde spanning
                       (leeg: een scoreblad om de spanning te omcirkelen)
        bandbreedte    stap 3b: de post-its op de lijn van klein naar groot, met de blauwe grenzen
                       (leeg: de lijn als A3-poster, met twee blauwe balkjes om uit te knippen)
        waardenkaart   stap 2: de waarden in drie lagen, spanningen en invalshoeken

        Met --a4 wordt elke pagina een poster over A4-vellen met plakranden: A3 op 2 vellen,
        A2 (--poster a2) op 4, A1 (--poster a1) op 8; na het plakken knip je langs de dunne lijn.
        """)

    @Argument(help: ArgumentHelp("common-ground, bandbreedte of waardenkaart.", valueName: "diagram"))
    var kind: DiagramKind

    @Argument(help: ArgumentHelp("Sessiebestand; zonder bestand de lege versie.", valueName: "sessie"))
    var session: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf, .png of .svg.", valueName: "bestand"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    @Flag(help: "Druk elke pagina als poster over A4-vellen met plakranden, voor printers zonder A3.")
    var a4 = false

    @Option(help: ArgumentHelp("Formaat van de poster over A4-vellen: a3 (2 vellen), a2 (4) of a1 (8); houdt --a4 in.", valueName: "formaat"))
    var poster: PosterSize?

    @Option(help: ArgumentHelp("Taal van de lege versie: nl of en (een sessiebestand bepaalt zijn eigen taal).", valueName: "taal"))
    var taal: LanguageArgument = .nl

    @OptionGroup var resolution: ResolutionOption

    func validate() throws {
        try archive.check(output)
    }

    func run() throws {
        try rendering(dpi: resolution.dpi) { exporter in
            try exporter.write(DiagramDocument(kind: kind, session: loadSession(session), language: taal.language, tiles: poster ?? (a4 ? .a3 : nil)), to: output, profile: archive.profile)
        }
    }
}
