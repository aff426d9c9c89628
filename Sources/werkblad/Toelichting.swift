import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

extension GuideKind: CommandLineChoice {}

struct Toelichting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toelichting",
        _superCommandName: WerkbladCommand.name,
        abstract: "De toelichting voor de gespreksleider of de deelnemers (A4), op maat van een sessiebestand of algemeen.",
        discussion: """
        gespreksleider  de stap-voor-stap-toelichting met [X] en [Y] ingevuld, een tijdplan uit sessie.duur,
                        de spelers, waarden en gedeelde vraag uit het bestand, en het werkblad om te printen
        deelnemer       de toelichting op het werkblad, met de gegevens van het gesprek
                        (voor één hand-out per deelnemer: werkblad handouts)
        """)

    @Argument(help: ArgumentHelp("gespreksleider of deelnemer.", valueName: "voor"))
    var kind: GuideKind

    @Argument(help: ArgumentHelp("Sessiebestand; zonder bestand de algemene versie.", valueName: "sessie"))
    var session: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf (of .png/.svg, één bestand per pagina).", valueName: "bestand"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    func validate() throws { try archive.check(output) }

    func run() throws {
        try rendering { exporter in
            // Not addressed to anyone: personal hand-outs come from `werkblad handouts`.
            try exporter.write(GuideDocument(kind: kind, session: loadSession(session)), to: output, profile: archive.profile)
        }
    }
}

struct Handouts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handouts",
        _superCommandName: WerkbladCommand.name,
        abstract: "Eén hand-out (A4) per deelnemer, op naam, en alle hand-outs samen in alle-deelnemers.pdf.")

    @Argument(help: ArgumentHelp("Sessiebestand met sessie.deelnemers.", valueName: "sessie"))
    var session: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Map voor de hand-outs (wordt gemaakt als die er niet is).", valueName: "map"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    func run() throws {
        try rendering { exporter in
            try exporter.writeHandouts(WerkbladDocuments.Handouts(session: LoadedSession(path: session)), to: output, profile: archive.profile)
        }
    }
}

struct VoorbereidingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voorbereiding",
        _superCommandName: WerkbladCommand.name,
        abstract: "De voorbereiding voor de dilemma-eigenaar (A4): de vragen van stap 1a met schrijfruimte, ingevuld waar het sessiebestand al antwoorden heeft.")

    @Argument(help: ArgumentHelp("Sessiebestand; zonder bestand de lege versie.", valueName: "sessie"))
    var session: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoerbestand: .pdf (of .png/.svg, één bestand per pagina).", valueName: "bestand"))
    var output: String

    @OptionGroup var archive: ArchiveOption

    @Option(help: ArgumentHelp("Taal zonder sessiebestand: nl of en (een sessiebestand bepaalt zijn eigen taal).", valueName: "taal"))
    var taal: LanguageArgument = .nl

    func validate() throws { try archive.check(output) }

    func run() throws {
        try rendering { exporter in
            try exporter.write(Voorbereiding(session: loadSession(session), language: taal.language), to: output, profile: archive.profile)
        }
    }
}
