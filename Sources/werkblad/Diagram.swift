import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

extension DocumentPart: ExpressibleByArgument {}
extension DiagramKind: ExpressibleByArgument {}

struct Diagram: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Een diagram van de post-it-oefeningen of de waarden: ingevuld uit een sessiebestand, of leeg om te printen.",
        discussion: """
        common-ground  stap 3a: per deelnemer twee driehoeken, in elkaar geschoven naar de gevoelde spanning
                       (leeg: een scoreblad om de spanning te omcirkelen)
        bandbreedte    stap 3b: de post-its op de lijn van klein naar groot, met de blauwe grenzen
                       (leeg: de lijn als A3-poster; met --a4 verdeeld over A4-vellen met plakranden)
        waardenkaart   stap 2: de waarden in drie lagen, spanningen en invalshoeken
        """)

    @Argument(help: ArgumentHelp("common-ground, bandbreedte of waardenkaart.", valueName: "diagram"))
    var kind: DiagramKind

    @Argument(help: ArgumentHelp("Sessiebestand; zonder bestand de lege versie.", valueName: "sessie"))
    var session: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf, .png of .svg.", valueName: "bestand"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    @Flag(help: "Verdeel elke A3-pagina over A4-vellen (liggend) met plakranden, voor printers zonder A3.")
    var a4 = false

    @Option(help: ArgumentHelp("Taal van de lege versie: nl of en (een sessiebestand bepaalt zijn eigen taal).", valueName: "taal"))
    var taal: LanguageArgument = .nl

    @OptionGroup var resolution: ResolutionOption

    func validate() throws {
        try archive.check(output)
    }

    func run() throws {
        try rendering(dpi: resolution.dpi) { exporter in
            try exporter.write(DiagramDocument(kind: kind, session: loadSession(session), language: taal.language, tiles: a4), to: output, profile: archive.profile)
        }
    }
}
