import SessionModel
import Foundation
import Graphics
import Yams

/// An explanatory text from `Layouts/` (the toelichting documents): YAML front matter, then a
/// small, fixed subset of Markdown so an organisation can edit it without Swift:
/// `#`/`##`/`###` headings (`{#id}` names one), paragraphs, `-` bullets (indented two spaces
/// for a second level), `1.` numbered items, `*emphasis*`, `**strong**`, and directives alone
/// on a line (`{{tijdplan}}`) where the session's own data goes.
public struct GuideText: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case heading(level: Int, text: Inline, id: String?)
        case paragraph(Inline)
        case bullet(level: Int, Inline)
        case numbered(level: Int, number: Int, Inline)
        case directive(String, position: SourcePosition)
    }

    /// Text with emphasis; still holding placeholders such as `[X]`.
    public struct Inline: Sendable, Hashable {
        public var segments: [Segment]
        public struct Segment: Sendable, Hashable {
            public var text: String
            public var bold: Bool
            public var italic: Bool
        }

        /// Plain text and its spans after replacing placeholders in each segment.
        public func resolved(_ replace: (String) -> String) -> (text: String, spans: [TextSpan]) {
            var text = "", spans: [TextSpan] = []
            for s in segments {
                let part = replace(s.text)
                let start = text.utf8.count
                text += part
                if (s.bold || s.italic) && !part.isEmpty {
                    spans.append(TextSpan(start: start, end: text.utf8.count, bold: s.bold, italic: s.italic))
                }
            }
            return (text, spans)
        }
    }

    public var source: String
    /// The front matter's texts: titel, ondertitel, ...
    public var settings: [String: String]
    /// `tijdplan:` in the front matter: each step's heading id with its share of the duration, in order.
    public var timeShares: [TimeShare]
    public var elements: [Element]

    public struct TimeShare: Sendable, Hashable {
        public var id: String
        public var weight: Double
    }

    public static let directives = ["gegevens", "tijdplan", "spelers", "waarden", "gedeelde-vraag", "dilemma", "werkblad"]

    public func setting(_ key: String) -> String? { settings[key] }

    public static func load(path: String) throws -> GuideText {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic.error(SourcePosition(file: path), "kan het bestand niet lezen")
        }
        var lines = text.components(separatedBy: "\n")
        var settings: [String: String] = [:]
        var shares: [TimeShare] = []
        var offset = 0
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            let yaml = "\n" + lines[1..<end].joined(separator: "\n")   // keeps line numbers
            let reader = YAMLReader(file: path)
            if let node = try reader.parse(yaml) {
                for (key, _, value) in try reader.mapping(node, allowed: ["titel", "ondertitel", "tijdplan", "voor"], what: "de kop", depth: 0) {
                    if key == "tijdplan" {
                        for (id, _, w) in try reader.mapping(value, allowed: nil, what: "tijdplan", depth: 1) {
                            let weight = try reader.number(w, what: "tijdplan.\(id)")
                            guard weight > 0 else { throw reader.error(w, "tijdplan.\(id) moet groter dan 0 zijn") }
                            shares.append(TimeShare(id: id, weight: weight))
                        }
                    } else {
                        settings[key] = try reader.string(value, what: key)
                    }
                }
            }
            offset = end + 1
            lines = Array(lines[(end + 1)...])
        }
        var elements: [Element] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { elements.append(.paragraph(inline(paragraph.joined(separator: " ")))) }
            paragraph = []
        }
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let indent = raw.prefix { $0 == " " }.count
            let position = SourcePosition(file: path, line: offset + i + 1, column: indent + 1)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") {
                flush()
                let level = line.prefix { $0 == "#" }.count
                var title = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
                var id: String?
                if let open = title.range(of: "{#"), title.hasSuffix("}") {
                    id = String(title[open.upperBound..<title.index(before: title.endIndex)])
                    title = title[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
                }
                guard (1...3).contains(level) else { throw Diagnostic.error(position, "koppen gaan tot ### (niveau 3)") }
                elements.append(.heading(level: level, text: inline(title), id: id))
            } else if line.hasPrefix("{{") && line.hasSuffix("}}") {
                flush()
                let name = String(line.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("antwoord ") {
                    try checkAnswer(String(name.dropFirst("antwoord ".count)), at: position)
                    elements.append(.directive(name, position: position))
                    continue
                }
                guard directives.contains(name) else {
                    let hint = suggestion(for: name, among: directives).map { "; bedoelt u '{{\($0)}}'?" } ?? ""
                    throw Diagnostic.error(position, "onbekende invoeging '{{\(name)}}'\(hint)")
                }
                elements.append(.directive(name, position: position))
            } else if line.hasPrefix("- ") {
                flush()
                elements.append(.bullet(level: indent >= 2 ? 1 : 0, inline(String(line.dropFirst(2)))))
            } else if let dot = line.firstIndex(of: "."), let n = Int(line[..<dot]), line[line.index(after: dot)...].hasPrefix(" ") {
                flush()
                elements.append(.numbered(level: indent >= 2 ? 1 : 0, number: n,
                                          inline(line[line.index(dot, offsetBy: 2)...].trimmingCharacters(in: .whitespaces))))
            } else {
                paragraph.append(line)
            }
        }
        flush()
        let ids = Set(elements.compactMap { if case let .heading(_, _, id?) = $0 { return id } else { return nil } })
        if let missing = shares.first(where: { !ids.contains($0.id) }) {
            throw Diagnostic.error(SourcePosition(file: path), "tijdplan noemt '\(missing.id)', maar geen kop heeft {#\(missing.id)}")
        }
        return GuideText(source: path, settings: settings, timeShares: shares, elements: elements)
    }

    /// `{{antwoord PAD}}` names a field of the session format (its text, or room to write when it is
    /// empty); `{{antwoord vrij N}}` is N ruled lines (2–12).
    static func checkAnswer(_ argument: String, at position: SourcePosition) throws {
        if argument.hasPrefix("vrij ") {
            guard let n = Int(argument.dropFirst(5)), (2...12).contains(n) else {
                throw Diagnostic.error(position, "'{{antwoord vrij N}}' heeft een aantal lijnen van 2 tot 12")
            }
            return
        }
        let path = argument == "verkennen.spelers" ? "verkennen.spelers[].naam" : argument
        guard FieldRegistry.field(path) != nil else {
            let hint = FieldRegistry.suggestion(for: argument).map { "; bedoelt u '\($0)'?" } ?? ""
            throw Diagnostic.error(position, "'{{antwoord \(argument)}}' noemt geen veld van het sessiebestand\(hint)")
        }
    }

    /// `*em*` and `**strong**` into segments; other characters are text.
    static func inline(_ text: String) -> Inline {
        var segments: [Inline.Segment] = []
        var current = "", bold = false, italic = false
        var i = text.startIndex
        func push() {
            if !current.isEmpty { segments.append(.init(text: current, bold: bold, italic: italic)) }
            current = ""
        }
        while i < text.endIndex {
            if text[i] == "*" {
                let next = text.index(after: i)
                if next < text.endIndex, text[next] == "*" {
                    push(); bold.toggle(); i = text.index(after: next); continue
                }
                push(); italic.toggle(); i = next; continue
            }
            current.append(text[i])
            i = text.index(after: i)
        }
        push()
        return Inline(segments: segments)
    }
}
