import ArgumentParser
import Foundation
import WerkbladDocuments

@main
struct WerkbladCommand: ParsableCommand {
    static let name = "werkblad"
    static let configuration = CommandConfiguration(
        commandName: name,
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

    /// The command line parsed by its subcommand alone, when it names one and asks for no help,
    /// version or completion script: the library's parse from the root also tries it as a
    /// request for a completion script (two more parsers, each reflected on at first use), which
    /// was the largest part of its cost in a cold run. Each subcommand names `werkblad` as its
    /// super-command, which is how its usage reads parsed so and what tells the library not to
    /// look for a completion request. Whatever does not parse here is parsed again from the root,
    /// so every message (and help) is the library's own, as before.
    static func parsedDirectly() -> ParsableCommand? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first,
              let subcommand = configuration.subcommands.first(where: { $0._commandName == name }),
              !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "help" || $0 == "--version"
                  || $0.hasPrefix("--generate-completion") || $0.hasPrefix("--experimental") })
        else { return nil }
        return try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
    }

    static func main() {
        // Past a file-size limit the kernel would kill the process mid-write (SIGXFSZ); ignored,
        // the write fails with EFBIG instead and werkblad says so, leaving nothing behind.
        signal(SIGXFSZ, SIG_IGN)
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == Render._commandName { RenderAhead.start(arguments.dropFirst()) }
        do {
            var command = try parsedDirectly() ?? parseAsRoot()
            try command.run()
            RenderAhead.finish()
        } catch {
            RenderAhead.finish()
            let code = exitCode(for: error)
            // Help, the version and completion scripts, and our own exit codes (their message is
            // out already): as the library does them. Usage errors in the same form as all others.
            if code == .success || error is ExitCode { exit(withError: error) }
            FileHandle.standardError.write(Data("werkblad: fout: \(dutch(message(for: error)))\nZie 'werkblad --help' of 'werkblad OPDRACHT --help'.\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
