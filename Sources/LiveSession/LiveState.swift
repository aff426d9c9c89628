import Foundation
import SessionModel

/// Who does something in a live session: a name (from `sessie.deelnemers`, or the
/// gespreksleider) and the rights of the link they came in by.
public struct LiveActor: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable { case gespreksleider, deelnemer }
    public var name: String
    public var role: Role
    public init(name: String, role: Role) { self.name = name; self.role = role }
    public var leads: Bool { role == .gespreksleider }
}

/// The limits a live session holds every participant to; each refusal says which one.
public struct LiveLimits: Sendable, Hashable {
    /// Characters in one box or cell (a dense werkblad holds about 600 words in all).
    public var fieldText = 20_000
    /// Characters of a one-line field (a name, a title), as in a session file.
    public var lineText = 400
    public var postItText = 200
    public var postIts = 60
    /// Names in `sessie.deelnemers` (the advice is at most 8; a load test joins 50).
    public var participants = 64
    public init() {}
}

/// A post-it of the handelingsbandbreedte: an action idea at a place on the line from klein (0)
/// to groot (10).
public struct LivePostIt: Sendable, Hashable {
    public var id: Int
    public var text: String
    public var position: Double
    /// Who wrote it (a participant's name), if known.
    public var author: String?
}

/// The shared state of a session being edited by several people at once: every field the live
/// werkblad shows (by `FieldRegistry.formName`), the players and options, the participants, the
/// common-ground tensions and the handelingsbandbreedte. Every change is a command applied by an
/// actor; each accepted change raises `revision`. It knows nothing of networks or files: the
/// server sends what `apply` returns, and saves `sessionFile(basis:)`.
public struct LiveState: Sendable {
    public struct FieldValue: Sendable, Hashable {
        public var value: String
        /// The state's revision when it was last set; 0 for the file's own text.
        public var revision: Int
        public var by: String?
    }

    /// What an accepted command changed, for the server to tell the browsers.
    public enum Change: Sendable, Hashable {
        /// One field has a new value.
        case field(name: String, FieldValue)
        /// The field's previous text, written by someone else on a revision the writer had not
        /// seen, was replaced: the server tells its author, with the text.
        case overwritten(name: String, lost: FieldValue, by: String)
        /// Players, options or participants changed: everyone needs the whole state.
        case structure
        /// Tensions, values, post-its or bars changed.
        case exercises
        case closed
    }

    public let limits: LiveLimits
    public let language: Language
    /// Under the Chatham House Rule participants see "Deelnemer N" for others' tensions and post-its.
    public let chatham: Bool
    public let leader: String?
    public private(set) var fields: [String: FieldValue] = [:]
    public private(set) var players: Int
    public private(set) var options: Int
    public private(set) var participants: [String]
    /// The two values of the common-ground exercise.
    public private(set) var values: [String]
    /// Each participant's own tension, 0 (slid into each other) to 10 (far apart).
    public private(set) var tensions: [String: Double] = [:]
    public private(set) var postIts: [LivePostIt] = []
    public private(set) var bars: (low: Double, high: Double)?
    public private(set) var revision = 0
    public private(set) var closed = false
    private var nextPostIt = 1

    /// The fields of the live werkblad: what the werkblad prints, and the common-ground texts.
    public static let documents: Set<DocumentID> = [.werkblad, .commonGround]

    public init(session: Session, limits: LiveLimits = LiveLimits()) {
        self.limits = limits
        language = session.taal
        chatham = !session.namesAllowed
        leader = session.sessie.gespreksleider
        players = session.spelers.isEmpty ? 3 : session.spelers.count
        options = session.opties.isEmpty ? 2 : session.opties.count
        participants = session.sessie.deelnemers.map(\.value)
        for (name, value) in session.formValues(for: Self.documents, hidingNamesAs: nil) {
            fields[name] = FieldValue(value: value, revision: 0, by: nil)
        }
        let ground = session.commonGround
        values = ground?.waarden ?? []
        for t in ground?.spanning ?? [] { tensions[t.deelnemer.value] = t.waarde }
        if let range = session.handelingsperspectieven {
            bars = range.grenzen
            for idea in range.opties {
                postIts.append(LivePostIt(id: nextPostIt, text: idea.tekst, position: idea.positie, author: idea.door?.value))
                nextPostIt += 1
            }
        }
    }

