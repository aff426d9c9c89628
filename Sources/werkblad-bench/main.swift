// Renders many session files in one process and reports the time per document:
// the warm figure of the benchmark (bench/run.sh). Not a user command.
//
//   werkblad-bench DIR|FILE... -o OUTDIR
import Foundation
import Export
import Graphics
import SessionModel
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
func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

do {
    let clock = ContinuousClock()
    let setUp = clock.now
    let engine = try Engine(resources: Resources.locate())
    let exporter = Exporter(engine: engine)
    let setUpTime = clock.now - setUp
    if ProcessInfo.processInfo.environment["WERKBLAD_PHASES"] != nil {
        // One document, phase by phase, on stderr.
        let file = files[0]
        var t = clock.now
        func lap(_ name: String) {
            let now = clock.now
            FileHandle.standardError.write(Data(String(format: "%-8@ %6.2f ms\n", name as NSString, ms(now - t)).utf8))
            t = now
        }
        let (session, _) = try SessionParser(file: file).parse(); lap("parse")
        let layout = try engine.layout("werkblad-a3"); lap("layout")
        let content = session.werkbladContent().content
        let frames = engine.composeWerkblad(content, layout: layout).frames; lap("compose")
        let meta = DocumentMetadata(title: "t", subject: "s", keywords: [], date: "2026-01-01T00:00:00", language: .nl)
        try exporter.write(Composition(pages: frames, metadata: meta), to: outdir + "/phases.pdf"); lap("write")
        FileHandle.standardError.write(Data(String(format: "set-up   %6.2f ms\n", ms(setUpTime)).utf8))
        t = clock.now
        // As a run loads them: through the cache (filled by now), and without it.
        let cache = engine.resources.cache
        _ = try FontLibrary(directory: engine.resources.fonts, cacheDirectory: cache); lap("fonts")
        _ = try FontLibrary(directory: engine.resources.fonts); lap("fonts-uncached")
        _ = try Hyphenator(dictionaryPath: engine.resources.hyphenation(.nl), cacheDirectory: cache); lap("hyphen")
        _ = try Hyphenator(dictionaryPath: engine.resources.hyphenation(.nl)); lap("hyphen-uncached")
    }
    let start = clock.now
    for file in files {
        // The file's name without folder and extension, by plain string work (NSString's path
        // methods cost 30,000 instructions a document, timed here and not in the C program).
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let name = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
        try exporter.write(SessionDocuments(session: LoadedSession(path: file), only: .werkblad), to: outdir + "/" + name + ".pdf")
    }
    print(String(format: "per-doc-ms %.2f", ms(clock.now - start) / Double(files.count)))
} catch {
    FileHandle.standardError.write(Data("werkblad-bench: \(error)\n".utf8))
    exit(1)
}
