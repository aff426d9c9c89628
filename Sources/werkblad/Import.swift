import ArgumentParser
import Foundation
import SessionModel
import WerkbladDocuments
import Export

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Leest een ingevulde invulbare PDF (van 'blank --invulbaar' of 'render --invulbaar') terug als sessiebestand.")

    @Argument(help: ArgumentHelp("De ingevulde PDF.", valueName: "formulier"))
    var form: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Het sessiebestand dat ontstaat (.yaml).", valueName: "bestand"))
    var output: String

    @Option(help: ArgumentHelp("Sessiebestand waar het formulier uit gemaakt is: wat niet op het werkblad staat (deelnemers, post-its) blijft zoals daar.", valueName: "sessie"))
    var basis: String?

    func validate() throws {
        let ext = (output as NSString).pathExtension.lowercased()
        guard ext == "yaml" || ext == "yml" else { throw ValidationError("het uitvoerbestand moet op .yaml of .yml eindigen") }
    }

    func run() throws {
        try reportingErrors {
            let result = try FilledForm.session(pdf: form, basis: basis)
            printWarnings(result.notices)
            try writeSessionFile(result.yaml, to: output)
            print(output)
        }
    }
}

/// Writes a session file only when werkblad itself accepts it: a temporary file beside `path`,
/// parsed, then renamed into place; on an error nothing is left and `path` is untouched.
func writeSessionFile(_ yaml: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp.yaml").path
    try writeFile(Data(yaml.utf8), to: tmp)
    do {
        _ = try SessionParser(file: tmp).parse()
    } catch let d as Diagnostic {
        unlink(tmp)
        throw Diagnostic(d.severity, at: SourcePosition(file: path, line: d.position.line, column: d.position.column),
                         "het formulier geeft geen geldig sessiebestand: " + d.message)
    } catch {
        unlink(tmp)
        throw error
    }
    guard rename(tmp, path) == 0 else {
        unlink(tmp)
        throw Diagnostic.error(SourcePosition(file: path), "kan niet worden geschreven")
    }
}
