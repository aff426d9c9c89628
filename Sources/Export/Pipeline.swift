import Foundation
import Graphics
import LayoutEngine
import SessionModel
import WerkbladDocuments

/// A file that could not be written whole (full disk, size limit): nothing was changed.
public typealias FileOutputFailure = FileOutput.Failure

/// How long a written file must last (see `FileOutput.Durability`).
public typealias Durability = FileOutput.Durability

/// Writes `data` to `path` whole or not at all (see `FileOutput`).
public func writeFile(_ data: Data, to path: String, permissions: mode_t = 0o644, durability: Durability) throws {
    try FileOutput.write(data, to: path, permissions: permissions, durability: durability)
}

/// Flushes the folder of `path` to the disk, after a file was renamed into it (where the system allows it).
public func syncFolder(of path: String) {
    FileOutput.syncFolder(of: path)
}

/// How a PDF is made: to print, or for the archive (PDF/A, tagged, with an output intent).
public enum OutputProfile: Sendable, Hashable {
    case print, archive
}

/// The outcome of writing documents: files written and everything worth telling the user.
public struct RenderReport: Sendable {
    public var written: [String]
    public var warnings: [Diagnostic]
    public var pages: Int

    public init(written: [String] = [], warnings: [Diagnostic] = [], pages: Int = 0) {
        self.written = written; self.warnings = warnings; self.pages = pages
    }
}

/// The one export pipeline: any composition to PDF, PNG or SVG (by the path's extension) under a
/// profile, written atomically. One per thread, beside its engine.
public final class Exporter {
    public let engine: Engine
    private let renderer: FrameRenderer
    private var iccProfile: Data?
    private var formFont: PDFFormFont?
    /// Resolution of PNG output.
    public var dpi: Double {
        get { renderer.dpi }
        set { renderer.dpi = newValue }
    }

    public init(engine: Engine) {
        self.engine = engine
        renderer = FrameRenderer(fonts: engine.fonts, store: engine.layouts)
    }

    /// Composes `document` and writes it to `path`.
    @discardableResult
    public func write(_ document: some DocumentKind, to path: String, profile: OutputProfile = .print) throws -> RenderReport {
        try write(try document.compose(with: engine), to: path, profile: profile)
    }

    /// Writes a composition to `path`; PNG and SVG get one file per page.
    @discardableResult
    public func write(_ composition: Composition, to path: String, profile: OutputProfile = .print) throws -> RenderReport {
        let m = composition.metadata
        let metadata = PDFMetadata(title: m.title, subject: m.subject, author: m.author, keywords: m.keywords.joined(separator: ", "),
                                   creator: "werkblad \(WerkbladVersion.string)", date: m.date)
        var archive: ArchiveSettings?
        if profile == .archive {
            if iccProfile == nil { iccProfile = try Resources.iccProfile() }
            archive = ArchiveSettings(language: m.language == .nl ? "nl-NL" : "en-GB", iccProfile: iccProfile!)
        }
        if formFont == nil, composition.pages.contains(where: \.hasFields) {
            let files = engine.resources.formFont
            do { formFont = try PDFFormFont(metrics: URL(fileURLWithPath: files.metrics), program: URL(fileURLWithPath: files.program)) }
            catch { throw RenderError.noFormFont }
        }
        let written = try renderer.write(composition.pages, to: path, metadata: metadata, archive: archive, formFont: formFont)
        return RenderReport(written: written, warnings: composition.notices, pages: composition.pages.count)
    }

    /// Every participant's hand-out in `directory`, and all of them in `alle-deelnemers.pdf`.
    public func writeHandouts(_ handouts: Handouts, to directory: String, profile: OutputProfile = .print) throws -> RenderReport {
        let documents = try handouts.compose(with: engine)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw DocumentError.notAFolder(path: directory)
        }
        var report = RenderReport()
        for (name, composition) in documents {
            let r = try write(composition, to: (directory as NSString).appendingPathComponent(name + ".pdf"), profile: profile)
            report.written += r.written
            if name == "alle-deelnemers" { report.warnings = r.warnings; report.pages = r.pages }
        }
        return report
    }
}
