import ArgumentParser
import Dispatch
import Foundation
import Export
import SessionModel
import WerkbladDocuments

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        _superCommandName: WerkbladCommand.name,
        abstract: "Maakt de archief-PDF's (en met --handouts de hand-outs) van veel sessiebestanden tegelijk.",
        discussion: """
        INVOER zijn sessiebestanden of mappen (die worden doorzocht op *.yaml, *.yml en *.json); de
        mapstructuur komt terug in de uitvoermap. Een fout bestand wordt gemeld en overgeslagen; de rest
        gaat door. Sessies waarvan de uitvoer al bij is (zelfde invoer, layout, lettertypen en versie)
        worden overgeslagen. Uitvoerstatus 1 als er iets mislukte.
        """)

    @Argument(help: ArgumentHelp("Sessiebestanden of mappen.", valueName: "invoer"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Uitvoermap.", valueName: "map"))
    var output: String

    @Option(name: .short, help: ArgumentHelp("Aantal tegelijk (standaard: alle processorkernen).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Maak ook de hand-outs per deelnemer (map NAAM-hand-outs naast de PDF).")
    var handouts = false

    @Flag(help: "Een naam van een deelnemer op een plek waar de Chatham House Rule die verbiedt, is een fout: voor die sessie wordt niets geschreven.")
    var streng = false

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("-j moet tussen 1 en 256 liggen") }
    }

    func run() throws {
        let start = Date()
        var results: [BatchResult] = []
        var total = 0
        try reportingErrors {
            let batch = try Batch(resources: Resources.locate(), directory: output, handouts: handouts, strict: streng)
            let work = try batch.jobs(inputs)
            let terminal = isatty(STDERR_FILENO) != 0
            // Ctrl-C: finish the files in progress, then stop; nothing is left half-written.
            signal(SIGINT, SIG_IGN)
            let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            interrupt.setEventHandler { batch.cancel() }
            interrupt.resume()
            total = work.count
            let count = work.count
            results = batch.run(work, workers: jobs) { result, done in
                report(result, done: done, total: count, terminal: terminal)
            }
            interrupt.cancel()
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
        // Ctrl-C: say what is left, and do not exit 0 while sessions were never made.
        let left = total - results.count
        let done = results.filter { if case .done = $0.outcome { return true } else { return false } }.count
        let current = results.filter { if case .upToDate = $0.outcome { return true } else { return false } }.count
        let failed = results.count - done - current
        let warnings = results.map(\.warnings.count).reduce(0, +)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(start)).replacingOccurrences(of: ".", with: ",")
        FileHandle.standardError.write(Data("\(results.count) sessies: \(done) gemaakt, \(current) al bij, \(failed) mislukt, \(warnings) waarschuwingen (\(seconds) s)\n".utf8))
        if left > 0 {
            FileHandle.standardError.write(Data("onderbroken: \(left) sessie(s) niet gemaakt; draai dezelfde opdracht opnieuw om verder te gaan (wat klaar is, blijft)\n".utf8))
            throw ExitCode(130)
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// A line per session (errors and warnings in full), or a progress bar on a terminal.
private func report(_ result: BatchResult, done: Int, total: Int, terminal: Bool) {
    var lines: [String] = []
    switch result.outcome {
    case .failed(let diagnostic): lines.append("\(diagnostic)")
    case .done: if !terminal { lines.append("gemaakt: \(result.job.output)") }
    case .upToDate: if !terminal { lines.append("al bij: \(result.job.output)") }
    }
    lines += result.warnings.map(\.description)
    var text = terminal && !lines.isEmpty ? "\r\u{1B}[K" : ""
    text += lines.map { $0 + "\n" }.joined()
    if terminal {
        let width = 30, filled = total == 0 ? width : width * done / total
        text += "\r[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] \(done)/\(total)"
    }
    FileHandle.standardError.write(Data(text.utf8))
}