    /// A command from a browser.
    public enum Command: Sendable, Hashable {
        case set(field: String, value: String, base: Int)
        case addPlayer, removePlayer(index: Int), addOption, removeOption(index: Int)
        /// The actor's own tension.
        case tension(Double)
        /// One of the two common-ground values (index 0 or 1).
        case value(index: Int, text: String)
        case addPostIt(text: String, position: Double)
        case movePostIt(id: Int, position: Double)
        case editPostIt(id: Int, text: String)
        case removePostIt(id: Int)
        case bars(low: Double, high: Double)
        case close
    }

    /// Why a command was refused; the text is for the person who sent it.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case closed
        case leaderOnly(what: String)
        case participantsOnly(what: String)
        case unknownField(String)
        case tooLong(field: String, limit: Int)
        case invalid(field: String, reason: String)
        case outOfRange(what: String, range: ClosedRange<Double>)
        case count(what: String, range: ClosedRange<Int>)
        case unknownPostIt(Int)
        case tooMany(what: String, limit: Int)

        public var description: String {
            switch self {
            case .closed: return "de gespreksleider heeft de sessie gesloten; er kan niets meer worden gewijzigd"
            case let .leaderOnly(what): return "alleen de gespreksleider kan \(what)"
            case let .participantsOnly(what): return "alleen deelnemers kunnen \(what); de gespreksleider begeleidt"
            case let .unknownField(name): return "onbekend veld ‘\(name)’"
            case let .tooLong(field, limit): return "de tekst van ‘\(field)’ is langer dan \(limit) tekens; er is niets gewijzigd"
            case let .invalid(_, reason): return reason
            case let .outOfRange(what, range): return "\(what) moet tussen \(Self.format(range.lowerBound)) en \(Self.format(range.upperBound)) liggen"
            case let .count(what, range): return "\(what): er kunnen er \(range.lowerBound) tot en met \(range.upperBound) zijn"
            case let .unknownPostIt(id): return "post-it \(id) bestaat niet (meer)"
            case let .tooMany(what, limit): return "er kunnen niet meer dan \(limit) \(what) zijn"
            }
        }

