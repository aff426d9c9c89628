import ArgumentParser
import Foundation
import LiveServer
import WerkbladDocuments

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Het werkblad live in de browser, voor een online sessie: iedereen met de link vult het samen in, "
            + "met de post-itoefeningen 3a en 3b; bewaart alles in NAAM.live.yaml naast het sessiebestand.",
        discussion: """
            Drukt de link van de gespreksleider af (met de rechten om balken te zetten, dingen weg te halen en \
            de sessie te sluiten). Op de pagina staat de link voor de deelnemers. Bij een herstart gaat de server verder \
            met NAAM.live.yaml en blijven de links geldig.
            Zonder --adres luistert de server alleen op 127.0.0.1; een ander adres kan alleen met --tls.
            """)

    @Argument(help: ArgumentHelp("Sessiebestand (.yaml, .yml of .json).", valueName: "sessie"))
    var session: String

    @Option(help: ArgumentHelp("Poort (0: een vrije poort).", valueName: "N"))
    var poort = 8330

    @Option(help: ArgumentHelp("Adres om op te luisteren; anders dan 127.0.0.1 of ::1 alleen met --tls.", valueName: "adres"))
    var adres = "127.0.0.1"

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Certificaat en sleutel (PEM) voor HTTPS.", valueName: "cert sleutel"))
    var tls: [String] = []

    @Option(help: ArgumentHelp("Een naam waaronder de server ook bereikt wordt (de DNS-naam in het certificaat); mag vaker.",
                               valueName: "naam"))
    var hostnaam: [String] = []

    func validate() throws {
        guard (0...65535).contains(poort) else { throw ValidationError("--poort moet tussen 0 en 65535 liggen, niet \(poort)") }
        guard tls.isEmpty || tls.count == 2 else { throw ValidationError("--tls neemt twee bestanden: het certificaat en de sleutel") }
        if !["127.0.0.1", "::1"].contains(adres), tls.isEmpty {
            throw ValidationError("--adres \(adres) maakt de sessie bereikbaar van buiten deze computer; dat kan alleen met --tls CERT SLEUTEL")
        }
        for name in hostnaam where name.isEmpty || name.contains(where: { " /:@".contains($0) }) {
            throw ValidationError("--hostnaam ‘\(name)’ is geen hostnaam")
        }
    }

    func run() throws {
        let options = ServeOptions(session: session, port: poort, address: adres,
                                   tls: tls.count == 2 ? (tls[0], tls[1]) : nil, hostNames: hostnaam)
        let resources = try Resources.locate()
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await WerkbladServer.run(options, resources: resources) { link in
                    FileHandle.standardOutput.write(Data((link + "\n").utf8))
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            try reportingErrors { throw error }
        }
    }

    final class Outcome: @unchecked Sendable { var error: Error? }
}
