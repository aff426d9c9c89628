import SessionModel
import Graphics

/// What goes on a werkblad: blank (counts only) or filled from a session.
public struct WerkbladContent: Sendable, Hashable {
    /// The facts in the header; nil values leave a line to write on.
    public struct Facts: Sendable, Hashable {
        public var title: String?
        public var date: String?
        public var time: String?
        public var place: String?
        public var leader: String?
        public var owner: String?

        public init(title: String? = nil, date: String? = nil, time: String? = nil, place: String? = nil,
                    leader: String? = nil, owner: String? = nil) {
            self.title = title; self.date = date; self.time = time; self.place = place
            self.leader = leader; self.owner = owner
        }
    }

    public var language: Language
    public var players: Int
    public var options: Int
    public var facts: Facts
    /// Player names and option titles shown under "Speler A" / "Optie 1", by index.
    public var playerNames: [String?]
    public var optionTitles: [String?]
    /// Box texts by session field (`kennismaken.dilemma`).
    public var fields: [String: String]
    /// Table cells by row field (`voordelen`), one entry per column.
    public var cells: [String: [String?]]
    /// Faint writing lines in empty boxes.
    public var guideLines: Bool
    /// A line at the foot of the page, e.g. the reporting rule.
    public var footnote: String?
    /// A fillable PDF: every header fact, player and option name, text field and table cell is a
    /// form field, the boxes sized as on the blank werkblad; no vervolgbladen.
    public var fillable = false
    /// What the form's fields hold, by form name (`FieldRegistry.formName`): the session's own
    /// values (an ISO date, a start time), not their printed form.
    public var formValues: [String: String] = [:]

    public init(language: Language = .nl, players: Int = 3, options: Int = 2, facts: Facts = Facts(),
                playerNames: [String?] = [], optionTitles: [String?] = [], fields: [String: String] = [:],
                cells: [String: [String?]] = [:], guideLines: Bool = false, footnote: String? = nil) {
        self.language = language; self.players = players; self.options = options; self.facts = facts
        self.playerNames = playerNames; self.optionTitles = optionTitles; self.fields = fields
        self.cells = cells; self.guideLines = guideLines; self.footnote = footnote
    }

    public static let playerRange = 1...8
    public static let optionRange = 1...6
}

/// Text that did not fit its box even at the minimum size: it goes on a vervolgblad.
public struct Overflow: Sendable, Hashable {
    /// Where it comes from, e.g. "2. Verkennen › Speler A › Standpunten en emoties".
    public var source: String
    public var text: String
    /// The content key: a field (`kennismaken.dilemma`) or a table cell (`voordelen#0`).
    public var key: String?
    /// The size the text was set at, when it was shrunk.
    public var fontSize: Length?

    public init(source: String, text: String, key: String? = nil, fontSize: Length? = nil) {
        self.source = source; self.text = text; self.key = key; self.fontSize = fontSize
    }
}
