/// A text value of the session file: paragraphs (a string, blank lines between paragraphs)
/// or bullets (a list of strings). Always plain text, never markup.
public struct SessionText: Sendable, Hashable {
    public enum Form: Sendable, Hashable { case paragraphs, bullets }

    public var form: Form
    public var parts: [String]
    public var position: SourcePosition

    /// The text as it is set: paragraphs separated by a blank line, bullets one per line.
    public var rendered: String {
        switch form {
        case .paragraphs: return parts.joined(separator: "\n\n")
        case .bullets: return parts.map { "•\u{00A0}" + $0 }.joined(separator: "\n")
        }
    }

    public var isEmpty: Bool { parts.allSatisfy { $0.isEmpty } }
}

/// A name with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var position: SourcePosition
}

public enum ReportingRule: String, Sendable, Hashable, CaseIterable { case chatham, namen }
public enum SessionForm: String, Sendable, Hashable, CaseIterable { case fysiek, online }
public enum Invalshoek: String, Sendable, Hashable, CaseIterable { case relaties, rechten, financien, ethiek }

/// One dilemmagesprek as described by a session file (contract version 1).
public struct Session: Sendable, Hashable {
    public struct Info: Sendable, Hashable {
        public var titel: String?
        /// `YYYY-MM-DD`, checked to be a real date.
        public var datum: String?
        /// `HH:MM`.
        public var tijd: String?
        public var duur: Int?
        public var locatie: String?
        public var vorm: SessionForm?
        public var gespreksleider: String?
        public var dilemmaEigenaar: String?
        public var deelnemers: [Located<String>] = []
        public var verslaglegging: ReportingRule = .chatham
        public var aanleiding: SessionText?
        public var doel: SessionText?
    }

    public struct Player: Sendable, Hashable {
        public var naam: String?
        public var standpuntenEnEmoties: SessionText?
        public var belangenEnWaarden: SessionText?
        public var rechtenEnVoorkeuren: SessionText?
    }

    public struct Values: Sendable, Hashable {
        public var inhoud: [String] = []
        public var procesEnRelatie: [String] = []
        public var mensEnProfessional: [String] = []
        /// Pairs of values that pull against each other (an extension of the format).
        public var spanningen: [Pair] = []
        public var isEmpty: Bool { inhoud.isEmpty && procesEnRelatie.isEmpty && mensEnProfessional.isEmpty }
        /// Every value, layer by layer.
        public var all: [String] { inhoud + procesEnRelatie + mensEnProfessional }
        /// The values of each layer, in the order of the method.
        public var layers: [[String]] { [inhoud, procesEnRelatie, mensEnProfessional] }

        public struct Pair: Sendable, Hashable {
            public var first: String
            public var second: String
        }
    }

    public struct Tension: Sendable, Hashable {
        public var deelnemer: Located<String>
        public var waarde: Double
    }

    public struct CommonGround: Sendable, Hashable {
        public var waarden: [String] = []
        public var spanning: [Tension] = []
        public var versterking: SessionText?
        public var commonGround: SessionText?
    }

    public struct ActionIdea: Sendable, Hashable {
        public var tekst: String
        public var positie: Double
        public var door: Located<String>?
        public var position: SourcePosition
    }

    public struct ActionRange: Sendable, Hashable {
        public var grenzen: (low: Double, high: Double)?
        public var opties: [ActionIdea] = []

        public static func == (a: ActionRange, b: ActionRange) -> Bool {
            a.grenzen?.low == b.grenzen?.low && a.grenzen?.high == b.grenzen?.high && a.opties == b.opties
        }

        public func hash(into h: inout Hasher) {
            h.combine(grenzen?.low); h.combine(grenzen?.high); h.combine(opties)
        }
    }

    public struct Option: Sendable, Hashable {
        public var titel: String?
        public var voordelen: SessionText?
        public var nadelen: SessionText?
    }

    public var file: String
    public var versie = 1
    public var taal: Language = .nl
    public var layout: Located<String>?
    public var sessie = Info()
    // kennismaken
    public var dilemma: SessionText?
    public var waaromNu: SessionText?
    public var kaders: SessionText?
    // verkennen
    public var spelers: [Player] = []
    public var waarden = Values()
    public var invalshoeken: [Invalshoek] = []
    public var gedeeldeVraag: SessionText?
    // afwegen
    public var commonGround: CommonGround?
    public var handelingsperspectieven: ActionRange?
    public var opties: [Option] = []
    public var conclusie: SessionText?
    // kiezen
    public var keuze: SessionText?
    public var watHeeftWieNodig: SessionText?
    public var hoeNuVerder: SessionText?
    // afronding
    public var tevreden: SessionText?
    public var samenvatting: SessionText?

    public init(file: String) { self.file = file }

    /// Whether names of participants may be printed in documents for the archive.
    public var namesAllowed: Bool { sessie.verslaglegging == .namen }

    /// What a document shows where the Chatham House Rule hides a name.
    public static let hiddenName = LocalizedText(nl: "niet vermeld (Chatham House Rule)", en: "not recorded (Chatham House Rule)")

    /// The texts of the common-ground exercise, as fields of their own (the registry's access).
    public var versterking: SessionText? {
        get { commonGround?.versterking }
        set { if commonGround != nil || newValue != nil { commonGround = commonGround ?? CommonGround(); commonGround!.versterking = newValue } }
    }

    public var commonGroundText: SessionText? {
        get { commonGround?.commonGround }
        set { if commonGround != nil || newValue != nil { commonGround = commonGround ?? CommonGround(); commonGround!.commonGround = newValue } }
    }
}
