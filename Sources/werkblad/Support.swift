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

/// The same, with what `reading` reads (the session file) before the engine is taken: while it
/// reads, the engine set up ahead (`EngineAhead`) still loads fonts.
func rendering<Input>(dpi: Double = 150, reading: () throws -> Input, _ body: (Exporter, Input) throws -> RenderReport) throws {
    try reportingErrors {
        let input = try reading()
        let exporter = Exporter(engine: try EngineAhead.take())
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

/// The engine of a render, set up on the second core while the first parses the command line
/// (swift-argument-parser's reflection, about 11 million instructions in a cold run) and reads the
/// session file: fonts and hyphenation found, the default layout read, then its fonts loaded
/// (`Engine.warmUp`) until the engine is taken. From then on only the taking thread uses it.
enum EngineAhead {
    /// An engine handed from the thread that made it to the one that takes it (`InBackground.value`).
    private struct Handover: @unchecked Sendable { let engine: Engine }

    nonisolated(unsafe) private static var ahead: InBackground<Handover>?
    /// Signalled when the engine is wanted: the warm-up stops before its next font.
    private static let wanted = DispatchSemaphore(value: 0)

    /// Starts setting up the engine; called by `main` before any other thread of werkblad's.
    static func start() {
        Engine.prepareProcess()
        ahead = InBackground {
            let engine = try Engine(resources: Resources.locate())
            engine.warmUp(until: { wanted.wait(timeout: .now()) == .success })
            return Handover(engine: engine)
        }
    }

    /// The engine set up ahead (stopping its warm-up and waiting for it), else a new one.
    static func take() throws -> Engine {
        guard let ahead else { return try Engine(resources: Resources.locate()) }
        Self.ahead = nil
        wanted.signal()
        return try ahead.value().engine
    }

    /// Waits for an engine that was never taken (the command line held a mistake or asked for
    /// help): the process does not exit while the other thread is inside Pango or fontconfig.
    static func finish() {
        guard let ahead else { return }
        Self.ahead = nil
        wanted.signal()
        _ = try? ahead.value()
    }
}

/// A value made on a thread of its own while the caller goes on (a render reads its session file
/// on the second core while the first sets up the engine and reads the layout); `value` waits for it.
final class InBackground<T: Sendable>: @unchecked Sendable {
    // Written once by the thread before `done` is signalled, read only after waiting for it.
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread { [self] in
            result = Result { try work() }
            done.signal()
        }.start()
    }

    func value() throws -> T {
        done.wait()
        done.signal()   // a second call returns at once
        return try result!.get()
    }
}
