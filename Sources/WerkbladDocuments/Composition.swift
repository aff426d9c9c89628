import LayoutEngine
import SessionModel

/// What a document says about itself: the PDF's title, subject, keywords, author and date.
public struct DocumentMetadata: Sendable, Hashable {
    public var title: String
    public var subject: String
    public var keywords: [String]
    /// Decided once, under the Chatham House Rule, by `Session.archiveAuthor`.
    public var author: String?
    /// Local date and time of the conversation, `YYYY-MM-DDTHH:MM:SS` (Europe/Amsterdam).
    public var date: String
    public var language: Language

    public init(title: String, subject: String, keywords: [String], author: String? = nil, date: String, language: Language) {
        self.title = title; self.subject = subject; self.keywords = keywords; self.author = author
        self.date = date; self.language = language
    }
}

/// A laid-out document: pages of frames, what is worth telling the user, what it says about
/// itself and every file it was made from. The export pipeline turns it into files.
public struct Composition: Sendable {
    public var pages: [Frame]
    public var notices: [Diagnostic]
    public var metadata: DocumentMetadata
    /// Every file read to make it (session, layouts, texts): what batch's up-to-date check compares.
    public var inputs: [String]

    public init(pages: [Frame], notices: [Diagnostic] = [], metadata: DocumentMetadata, inputs: [String] = []) {
        self.pages = pages; self.notices = notices; self.metadata = metadata; self.inputs = inputs
    }

    /// This document followed by `other` in one file (the metadata stays this one's).
    public mutating func append(_ other: Composition) {
        pages += other.pages
        notices += other.notices
        for file in other.inputs where !inputs.contains(file) { inputs.append(file) }
    }
}

/// One kind of document: turns its session, layout and options into a composition.
/// Adding a document means adding one type that conforms to this (see `Voorbereiding`).
public protocol DocumentKind {
    func compose(with engine: Engine) throws -> Composition
}

/// A session file read for a document, with its warnings; the engine remembers it as an input.
public struct LoadedSession: Sendable {
    public var session: Session
    public var warnings: [Diagnostic]

    public init(path: String) throws {
        (session, warnings) = try SessionParser(file: path).parse()
    }

    public init(session: Session, warnings: [Diagnostic] = []) { self.session = session; self.warnings = warnings }
}
