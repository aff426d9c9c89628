import ArgumentParser
import Foundation
import Export
import SessionModel
import WerkbladDocuments

/// A choice among fixed words on the command line (`--alleen werkblad`): the cases' raw values,
/// listed here rather than by the library's generic defaults for CaseIterable types, whose type
/// look-ups cost a cold run about a million instructions for each such option.
protocol CommandLineChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CommandLineChoice {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    // The library lists a description only where it differs from the value: never, here.
    public static var allValueDescriptions: [String: String] { [:] }
}

enum LanguageArgument: String, CommandLineChoice {
    case nl, en
    var language: Language { self == .nl ? .nl : .en }
}

/// Prints the error in Dutch on standard error and exits non-zero.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as Diagnostic {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as DocumentError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch let error as FileOutputFailure {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    } catch {
        FileHandle.standardError.write(Data("werkblad: fout: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

func printWarnings(_ warnings: [Diagnostic]) {
    for w in warnings {
        // Data(bytes:count:), not Data(String.utf8): the generic initializer asks the runtime
        // whether the view is ContiguousBytes, a conformance scan on a cold run.
        var line = "\(w)\n"
        line.withUTF8 { FileHandle.standardError.write(Data(bytes: $0.baseAddress!, count: $0.count)) }
    }
}

/// Runs a command that writes documents: one engine, then the warnings on standard error
/// and the paths written on standard output.
func rendering(dpi: Double = 150, _ body: (Exporter) throws -> RenderReport) throws {
    try rendering(dpi: dpi, reading: {}) { exporter, _ in try body(exporter) }
}

/// The same, with what `reading` reads (the session file) first: an error in it is reported
/// before anything about the engine.
func rendering<Input>(dpi: Double = 150, reading: () throws -> Input, _ body: (Exporter, Input) throws -> RenderReport) throws {
    try reportingErrors {
        let input = try reading()
        let exporter = Exporter(engine: try RenderAhead.takeEngine())
        // Kept until the process ends: taking Pango's, fontconfig's and cairo's objects apart one
        // by one just before exit is work the kernel does at once (about 1.2 million instructions).
        processLifetime.append(exporter)
        exporter.dpi = dpi
        let report = try body(exporter, input)
        printWarnings(report.warnings)
        for path in report.written { print(path) }
    }
}

/// Objects a command uses until the process ends (see `rendering`); never emptied.
nonisolated(unsafe) private var processLifetime: [AnyObject] = []

/// A session file named on the command line, read with its warnings.
func loadSession(_ path: String?) throws -> LoadedSession? {
    try path.map { try LoadedSession(path: $0) }
}

/// `--dpi`, shared by every command that can write PNG.
struct ResolutionOption: ParsableArguments {
    @Option(help: ArgumentHelp("Resolutie van PNG-uitvoer (36–1200).", valueName: "dpi"))
    var dpi = 150.0

    func validate() throws {
        // NaN and infinity are outside every range: `contains` is false for them.
        guard dpi.isFinite, (36...1200).contains(dpi) else { throw ValidationError("--dpi moet een getal tussen 36 en 1200 zijn, niet \(dpi)") }
    }
}

/// `--archief`, shared by every command that writes a document.
struct ArchiveOption: ParsableArguments {
    @Flag(help: "Archiefversie: PDF/A-2u en PDF/UA-1 (getagd, toegankelijk) in één bestand.")
    var archief = false

    var profile: OutputProfile { archief ? .archive : .print }

    /// The archive version is a PDF.
    func check(_ output: String) throws {
        if archief, (output as NSString).pathExtension.lowercased() != "pdf" {
            throw ValidationError("--archief maakt een PDF; gebruik een uitvoerbestand op .pdf")
        }
    }
}

/// What a render needs besides its command line, made on the second core while the first parses
/// it (swift-argument-parser's reflection: about 11 million instructions, a third of a cold run's
/// time before the first page is composed): the engine (fonts, hyphenation, the default layout
/// read), and the session file when the command line names one that can be told without parsing
/// it. Each is used afterwards by the thread that takes it alone.
enum RenderAhead {
    /// The engine, handed from the thread that made it to the one that takes it, and the loading of its hyphenation dictionary (which touches only the thread-safe loader).
    private struct EngineHandover: @unchecked Sendable {
        let engine: Engine
        let loadHyphenation: @Sendable () -> Void
    }

    /// Never released: the engine's C objects are taken apart by the kernel at exit, not by a
    /// last release on whichever thread comes last (see `rendering`). `finish` waits for it.
    nonisolated(unsafe) private static var engine: InBackground<EngineHandover>?
    /// nil until decided (once, by `takeEngine` or `finish`, before `decided` is signalled):
    /// whether the engine was taken. The dictionary is loaded only for a render that goes ahead.
    nonisolated(unsafe) private static var taken: Bool?
    private static let decided = DispatchSemaphore(value: 0)
    nonisolated(unsafe) private static var session: (path: String, loading: InBackground<LoadedSession>)?

    /// Starts both for `arguments` (those after `render`); called by `main` before any other thread of werkblad's.
    static func start(_ arguments: ArraySlice<String>) {
        Engine.prepareProcess()
        // Once the engine is taken, its thread loads the Dutch hyphenation dictionary (from its
        // cache, about 2.4 million instructions) while the other composes: most werkbladen break
        // a word somewhere, and composing then finds it loaded (or waits for the rest of the load).
        // A command line that is wrong or asks for help takes nothing, and nothing is loaded.
        engine = InBackground({
            let engine = try Engine(resources: Resources.locate())
            engine.readAhead(layoutOverride: nil, part: .werkblad)
            return EngineHandover(engine: engine, loadHyphenation: engine.hyphenationLoading(.nl))
        }, afterwards: { made in
            decided.wait()
            if taken == true { made.loadHyphenation() }
        })
        if let path = sessionCandidate(arguments) {
            session = (path, InBackground { try LoadedSession(path: path) })
        }
    }

    /// The session file, when exactly one argument names a regular file ending in .yaml, .yml or
    /// .json (a second one, a layout say, and nothing is read ahead). Only a guess: `takeSession`
    /// hands it out only for the path the parsed command line names.
    static func sessionCandidate(_ arguments: ArraySlice<String>) -> String? {
        var found: String?
        for argument in arguments where !argument.hasPrefix("-") {
            let lower = argument.lowercased()
            guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { continue }
            var st = stat()
            guard stat(argument, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            if found != nil { return nil }
            found = argument
        }
        return found
    }

    /// The engine set up ahead (waiting for it), else a new one.
    static func takeEngine() throws -> Engine {
        guard let ahead = engine, taken == nil else { return try Engine(resources: Resources.locate()) }
        decide(taken: true)
        return try ahead.value().engine
    }

    /// The session at `path` read ahead (waiting for it, its error if it had one), else read now.
    static func takeSession(_ path: String) throws -> LoadedSession {
        guard let ahead = session, ahead.path == path else { return try LoadedSession(path: path) }
        session = nil
        return try ahead.loading.value()
    }

    /// Waits for whatever was not taken (the command line held a mistake or asked for help): the
    /// process does not exit while another thread is inside Pango, fontconfig or the file system.
    static func finish() {
        if engine != nil, taken == nil { decide(taken: false) }
        engine?.waitUntilFinished()
        session?.loading.waitUntilFinished()
    }

    private static func decide(taken value: Bool) {
        taken = value
        decided.signal()
    }
}

/// A value made on a thread of its own while the caller goes on (`RenderAhead`'s engine and
/// session file, made while the command line is parsed); `value` waits for it.
final class InBackground<T: Sendable>: @unchecked Sendable {
    // Written once by the thread before `done` is signalled, read only after waiting for it.
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// `afterwards` runs on the same thread once the value is ready, before the thread finishes
    /// (only when `work` succeeded): work that whoever takes the value need not wait for.
    init(_ work: @escaping @Sendable () throws -> T, afterwards: (@Sendable (T) -> Void)? = nil) {
        Thread { [self] in
            let made = Result { try work() }
            result = made
            done.signal()
            if let afterwards, case .success(let value) = made { afterwards(value) }
            finished.signal()
        }.start()
    }

    /// Waits until the thread has done everything, `afterwards` too.
    func waitUntilFinished() {
        finished.wait()
        finished.signal()
    }

    func value() throws -> T {
        done.wait()
        done.signal()   // a second call returns at once
        return try result!.get()
    }
}
