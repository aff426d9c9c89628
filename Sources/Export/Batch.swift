import Foundation
import Graphics
import LayoutEngine
import SessionModel
import WerkbladDocuments

/// One session file of a batch and where its outputs go.
public struct BatchJob: Sendable, Hashable {
    public var input: String
    /// The archive PDF.
    public var output: String
    /// The hand-outs folder, when asked for.
    public var handouts: String?
}

/// How one job ended.
public struct BatchResult: Sendable {
    public enum Outcome: Sendable { case done, upToDate, failed(Diagnostic) }
    public var job: BatchJob
    public var outcome: Outcome
    public var warnings: [Diagnostic]
}

/// Renders many session files into a folder: archive PDFs (and hand-outs), spread over
/// threads with one engine each, skipping sessions whose outputs are up to date.
public final class Batch: @unchecked Sendable {
    public let resources: Resources
    public let directory: String
    public let handouts: Bool
    /// `--streng`: a participant's name under the Chatham House Rule fails the session.
    public let strict: Bool
    /// A fingerprint of everything besides the input that decides the output.
    private let environmentKey: UInt64
    private let stamps: StampFile
    private let lock = NSLock()
    private var cancelled = false
    /// Shared by the workers, under `lock`.
    private var nextJob = 0
    private var finished: [BatchResult] = []
    /// Held (flock) while this batch writes in `directory`.
    private let lockFile: Int32

    deinit { close(lockFile) }

    /// Whether `cancel()` stopped the run before every job was handed out.
    public var wasCancelled: Bool { lock.withLock { cancelled } }

    public init(resources: Resources, directory: String, handouts: Bool, strict: Bool = false) throws {
        self.resources = resources; self.directory = directory; self.handouts = handouts; self.strict = strict
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            throw Diagnostic.error(SourcePosition(file: directory), exists && !isDirectory.boolValue
                                   ? "is een bestand, geen map; geef een map voor de uitvoer" : "de uitvoermap kan niet worden gemaakt")
        }
        // One batch per folder: a second one would remove the first one's temporary files and
        // race it for the same outputs. The lock goes with the process, also when it is killed.
        let lockPath = (directory as NSString).appendingPathComponent(".werkblad-batch.lock")
        lockFile = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockFile >= 0 else { throw Diagnostic.error(SourcePosition(file: directory), "kan de map niet vergrendelen: \(String(cString: strerror(errno)))") }
        guard flock(lockFile, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFile)
            throw Diagnostic.error(SourcePosition(file: directory),
                                   "een andere 'werkblad batch' schrijft al in deze map; wacht tot die klaar is of kies een andere map")
        }
        environmentKey = Self.environmentKey(resources, handouts: handouts, strict: strict)
        stamps = StampFile(path: (directory as NSString).appendingPathComponent(".werkblad-batch"))
        Self.removeStaleTemporaries(in: directory)
    }

    /// Session files in `inputs` (files, or folders searched recursively), each with its outputs;
    /// a folder's structure is mirrored below `directory`.
    public func jobs(_ inputs: [String]) throws -> [BatchJob] {
        var jobs: [BatchJob] = []
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw Diagnostic.error(SourcePosition(file: input), "bestaat niet")
            }
            if isDirectory.boolValue {
                let files = (fm.enumerator(atPath: input)?.allObjects as? [String] ?? [])
                    .filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }
                    .filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }.sorted()
                jobs += files.map { job((input as NSString).appendingPathComponent($0), relative: $0) }
            } else {
                jobs.append(job(input, relative: (input as NSString).lastPathComponent))
            }
        }
        var seen = Set<String>()
        for j in jobs where !seen.insert(j.output).inserted {
            throw Diagnostic.error(SourcePosition(file: j.input), "twee sessiebestanden zouden naar \(j.output) schrijven; geef ze verschillende namen")
        }
        return jobs
    }

    private func job(_ input: String, relative: String) -> BatchJob {
        let base = (directory as NSString).appendingPathComponent((relative as NSString).deletingPathExtension)
        return BatchJob(input: input, output: base + ".pdf", handouts: handouts ? base + "-hand-outs" : nil)
    }

    /// Stops handing out jobs; running ones finish, so no file is left half-written.
    public func cancel() { lock.withLock { cancelled = true } }

    /// Runs `jobs` on `workers` threads; `progress` is called (serialised) after each job.
    public func run(_ jobs: [BatchJob], workers: Int, progress: @escaping @Sendable (BatchResult, Int) -> Void) -> [BatchResult] {
        lock.withLock { nextJob = 0; finished = [] }
        let count = max(1, min(workers, jobs.count))
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            var engine: Exporter?
            while true {
                let index: Int? = lock.withLock {
                    guard !cancelled, nextJob < jobs.count else { return nil }
                    defer { nextJob += 1 }
                    return nextJob
                }
                guard let index else { break }
                let result = perform(jobs[index], engine: &engine)
                lock.withLock {
                    finished.append(result)
                    // The state after every session: a run that is killed loses nothing it finished.
                    stamps.save()
                    progress(result, finished.count)
                }
            }
        }
        stamps.save()
        return lock.withLock { finished }
    }

    private func perform(_ job: BatchJob, engine: inout Exporter?) -> BatchResult {
        if stamps.isCurrent(job, key: { inputKey($0) }) { return BatchResult(job: job, outcome: .upToDate, warnings: []) }
        do {
            if engine == nil { engine = Exporter(engine: try Engine(resources: resources)) }
            let exporter = engine!
            try FileManager.default.createDirectory(atPath: (job.output as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let loaded = try LoadedSession(path: job.input)
            let documents = try SessionDocuments(session: loaded, strict: strict).compose(with: exporter.engine)
            var report = try exporter.write(documents, to: job.output, profile: .archive)
            var inputs = documents.inputs
            var outputs = [job.output]
            if let folder = job.handouts {
                do {
                    let handouts = try exporter.writeHandouts(Handouts(session: LoadedSession(session: loaded.session)), to: folder,
                                                              profile: .archive)
                    report.warnings += handouts.warnings
                    outputs += handouts.written
                    // A participant no longer in the session: their old hand-out goes.
                    let made = Set(handouts.written.map { ($0 as NSString).lastPathComponent })
                    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".pdf") && !made.contains(name) {
                        try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
                    }
                    inputs += [try exporter.engine.guideText(.deelnemer).source]
                } catch DocumentError.noParticipants {
                    report.warnings.append(.warning(SourcePosition(file: job.input),
                                                    "geen hand-outs: het sessiebestand noemt geen deelnemers (sessie.deelnemers)"))
                }
            }
            // The files this output was made from, as the documents report them (the session's own
            // layout too, however the file names it): a later run compares their bytes.
            if let key = inputKey(inputs) { stamps.record(job, key: key, inputs: inputs, outputs: outputs) }
            return BatchResult(job: job, outcome: .done, warnings: report.warnings)
        } catch let d as Diagnostic {
            return BatchResult(job: job, outcome: .failed(d), warnings: [])
        } catch DocumentError.participantNames(let places) {
            var first = Diagnostic.error(places[0].position, places[0].message + (places.count > 1 ? " (en op \(places.count - 1) andere plaatsen)" : "")
                                         + "; --streng: niets geschreven")
            first.code = .participantName
            return BatchResult(job: job, outcome: .failed(first), warnings: [])
        } catch {
            return BatchResult(job: job, outcome: .failed(.error(SourcePosition(file: job.input), "\(error)")), warnings: [])
        }
    }

    // MARK: Up to date

    /// The bytes of `inputs` (the session file and what it was made from) with the environment's fingerprint.
    func inputKey(_ inputs: [String]) -> UInt64? {
        var hash = FNV1a(seed: environmentKey)
        for path in inputs {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            hash.add(Data(path.utf8))
            hash.add(data)
        }
        return hash.value
    }

    /// Tool version and the bytes of every file in Layouts/, Fonts/ and Hyphenation/, and the colour profile.
    static func environmentKey(_ resources: Resources, handouts: Bool, strict: Bool) -> UInt64 {
        var hash = FNV1a(seed: 0)
        hash.add(Data("werkblad \(WerkbladVersion.string) handouts=\(handouts) strict=\(strict)".utf8))
        let fm = FileManager.default
        for folder in ["Layouts", "Fonts", "Hyphenation"] {
            let dir = (resources.root as NSString).appendingPathComponent(folder)
            for name in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
                let path = (dir as NSString).appendingPathComponent(name)
                hash.add(Data(name.utf8))
                if let data = fm.contents(atPath: path) { hash.add(data) }
            }
        }
        if let icc = try? Resources.iccProfile() { hash.add(icc) }
        return hash.value
    }

    /// Temporary files a killed run may have left (`.name.pid.tmp`).
    static func removeStaleTemporaries(in directory: String) {
        let fm = FileManager.default
        for path in (fm.enumerator(atPath: directory)?.allObjects as? [String] ?? []) {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".tmp") { try? fm.removeItem(atPath: (directory as NSString).appendingPathComponent(path)) }
        }
    }
}

