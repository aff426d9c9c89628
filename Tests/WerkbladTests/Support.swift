import Foundation
import Graphics
import LayoutEngine
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// Shared fixtures: one engine for the whole test run (fonts load once), used from one test at a time.
enum Fixture {
    static let resources = try! Resources.locate()
    private static let lock = NSLock()
    nonisolated(unsafe) private static let sharedEngine = try! Engine(resources: resources)

    /// Runs `body` with the shared engine; engines are not thread-safe, tests run in parallel.
    static func withEngine<T>(_ body: (Engine) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(sharedEngine)
    }

    static var defaultLayout: WerkbladLayout {
        get throws { try withEngine { try $0.layout("werkblad-a3") } }
    }

    static func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "werkblad-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The `werkblad` executable built beside the test bundle.
    static var executable: String {
        let exe = try! FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var dir = (exe as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/werkblad") && dir != "/" {
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dir + "/werkblad"
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program and collects its output.
@discardableResult
func run(_ program: String, _ arguments: [String], in directory: String? = nil,
         environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
    process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// The text of a PDF as poppler reads it, with whitespace runs made single spaces and
/// words broken at a line end with a hyphen joined again.
func pdfText(_ path: String, page: Int? = nil) throws -> String {
    var args = ["-raw", "-enc", "UTF-8"]
    if let page { args += ["-f", String(page), "-l", String(page)] }
    let raw = try run("pdftotext", args + [path, "-"]).stdout
    return normalizeText(raw)
}

func normalizeText(_ text: String) -> String {
    // A word broken at a soft hyphen comes out as "Uitvoerbaar\u{AD}\nheid": join it again.
    var s = text.replacingOccurrences(of: "\u{AD}\n", with: "").replacingOccurrences(of: "\u{AD}", with: "")
    s = s.replacingOccurrences(of: "-\n", with: "")
    return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// `pdffonts` rows: (name, embedded, subset).
func pdfFonts(_ path: String) throws -> [(name: String, embedded: Bool, subset: Bool)] {
    let lines = try run("pdffonts", [path]).stdout.split(separator: "\n").dropFirst(2)
    return lines.map { line in
        let cols = line.split(separator: " ", omittingEmptySubsequences: true)
        let n = cols.count
        return (String(cols[0]), cols[n - 5] == "yes", cols[n - 4] == "yes")
    }
}

func pdfPageSize(_ path: String) throws -> (Double, Double) {
    let info = try run("pdfinfo", [path]).stdout
    let line = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }!
    let nums = line.split(separator: " ").compactMap { Double($0) }
    return (nums[0], nums[1])
}

/// A page of a PDF as poppler rasterizes it: grey levels, row by row, at `dpi`.
struct GreyImage {
    var width: Int, height: Int, pixels: [UInt8]
    subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
    /// In a colour image (`pdfPage(colour: true)`): red, green and blue.
    func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * 3
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }
}

func pdfGreyPage(_ path: String, page: Int, dpi: Int, colour: Bool = false) throws -> GreyImage {
    let base = Fixture.temporaryDirectory() + "/page"
    _ = try run("pdftoppm", [colour ? "-png" : "-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, base]
                .filter { $0 != "-png" })
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + (colour ? ".ppm" : ".pgm"))))
    // Binary PGM or PPM: "P5" or "P6", width, height, maximum, each followed by whitespace, then the pixels.
    var fields: [Int] = [], i = 2
    while fields.count < 3 {
        while data[i] == 0x20 || data[i] == 0x0A { i += 1 }
        var n = 0
        while data[i] >= 0x30 && data[i] <= 0x39 { n = n * 10 + Int(data[i] - 0x30); i += 1 }
        fields.append(n)
    }
    i += 1
    return GreyImage(width: fields[0], height: fields[1], pixels: Array(data[i...]))
}

/// The commands' calls, for tests that drive the library: each composes one document kind and
/// writes it through the export pipeline.
extension Engine {
    func renderSession(_ path: String, to output: String, only: DocumentPart? = nil, archive: Bool = false) throws -> RenderReport {
        try Exporter(engine: self).write(SessionDocuments(session: LoadedSession(path: path), only: only), to: output,
                                         profile: archive ? .archive : .print)
    }

    func renderBlank(_ content: WerkbladContent, layout: WerkbladLayout, to path: String) throws -> RenderReport {
        try Exporter(engine: self).write(BlankWerkblad(content: content, layout: layout), to: path)
    }

    func renderDiagram(_ kind: DiagramKind, session path: String?, to output: String, tiles: PosterSize? = nil) throws -> RenderReport {
        try Exporter(engine: self).write(DiagramDocument(kind: kind, session: path.map { try LoadedSession(path: $0) }, tiles: tiles), to: output)
    }

    func renderGuide(_ kind: GuideKind, session path: String?, to output: String) throws -> RenderReport {
        try Exporter(engine: self).write(GuideDocument(kind: kind, session: path.map { try LoadedSession(path: $0) }), to: output)
    }

    func renderHandouts(session path: String, to directory: String) throws -> RenderReport {
        try Exporter(engine: self).writeHandouts(Handouts(session: LoadedSession(path: path)), to: directory)
    }
}
