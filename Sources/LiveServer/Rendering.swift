import Foundation
import Export
import LiveSession
import SessionModel
import WerkbladDocuments

/// Where the live session is saved: a new file beside the one the server started from (which
/// keeps its comments), written whole and renamed into place, only when it reads back as a valid
/// session file.
struct AutosaveTarget: Sendable {
    /// The text the live state is written into, and its path (the input, or the autosave file when
    /// the server continues from it).
    var basis: (text: String, path: String)
    var path: String

    func yaml(_ state: LiveState) throws -> String { try state.sessionFile(basis: basis) }

    func save(_ state: LiveState) throws {
        let text = try yaml(state)
        // What `werkblad check` reads: the file must parse before it replaces the last good one.
        _ = try SessionParser(data: Data(text.utf8), file: path).parse()
        try writeFile(Data(text.utf8), to: path, durability: .durable)
    }
}

/// The documents of a live session, made by the one export pipeline: the preview PNG of the
/// werkblad and the downloads. One at a time (cairo, Pango and fontconfig objects stay in here).
actor PreviewRenderer {
    enum Download: String, CaseIterable, Sendable {
        case archive = "archief.pdf", diagrams = "diagrammen.pdf", form = "invulbaar.pdf", session = "sessie.yaml"
    }

    private let exporter: Exporter
    private let folder: String
    /// The session file's path, for relative layouts and for messages.
    private let sessionPath: String
    private(set) var preview: (revision: Int, png: Data)?

    init(resources: Resources, sessionPath: String) throws {
        exporter = Exporter(engine: try Engine(resources: resources))
        exporter.dpi = 72
        self.sessionPath = sessionPath
        folder = NSTemporaryDirectory() + "werkblad-serve-\(getpid())-\(Token.random().prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The live page's description: the session's werkblad layout and the diagrams' labels.
    func page(for session: Session) throws -> PageDescription {
        let engine = exporter.engine
        return PageDescription(layout: try engine.layout(for: session, override: nil), diagrams: try engine.diagramLayout(),
                               language: session.taal, chatham: !session.namesAllowed)
    }

    private func load(_ yaml: String) throws -> LoadedSession {
        let (session, warnings) = try SessionParser(data: Data(yaml.utf8), file: sessionPath).parse()
        return LoadedSession(session: session, warnings: warnings)
    }

    /// Renders the werkblad's first page for `revision`; false when it could not be made.
    func renderPreview(yaml: String, revision: Int) -> Bool {
        if let p = preview, p.revision >= revision { return false }
        do {
            var composition = try SessionDocuments(session: load(yaml), only: .werkblad).compose(with: exporter.engine)
            composition.pages = Array(composition.pages.prefix(1))
            let path = folder + "/voorbeeld.png"
            let report = try exporter.write(composition, to: path)
            guard let file = report.written.first, let data = FileManager.default.contents(atPath: file) else { return false }
            try? FileManager.default.removeItem(atPath: file)
            preview = (revision, data)
            return true
        } catch {
            Log.warning("voorbeeld niet gemaakt: \(Self.kind(of: error))")
            return false
        }
    }

    /// A download made from the session as it now stands.
    func document(_ kind: Download, yaml: String) throws -> Data {
        if kind == .session { return Data(yaml.utf8) }
        let session = try load(yaml)
        let path = folder + "/" + kind.rawValue
        let report: RenderReport
        switch kind {
        case .archive: report = try exporter.write(SessionDocuments(session: session), to: path, profile: .archive)
        case .diagrams:
            // In the method's order (2, 3a, 3b), those the session has data for.
            var all: Composition?
            for kind in DiagramKind.methodOrder where session.session.hasData(for: kind) {
                let c = try DiagramDocument(kind: kind, session: session).compose(with: exporter.engine)
                if all == nil { all = c } else { all!.append(c) }
            }
            guard let all else { throw ServeError.nothingToMake }
            report = try exporter.write(all, to: path)
        case .form: report = try exporter.write(SessionDocuments(session: session, only: .werkblad, fillable: true), to: path)
        case .session: fatalError("handled above")
        }
        defer { for f in report.written { try? FileManager.default.removeItem(atPath: f) } }
        guard let file = report.written.first, let data = FileManager.default.contents(atPath: file) else { throw ServeError.nothingToMake }
        return data
    }

    /// An error's kind for the operator's log, never the text it quotes from the session.
    static func kind(of error: Error) -> String {
        if let d = error as? Diagnostic { return "\(d.position.line.map { "regel \($0)" } ?? "het sessiebestand")" }
        return String(describing: type(of: error))
    }
}

public enum ServeError: Error, CustomStringConvertible {
    /// A download of diagrams for a session without their data.
    case nothingToMake
    /// The data folder has no `Web/index.html`.
    case noPage(String)

    public var description: String {
        switch self {
        case .nothingToMake: return "er is (nog) niets om te maken"
        case let .noPage(folder): return "de webpagina ontbreekt (\(folder)/index.html); installeer werkblad opnieuw"
        }
    }
}
