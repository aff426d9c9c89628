import ArgumentParser
import Foundation
import WerkbladDocuments

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        _superCommandName: WerkbladCommand.name,
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

    /// The server is its own program beside this one (`werkblad-serve`): its libraries load only
    /// for `serve`. It gets the options, already checked, as JSON, and takes over this process.
    func run() throws {
        try reportingErrors {
            var options: [String: Any] = ["session": session, "port": poort, "address": adres, "hostNames": hostnaam,
                                          "data": try Resources.locate().root]
            if tls.count == 2 { options["tls"] = tls }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
            let helper = try Self.helper()
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup(helper), strdup("--opties"), strdup(json), nil]
            execv(helper, argv)
            throw ValidationFailure("kan \(helper) niet starten: \(String(cString: strerror(errno)))")
        }
    }

    /// `werkblad-serve` beside this binary (a build), or in `../libexec/werkblad/` (an install).
    static func helper() throws -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = (exe as NSString).deletingLastPathComponent
        let candidates = [dir + "/werkblad-serve", (dir as NSString).deletingLastPathComponent + "/libexec/werkblad/werkblad-serve"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ValidationFailure("werkblad-serve ontbreekt (gezocht: \(candidates.joined(separator: ", "))); installeer werkblad opnieuw")
        }
        return found
    }
}
