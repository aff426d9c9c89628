// Renders many session files in one process and reports the time per document:
// the warm figure of the benchmark (bench/run.sh). Not a user command.
//
//   werkblad-bench DIR|FILE... -o OUTDIR
import Foundation
import WerkbladDocuments

var inputs: [String] = []
var outdir = "."
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    if arg == "-o", let dir = args.popFirst() { outdir = dir } else { inputs.append(arg) }
}
var files: [String] = []
for input in inputs {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
        files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { input + "/" + $0 }
    } else {
        files.append(input)
    }
}
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("gebruik: werkblad-bench MAP|BESTAND... -o UITVOERMAP\n".utf8))
    exit(2)
}
do {
    let engine = try Engine(resources: Resources.locate())
    let clock = ContinuousClock()
    let start = clock.now
    for file in files {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        _ = try engine.renderSession(file, to: outdir + "/" + name + ".pdf")
    }
    let elapsed = clock.now - start
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    print(String(format: "per-doc-ms %.2f", ms / Double(files.count)))
} catch {
    FileHandle.standardError.write(Data("werkblad-bench: \(error)\n".utf8))
    exit(1)
}
