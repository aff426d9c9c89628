import ArgumentParser
import Foundation
import WerkbladDocuments

@main
struct WerkbladCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "werkblad",
        abstract: "Maakt de documenten van het dilemmagesprek ‘Als openbaarheid schuurt’: werkblad, toelichting en diagrammen.",
        version: WerkbladVersion.string,
        subcommands: [Render.self, Blank.self, Diagram.self, Toelichting.self, Handouts.self, VoorbereidingCommand.self, BatchCommand.self, Check.self, Init.self, Import.self, Serve.self]
    )

    /// The argument parser's own English messages, in Dutch (those werkblad knows; the rest as they are).
    static func dutch(_ message: String) -> String {
        let known = [
            ("Missing expected argument ", "argument ontbreekt: "), ("Unknown option ", "onbekende optie "),
            ("Unexpected argument ", "onverwacht argument "), ("Missing value for ", "waarde ontbreekt voor "),
            ("Error: Missing value for ", "waarde ontbreekt voor "), ("Unexpected arguments: ", "onverwachte argumenten: "),
        ]
        let message = message.replacingOccurrences(of: ". Did you mean '", with: "; bedoelt u '")
        for (english, dutch) in known where message.hasPrefix(english) { return dutch + message.dropFirst(english.count) }
        if let m = message.wholeMatch(of: /The value '(.*)' is invalid for '(.*)'(.*)/) {
            return "de waarde '\(m.1)' is ongeldig voor '\(m.2)'\(m.3)"
        }
        return message
    }

    static func main() {
        // Past a file-size limit the kernel would kill the process mid-write (SIGXFSZ); ignored,
        // the write fails with EFBIG instead and werkblad says so, leaving nothing behind.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            // Help, the version and completion scripts, and our own exit codes (their message is
            // out already): as the library does them. Usage errors in the same form as all others.
            if code == .success || error is ExitCode { exit(withError: error) }
            FileHandle.standardError.write(Data("werkblad: fout: \(dutch(message(for: error)))\nZie 'werkblad --help' of 'werkblad OPDRACHT --help'.\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
