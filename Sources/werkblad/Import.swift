import ArgumentParser
import Foundation
import SessionModel
import WerkbladDocuments
import Export

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        _superCommandName: WerkbladCommand.name,
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
            // A layout the basis names by path is found beside the basis: the new file must be there too.
            if let basis, let layout = try? SessionParser(file: basis).parse().session.layout,
               layout.value.contains("/") || layout.value.hasSuffix(".yaml") || layout.value.hasSuffix(".yml") {
                let from = URL(fileURLWithPath: basis).deletingLastPathComponent().standardizedFileURL.path
                let to = URL(fileURLWithPath: output).deletingLastPathComponent().standardizedFileURL.path
                guard from == to else {
                    throw Diagnostic.error(layout.position, "het basisbestand noemt de layout '\(layout.value)', die naast het basisbestand staat; "
                                           + "schrijf het nieuwe sessiebestand in dezelfde map (\(from)); er is niets geschreven")
                }
            }
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
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw Diagnostic.error(SourcePosition(file: path), "de map \(url.deletingLastPathComponent().path) bestaat niet; er is niets geschreven")
    }
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp.yaml").path
    try writeFile(Data(yaml.utf8), to: tmp, durability: .durable)
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
    syncFolder(of: path)
}