        static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
    }

    /// Applies a command; returns what changed (nothing when it changed nothing).
    public mutating func apply(_ command: Command, by actor: LiveActor) throws(Refusal) -> [Change] {
        guard !closed else { throw .closed }
        switch command {
        case let .set(name, value, base):
            guard let (field, index) = FieldRegistry.field(formName: name), Self.isLive(field) else {
                throw .unknownField(name)
            }
            if let index {
                let count = field.path.hasPrefix("verkennen.spelers") ? players : options
                guard index < count else { throw .unknownField(name) }
            }
            let limit = field.kind == .text ? limits.fieldText : limits.lineText
            guard value.count <= limit else { throw .tooLong(field: field.label[language], limit: limit) }
            if field.kind != .text, value.contains(where: \.isNewline) {
                throw .invalid(field: name, reason: "‘\(field.label[language])’ is één regel; een regeleinde kan er niet in")
            }
            if let reason = SessionEditor.problem(field, value: value, name: field.label[language]) {
                throw .invalid(field: name, reason: reason)
            }
            let previous = fields[name]
            guard previous?.value != value else { return [] }
            revision += 1
            let new = FieldValue(value: value, revision: revision, by: actor.name)
            fields[name] = new
            var changes: [Change] = [.field(name: name, new)]
            if let previous, base < previous.revision, let author = previous.by, author != actor.name, !previous.value.isEmpty {
                changes.append(.overwritten(name: name, lost: previous, by: actor.name))
            }
            return changes
        case .addPlayer, .addOption:
            let isPlayer = command == .addPlayer
            let (current, limit) = isPlayer ? (players, SessionParser.maxPlayers) : (options, SessionParser.maxOptions)
            guard current < limit else { throw .count(what: isPlayer ? "spelers" : "opties", range: 1...limit) }
            if isPlayer { players += 1 } else { options += 1 }
            revision += 1
            return [.structure]
        case let .removePlayer(index), let .removeOption(index):
            guard actor.leads else { throw .leaderOnly(what: "een kolom verwijderen") }
            let isPlayer: Bool = { if case .removePlayer = command { return true } else { return false } }()
            let count = isPlayer ? players : options
            let limit = isPlayer ? SessionParser.maxPlayers : SessionParser.maxOptions
            guard count > 1 else { throw .count(what: isPlayer ? "spelers" : "opties", range: 1...limit) }
            guard (0..<count).contains(index) else { throw .outOfRange(what: "de kolom", range: 1...Double(count)) }
            // The columns after it move one to the left, their texts with them.
            let list = isPlayer ? "verkennen.spelers[]" : "afwegen.opties[]"
            let columnFields = FieldRegistry.all.filter { $0.parent == list }
            for i in index..<count {
                for f in columnFields {
                    let name = FieldRegistry.formName(f.path, index: i)
                    let next = FieldRegistry.formName(f.path, index: i + 1)
                    fields[name] = i + 1 < count ? fields[next] : nil
                }
            }
            if isPlayer { players -= 1 } else { options -= 1 }
            revision += 1
            return [.structure]
        case let .tension(value):
            guard !actor.leads else { throw .participantsOnly(what: "een spanning geven") }
            guard (0...10).contains(value) else { throw .outOfRange(what: "de spanning", range: 0...10) }
            try join(actor.name)
            guard tensions[actor.name] != value else { return [] }
            tensions[actor.name] = value
            revision += 1
            return [.exercises]
        case let .value(index, text):
            guard (0...1).contains(index) else { throw .outOfRange(what: "de waarde", range: 1...2) }
            guard text.count <= limits.lineText, !text.contains(where: \.isNewline) else {
                throw .tooLong(field: "waarde \(index + 1)", limit: limits.lineText)
            }
            while values.count < 2 { values.append("") }
            values[index] = text
            revision += 1
            return [.exercises]
        case let .addPostIt(text, position):
            try checkPostIt(text)
            guard (0...10).contains(position) else { throw .outOfRange(what: "de plaats op de lijn", range: 0...10) }
            guard postIts.count < limits.postIts else { throw .tooMany(what: "post-its", limit: limits.postIts) }
            postIts.append(LivePostIt(id: nextPostIt, text: text.trimmingCharacters(in: .whitespaces), position: position,
                                      author: actor.leads ? nil : actor.name))
            nextPostIt += 1
            revision += 1
            return [.exercises]
        case let .movePostIt(id, position):
            guard (0...10).contains(position) else { throw .outOfRange(what: "de plaats op de lijn", range: 0...10) }
            guard let i = postIts.firstIndex(where: { $0.id == id }) else { throw .unknownPostIt(id) }
            postIts[i].position = position
            revision += 1
            return [.exercises]
        case let .editPostIt(id, text):
            try checkPostIt(text)
            guard let i = postIts.firstIndex(where: { $0.id == id }) else { throw .unknownPostIt(id) }
            guard actor.leads || postIts[i].author == actor.name else { throw .leaderOnly(what: "de post-it van een ander wijzigen") }
            postIts[i].text = text.trimmingCharacters(in: .whitespaces)
            revision += 1
            return [.exercises]
        case let .removePostIt(id):
            guard let i = postIts.firstIndex(where: { $0.id == id }) else { throw .unknownPostIt(id) }
            guard actor.leads else { throw .leaderOnly(what: "post-its weghalen") }
            postIts.remove(at: i)
            revision += 1
            return [.exercises]
        case let .bars(low, high):
            guard actor.leads else { throw .leaderOnly(what: "de blauwe balken verzetten") }
            guard (0...10).contains(low), (0...10).contains(high) else { throw .outOfRange(what: "een balk", range: 0...10) }
            guard low < high else { throw .invalid(field: "grenzen", reason: "de linker balk moet links van de rechter staan") }
            bars = (low, high)
            revision += 1
            return [.exercises]
        case .close:
            guard actor.leads else { throw .leaderOnly(what: "de sessie sluiten") }
            closed = true
            revision += 1
            return [.closed]
        }
    }

    /// Adds a participant who joins under a new name (to `sessie.deelnemers`); nothing for a known one.
    @discardableResult
    public mutating func join(_ name: String) throws(Refusal) -> Bool {
        guard !participants.contains(name), name != leader else { return false }
        guard participants.count < limits.participants else { throw .tooMany(what: "deelnemers", limit: limits.participants) }
        guard !name.isEmpty, name.count <= 80, !name.contains(where: { $0.isNewline }) else {
            throw .invalid(field: "naam", reason: "geef een naam van 1 tot 80 tekens, op één regel")
        }
        participants.append(name)
        revision += 1
        return true
    }

    private func checkPostIt(_ text: String) throws(Refusal) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw .invalid(field: "post-it", reason: "een post-it zonder tekst kan niet") }
        guard t.count <= limits.postItText else { throw .tooLong(field: "post-it", limit: limits.postItText) }
        guard !t.contains(where: \.isNewline) else { throw .invalid(field: "post-it", reason: "een post-it is één regel") }
    }

    /// Fields that are `.structured` in the registry but typed as they are in the live werkblad.
    /// A field the live werkblad shows and a person types: one of its documents' texts, or a typed fact.
    static func isLive(_ field: SessionField) -> Bool {
        !field.documents.isDisjoint(with: documents) && field.kind != .control
            && (field.access != .structured || structuredLive.contains(field.path))
    }

    static let structuredLive: Set<String> = [
        "sessie.titel", "sessie.datum", "sessie.tijd", "sessie.locatie", "sessie.gespreksleider", "sessie.dilemma-eigenaar",
        "verkennen.spelers[].naam", "afwegen.opties[].titel",
    ]

    /// What a viewer sees for a name: under the Chatham House Rule a participant sees others as
    /// "Deelnemer N" (their place in `sessie.deelnemers`); the gespreksleider sees names.
    public func shownName(_ name: String?, to viewer: LiveActor) -> String? {
        guard let name else { return nil }
        guard chatham, !viewer.leads, name != viewer.name else { return name }
        let n = (participants.firstIndex(of: name) ?? participants.count) + 1
        return (language == .nl ? "Deelnemer " : "Participant ") + String(n)
    }

    /// The session file for this state: the basis (the file the server started from) with every
    /// live field, the players and options, the participants and both exercises as they stand.
    /// It is what `werkblad check` reads.
    public func sessionFile(basis: (text: String, path: String)?) throws -> String {
        var editor = try SessionEditor(basis: basis)
        let here = SourcePosition(file: basis?.path ?? "live")
        editor.setStrings("sessie.deelnemers", participants)
        // Columns: exactly as many as the werkblad shows, unless that is the default with nothing in them.
        for (list, count, standard) in [("verkennen.spelers", players, 3), ("afwegen.opties", options, 2)] {
            let prefix = FieldRegistry.formName(list + "[]", index: 0).dropLast(1)
            let used = fields.contains { $0.key.hasPrefix(prefix) && !$0.value.value.isEmpty }
            editor.setItemCount(list, used || count != standard || editor.itemCount(list) > 0 ? count : 0)
        }
        for field in FieldRegistry.all where Self.isLive(field) {
            let isColumn = field.parent.hasSuffix("[]")
            let count = field.parent == "verkennen.spelers[]" ? players : options
            for index in isColumn ? Array(0..<count) : [-1] {
                let i = index < 0 ? nil : index
                let name = FieldRegistry.formName(field.path, index: i)
                try editor.set(field, index: i, value: fields[name]?.value ?? "", at: here, name: name)
            }
        }
        let cleanValues = values.map { $0.trimmingCharacters(in: .whitespaces) }
        editor.setStrings("afwegen.common-ground.waarden", cleanValues.allSatisfy(\.isEmpty) ? [] : cleanValues)
        editor.setTensions(participants.compactMap { p in tensions[p].map { (p, $0) } })
        editor.setActionRange(bars: bars, ideas: postIts.map { ($0.text, $0.position, $0.author) })
        for path in ["afwegen.common-ground", "afwegen.handelingsperspectieven", "afwegen", "verkennen", "kennismaken", "kiezen", "afronding"] {
            editor.removeIfEmpty(path)
        }
        return try editor.yaml()
    }
}