/// Which outputs were made from which inputs: output path → key, size and modification time,
/// so a replaced or deleted output is made again.
final class StampFile: @unchecked Sendable {
    struct Stamp: Codable {
        var key: UInt64; var size: UInt64; var modified: Double; var inputs: [String]?
        /// Every file the session made (the PDF, each hand-out), on the PDF's stamp.
        var outputs: [String]?
    }

    let path: String
    private var stamps: [String: Stamp]
    private let lock = NSLock()

    init(path: String) {
        self.path = path
        stamps = (FileManager.default.contents(atPath: path)).flatMap { try? JSONDecoder().decode([String: Stamp].self, from: $0) } ?? [:]
    }

    private func signature(_ file: String) -> (UInt64, Double)? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: file), let size = a[.size] as? UInt64,
              let date = a[.modificationDate] as? Date else { return nil }
        return (size, date.timeIntervalSince1970)
    }

    /// Whether every output of `job` is as the last run left it and made from inputs whose bytes
    /// (`key` of the recorded input list) have not changed.
    func isCurrent(_ job: BatchJob, key: ([String]) -> UInt64?) -> Bool {
        lock.withLock {
            guard let recorded = stamps[job.output], let inputs = recorded.inputs, inputs.first == job.input,
                  let current = key(inputs) else { return false }
            // (Asking for hand-outs or not changes the environment key, so the key covers that.)
            let outputs = recorded.outputs ?? [job.output]
            // Every file the session made must be there as it was left: a deleted hand-out is remade.
            return outputs.allSatisfy { file in
                guard let stamp = stamps[file], stamp.key == current, let (size, modified) = signature(file) else { return false }
                return stamp.size == size && stamp.modified == modified
            }
        }
    }

    func record(_ job: BatchJob, key: UInt64, inputs: [String], outputs: [String]) {
        lock.withLock {
            for file in outputs {
                guard let (size, modified) = signature(file) else { continue }
                stamps[file] = Stamp(key: key, size: size, modified: modified, inputs: inputs, outputs: file == job.output ? outputs : nil)
            }
        }
    }

    /// Written whole or not at all, after every finished session.
    func save() {
        lock.withLock {
            guard let data = try? JSONEncoder().encode(stamps) else { return }
            try? FileOutput.write(data, to: path, durability: .atomic)
        }
    }
}
