import ArgumentParser
import Foundation
import WerkbladDocuments

@main
struct WerkbladCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "werkblad",
        abstract: "Maakt de documenten van het dilemmagesprek ‘Als openbaarheid schuurt’: werkblad, toelichting en diagrammen.",
        version: WerkbladVersion.string,
        subcommands: [Render.self, Blank.self, Diagram.self, Toelichting.self, Handouts.self, VoorbereidingCommand.self, BatchCommand.self, Check.self, Init.self, Import.self]
    )

    static func main() {
        // Past a file-size limit the kernel would kill the process mid-write (SIGXFSZ); ignored,
        // the write fails with EFBIG instead and werkblad says so, leaving nothing behind.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
