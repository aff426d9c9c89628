import Foundation
import Yams

/// Limits that keep a hostile or mistaken input file from exhausting the machine.
public struct InputLimits: Sendable {
    public var maxBytes = 1 << 20
    public var maxFlowDepth = 64
    public var maxDepth = 32
    /// Nodes visited while reading, aliases counted at every use: bounds alias expansion.
    public var maxNodes = 200_000

    public init() {}
}

/// Reads a YAML (or JSON) file into nodes and answers typed questions about them,
/// every error carrying the file, line and column of the node it is about.
package final class YAMLReader {
    package let file: String
    package let limits: InputLimits
    package var warnings: [Diagnostic] = []
    private var visited = 0
    /// The text being read, for finding a word's own line and column inside a value.
    package private(set) var source = ""
    /// One-line values read (titles, places, names of players and options, post-its), with where
    /// they stand: the Chatham House check reads them beside the free texts.
    package var lineTexts: [(text: String, position: SourcePosition)] = []
    /// When set, an unknown key is recorded in `errors` and skipped instead of thrown, so that one
    /// reading reports every misspelt key of a file.
    package var collectsUnknownKeys = false
    package private(set) var errors: [Diagnostic] = []

    package init(file: String, limits: InputLimits = InputLimits()) {
        self.file = file
        self.limits = limits
    }

    /// Reads and parses the file. A file that is not there, too big, not UTF-8 or not YAML is an error.
    package func load() throws -> Node? {
        try load(InputFile.read(file, limit: limits.maxBytes))
    }

    /// Parses `data` as if read from the file: the UTF-8 and control-character check, then YAML.
    package func load(_ data: Data) throws -> Node? {
        try parse(InputFile.text(data, path: file))
    }

    /// Never changed after it is made (its tables are constants), so shared by every thread.
    nonisolated(unsafe) private static let constructor = Constructor.default

    package func parse(_ text: String) throws -> Node? {
        let text = Self.joiningSurrogateEscapes(text)
        source = text
        try checkFlowDepth(text)
        try checkKeys(text)
        do {
            // The constructor and encoding given: Yams builds its default constructor's tables and
            // reads the whole environment (for YAMS_DEFAULT_ENCODING) on every parser otherwise.
            return try Parser(yaml: text, resolver: .basic, constructor: Self.constructor, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw diagnostic(for: error)
        }
    }

    /// JSON writes a character beyond U+FFFF as two escapes, `\ud83d\ude00`; libyaml reads
    /// each half alone and refuses it. The pair becomes the character it stands for.
    static func joiningSurrogateEscapes(_ text: String) -> String {
        // A byte scan: Foundation's substring search costs about a million instructions a call.
        let escaped = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.indices.dropLast().contains { bytes[$0] == 0x5C && (bytes[$0 + 1] == 0x75 || bytes[$0 + 1] == 0x55) }
        } ?? true
        guard escaped else { return text }
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        func hex(_ at: Int) -> UInt32? {
            guard at + 6 <= chars.count, chars[at] == "\\", chars[at + 1] == "u" || chars[at + 1] == "U" else { return nil }
            return UInt32(String(String.UnicodeScalarView(chars[(at + 2)..<(at + 6)])), radix: 16)
        }
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                if let high = hex(i), (0xD800...0xDBFF).contains(high), let low = hex(i + 6), (0xDC00...0xDFFF).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                    out.append(scalar)
                    i += 12
                    continue
                }
                // Any other escape, an escaped backslash included, stays as it is.
                out.append(chars[i]); out.append(chars[i + 1])
                i += 2
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }

    /// The text's lines as libyaml counts them for its marks: CR LF, a lone CR, LF, U+2028 and
    /// U+2029 each end one. Split once, however many names are looked for.
    private lazy var sourceLines: SourceLines = SourceLines(source)

    /// The text's bytes and where each of its lines starts and ends in them.
    struct SourceLines {
        let bytes: [UInt8]
        let ranges: [Range<Int>]
        var count: Int { ranges.count }

        init(_ source: String) {
            // By UTF-8 bytes (splitting the String itself would break it into grapheme clusters
            // first): LF, CR, CR LF, U+2028 (E2 80 A8) and U+2029 (E2 80 A9) end a line.
            let bytes = Array(source.utf8)
            var ranges: [Range<Int>] = []
            var start = 0, i = 0
            while i < bytes.count {
                let b = bytes[i]
                var next = i + 1
                if b == 0xE2, next < bytes.count, bytes[next] == 0x80 {
                    guard next + 1 < bytes.count, bytes[next + 1] == 0xA8 || bytes[next + 1] == 0xA9 else { i = next; continue }
                    next += 2
                } else if b != 0x0A && b != 0x0D {
                    i = next; continue
                }
                ranges.append(start..<i)
                if b == 0x0D, next < bytes.count, bytes[next] == 0x0A { next += 1 }
                i = next
                start = i
            }
            ranges.append(start..<bytes.count)
            self.bytes = bytes
            self.ranges = ranges
        }

        /// Line `index` (from 0) as text; its bytes are whole characters.
        subscript(index: Int) -> String { String(decoding: bytes[ranges[index]], as: UTF8.self) }
    }

    /// Where `word` (a whole word, any case) first stands at or after `start` in the file, or
    /// `start` when it cannot be found (a folded value may join its lines differently).
    package func locate(_ word: String, from start: SourcePosition) -> SourcePosition {
        let lines = sourceLines
        guard let startLine = start.line, startLine - 1 < lines.count else { return start }
        // An ASCII line is searched byte by byte for the folded name (the same match as below,
        // where the name folds to ASCII); other lines by Foundation's case- and accent-blind search.
        let folded = SessionParser.foldedBytes(word)
        let asciiName = !folded.isEmpty && folded.allSatisfy { $0 < 0x80 }
        lazy var dotless = word.replacingOccurrences(of: "ı", with: "i")
        for index in (startLine - 1)..<min(lines.count, startLine - 1 + 2000) where index >= 0 {
            let skip = index == startLine - 1 ? max((start.column ?? 1) - 1, 0) : 0
            if asciiName, let hit = Self.asciiWordColumn(folded, in: lines.bytes[lines.ranges[index]], from: skip) {
                if let column = hit { return SourcePosition(file: file, line: index + 1, column: column) }
                continue
            }
            let line = lines[index]
            let from = line.index(line.startIndex, offsetBy: min(skip, line.count))
            var range = from..<line.endIndex
            while let r = line.range(of: dotless, options: [.caseInsensitive, .diacriticInsensitive], range: range)
                    ?? line.range(of: word, options: [.caseInsensitive, .diacriticInsensitive], range: range) {
                let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
                let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
                if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) {
                    return SourcePosition(file: file, line: index + 1, column: line.distance(from: line.startIndex, to: r.lowerBound) + 1)
                }
                range = r.upperBound..<line.endIndex
            }
        }
        return start
    }

    /// In an ASCII line: the column (from 1) of the first match of `name` (folded, ASCII) at or
    /// after byte `from`, whatever its case, that no letter touches; after a match that one
    /// touches, the search goes on behind it, as Foundation's does. `.some(nil)`: no match;
    /// nil: the line is not ASCII.
    static func asciiWordColumn(_ name: [UInt8], in line: ArraySlice<UInt8>, from: Int) -> Int?? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.count)
        for b in line {
            if b >= 0x80 { return nil }
            bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
        func isLetter(_ i: Int) -> Bool { bytes[i] >= 0x61 && bytes[i] <= 0x7A }
        var i = from
        while i + name.count <= bytes.count {
            guard bytes[i] == name[0], bytes[i..<(i + name.count)].elementsEqual(name) else { i += 1; continue }
            let end = i + name.count
            if (i == 0 || !isLetter(i - 1)) && (end == bytes.count || !isLetter(end)) { return .some(i + 1) }
            i = end
        }
        return .some(nil)
    }

    package func position(_ node: Node?) -> SourcePosition {
        let mark = node?.mark   // once: Yams' `mark` copies the node
        return SourcePosition(file: file, line: mark?.line, column: mark?.column)
    }

    package func error(_ node: Node?, _ message: String) -> Diagnostic { .error(position(node), message) }

    package func warn(_ node: Node?, _ message: String) { warn(at: position(node), message) }

    package func warn(at position: SourcePosition, _ message: String) { warnings.append(.warning(position, message)) }

    // MARK: Typed access

    /// The pairs of a mapping, in file order, after checking that every key is one of `allowed` (any key when nil).
    /// `what` (the name of the mapping in messages) is made only when there is a message.
    package func mapping(_ node: Node, allowed: [String]?, what: @autoclosure () -> String, depth: Int) throws -> [(key: String, keyNode: Node, value: Node)] {
        try visit(node, depth: depth)
        // A section written with nothing under it (`sessie:` alone) is an empty section: valid.
        if Self.isNull(node) { return [] }
        guard case let .mapping(mapping) = node else {
            throw error(node, "\(what()) moet een lijst van sleutels en waarden zijn")
        }
        var pairs: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else { throw error(keyNode, "sleutel moet tekst zijn") }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                // `positie: 5,5`: the Dutch decimal comma makes a second, numeric key.
                if key.allSatisfy(\.isNumber), case let .scalar(previous)? = pairs.last?.2, Double(previous.string) != nil,
                   let last = pairs.last {
                    throw error(last.2, "schrijf een decimaal getal met een punt: \(previous.string).\(key), niet \(previous.string),\(key) "
                                + "(de komma scheidt hier twee waarden)")
                }
                var message = "onbekende sleutel '\(key)' in \(what())"
                if let near = suggestion(for: key, among: allowed) {
                    message += "; bedoelt u '\(near)'?"
                } else {
                    message += "; toegestaan: \(allowed.joined(separator: ", "))"
                }
                if collectsUnknownKeys { errors.append(error(keyNode, message)); continue }
                throw error(keyNode, message)
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    /// A plain empty value: nothing after the colon, `~` or `null`.
    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
    }

    package func sequence(_ node: Node, what: String, depth: Int) throws -> [Node] {
        try visit(node, depth: depth)
        if Self.isNull(node) { return [] }
        guard case let .sequence(sequence) = node else { throw error(node, "\(what) moet een lijst zijn") }
        return Array(sequence)
    }

    /// A scalar's text as written. Quoted or not, `13:30` stays `13:30`.
    package func string(_ node: Node, what: String) throws -> String {
        try visit(node, depth: 0)
        guard case let .scalar(scalar) = node else { throw error(node, "\(what) moet tekst zijn") }
        if scalar.style == .plain, scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty {
            throw error(node, "\(what) is leeg")
        }
        // An escape (`"\0"`, `"\u0007"`) can still put a control character in a value.
        if let bad = scalar.string.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r")
                                                                 || (0x7F...0x9F).contains($0.value) }) {
            let name = bad.value == 0 ? "een NUL-teken (\\0)" : String(format: "het stuurteken U+%04X", bad.value)
            throw error(node, "\(what) bevat \(name); dat hoort niet in tekst (alleen tab en regeleinden mogen)")
        }
        return scalar.string
    }

    package func number(_ node: Node, what: String) throws -> Double {
        let text = try string(node, what: what)
        guard let value = Double(text), value.isFinite else {
            throw error(node, "\(what) moet een getal zijn, niet '\(text)'")
        }
        return value
    }

    package func integer(_ node: Node, what: String, range: ClosedRange<Int>) throws -> Int {
        let value = try number(node, what: what)
        guard value == value.rounded(), let int = Int(exactly: value), range.contains(int) else {
            throw error(node, "\(what) moet een geheel getal van \(range.lowerBound) tot en met \(range.upperBound) zijn")
        }
        return int
    }

    // MARK: Limits

    private func visit(_ node: Node, depth: Int) throws {
        visited += 1
        if visited > limits.maxNodes {
            throw error(node, "te veel waarden (meer dan \(limits.maxNodes)); zijn ankers en aliassen (&, *) te diep genest?")
        }
        if depth > limits.maxDepth {
            throw error(node, "te diep genest (meer dan \(limits.maxDepth) niveaus)")
        }
    }

    /// Rejects deeply nested `[` and `{` before the parser recurses into them.
    /// A session or layout file's keys are words. An alias as a key (`*a: 1`) or an explicit
    /// key (`? [...]`) is refused before Yams sees it: Yams checks a mapping for duplicate keys by
    /// hashing them, and a key that is an alias of an alias of a list expands exponentially (a
    /// file of 400 bytes kept `check` busy for minutes).
    private func checkKeys(_ text: String) throws {
        var text = text
        try text.withUTF8 { try checkKeys(bytes: $0) }
    }

    private func checkKeys(bytes all: UnsafeBufferPointer<UInt8>) throws {
        // Scanned as UTF-8 bytes: the structure is ASCII, and no byte of a longer UTF-8 sequence
        // is ASCII; a column in a message counts characters, as everywhere else.
        func column(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            String(decoding: UnsafeBufferPointer(rebasing: line[..<i]), as: UTF8.self).count + 1
        }
        // The scalar that starts at `j` (the text is valid UTF-8) and its length in bytes.
        func scalar(_ line: UnsafeBufferPointer<UInt8>, _ j: Int) -> (Unicode.Scalar, Int) {
            let b = line[j]
            if b < 0x80 { return (Unicode.Scalar(b), 1) }
            let end = min(j + (b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2), line.count)
            return (String(decoding: UnsafeBufferPointer(rebasing: line[j..<end]), as: UTF8.self).unicodeScalars.first!, end - j)
        }
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "-"
        }
        let space = UInt8(ascii: " "), cr = UInt8(ascii: "\r")
        var blockIndent: Int?
        var index = 0, lineStart = 0
        while lineStart <= all.count {
            defer { index += 1 }
            var lineEnd = lineStart
            while lineEnd < all.count, all[lineEnd] != 0x0A { lineEnd += 1 }
            let line = UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            let indent = line.prefix(while: { $0 == space }).count
            if let b = blockIndent {
                if line.allSatisfy({ $0 == space || $0 == cr }) || indent > b { continue }
                blockIndent = nil
            }
            var quote: UInt8?
            var previous: UInt8? = nil   // the last byte outside quotes that was not a space
            var i = 0
            while i < line.count {
                let ch = line[i]
                if let q = quote {
                    if ch == q { quote = nil; previous = ch }
                    i += 1; continue
                }
                if ch == UInt8(ascii: "#"), i == 0 || line[i - 1] == space { break }
                let atKey: Bool
                switch previous {
                case nil, UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: "?"): atKey = true
                default: atKey = false
                }
                if atKey, ch == UInt8(ascii: "?"), i + 1 == line.count || line[i + 1] == space {
                    throw Diagnostic.error(SourcePosition(file: file, line: index + 1, column: column(line, i)),
                                           "een samengestelde sleutel (?) is niet toegestaan; een sleutel is een woord")
                }
                if atKey, ch == UInt8(ascii: "*") {
                    var j = i + 1
                    while j < line.count {
                        let (c, length) = scalar(line, j)
                        guard isWordScalar(c) else { break }
                        j += length
                    }
                    var k = j
                    while k < line.count, line[k] == space { k += 1 }
                    if j > i + 1, k < line.count, line[k] == UInt8(ascii: ":"),
                       k + 1 == line.count || [space, UInt8(ascii: ","), UInt8(ascii: "}"), cr].contains(line[k + 1]) {
                        let alias = String(decoding: UnsafeBufferPointer(rebasing: line[i..<j]), as: UTF8.self)
                        throw Diagnostic.error(SourcePosition(file: file, line: index + 1, column: column(line, i)),
                                               "een alias (\(alias)) als sleutel is niet toegestaan; een sleutel is een woord")
                    }
                }
                if ch == UInt8(ascii: "\"") || ch == UInt8(ascii: "'") { quote = ch }
                if ch != space { previous = ch }
                i += 1
            }
            // A block scalar (`key: |`, `- >-`) starts: its lines are text, not keys.
            if quote == nil, Self.startsBlockScalar(line) { blockIndent = indent }
        }
    }

    /// Whether a line opens a block scalar: an indicator `|` or `>` at the start of the line or
    /// after `: ` or `- `, then only indentation and chomping digits or signs (`|-`, `>+2`), and at
    /// most a comment after a space.
    /// The line is given as its UTF-8 bytes.
    static func startsBlockScalar(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        func isSpace(_ c: UInt8) -> Bool { c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") }
        var end = line.count
        while end > 0, isSpace(line[end - 1]) { end -= 1 }
        var start = 0
        while start < end, isSpace(line[start]) { start += 1 }
        for p in start..<end where line[p] == UInt8(ascii: "|") || line[p] == UInt8(ascii: ">") {
            guard p == start || (p - start >= 2 && isSpace(line[p - 1])
                                 && (line[p - 2] == UInt8(ascii: ":") || line[p - 2] == UInt8(ascii: "-"))) else { continue }
            var q = p + 1
            while q < end, line[q] == UInt8(ascii: "+") || line[q] == UInt8(ascii: "-")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[q]) { q += 1 }
            if q == end { return true }
            guard isSpace(line[q]) else { continue }
            while q < end, isSpace(line[q]) { q += 1 }
            if q < end, line[q] == UInt8(ascii: "#") { return true }
        }
        return false
    }

    private func checkFlowDepth(_ text: String) throws {
        // By UTF-8 bytes: every character it looks for is ASCII.
        var copy = text
        let failure: (line: Int, start: Int, at: Int)? = copy.withUTF8 { bytes in
            var depth = 0, line = 1, lineStart = 0
            var quote: UInt8?
            var comment = false
            for i in bytes.indices {
                let ch = bytes[i]
                if ch == 0x0A { line += 1; comment = false; lineStart = i + 1; continue }
                if comment { continue }
                if let q = quote { if ch == q { quote = nil }; continue }
                switch ch {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): if depth > 0 { quote = ch }
                case UInt8(ascii: "#"): comment = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > limits.maxFlowDepth { return (line, lineStart, i) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
                default: break
                }
            }
            return nil
        }
        guard let failure else { return }
        // The column in characters, as everywhere else.
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: failure.start), to = utf8.index(utf8.startIndex, offsetBy: failure.at)
        let column = String(Substring(text.unicodeScalars[from...to])).count
        throw Diagnostic.error(SourcePosition(file: file, line: failure.line, column: column),
                               "te diep genest (meer dan \(limits.maxFlowDepth) niveaus haakjes)")
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            // libyaml notices a key without its colon only on the next line: point at the line
            // that lacks it.
            if ["mapping values are not allowed in this context", "could not find expected ':'"].contains(problem),
               let line = missingColonLine(before: mark.line) {
                return .error(SourcePosition(file: file, line: line, column: 1),
                              "geen geldige YAML: hier ontbreekt de dubbele punt na de sleutel (sleutel: waarde)")
            }
            return .error(SourcePosition(file: file, line: mark.line, column: mark.column),
                          "geen geldige YAML: \(Self.translate(problem))")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error(SourcePosition(file: file, line: context.mark.line, column: context.mark.column),
                          "sleutel komt twee keer voor: \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return .error(SourcePosition(file: file), "bestand kan niet worden gelezen: \(problem)")
        default:
            return .error(SourcePosition(file: file), "geen geldige YAML: \(error)")
        }
    }

    /// The nearest line above `line` that has text but no colon outside quotes: a key whose colon
    /// is missing. Nil when the line above looks whole.
    private func missingColonLine(before line: Int) -> Int? {
        // The lines as libyaml counts them, for its mark: a lone CR ends one too (fuzzer, crash 2).
        let lines = sourceLines
        var index = min(line - 2, lines.count - 1)
        while index >= 0 {
            let text = lines[index].trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { index -= 1; continue }
            if text.hasPrefix("-") || text.hasPrefix("\"") || text.hasPrefix("'") { return nil }
            return text.contains(":") ? nil : index + 1
        }
        return nil
    }

    private static func translate(_ problem: String) -> String {
        let known = [
            "found undefined alias": "onbekende alias (*)",
            "did not find expected key": "sleutel verwacht; klopt de inspringing?",
            "mapping values are not allowed in this context": "dubbele punt op een onverwachte plek; zet de tekst tussen aanhalingstekens",
            "found character that cannot start any token": "teken dat hier niet mag (een tab? gebruik spaties)",
            "did not find expected ',' or ']'": "',' of ']' verwacht",
            "did not find expected ',' or '}'": "',' of '}' verwacht",
            "found unexpected end of stream": "bestand houdt onverwacht op; ontbreekt er een aanhalingsteken?",
            "but found another document": "meer dan één document in het bestand",
            "could not find expected ':'": "dubbele punt na de sleutel verwacht (sleutel: waarde)",
            "found unknown escape character": "onbekende escape na een \\ tussen dubbele aanhalingstekens; schrijf \\\\ voor een backslash",
            "found invalid Unicode character escape code": "ongeldige \\u-escape tussen aanhalingstekens",
            "found a tab character that violates indentation": "een tab in de inspringing; gebruik spaties",
            "found a tab character where an indentation space is expected": "een tab in de inspringing; gebruik spaties",
            "block sequence entries are not allowed in this context": "een lijstteken (-) op een onverwachte plek; klopt de inspringing?",
            "did not find expected '-' indicator": "een lijstitem (- …) verwacht; klopt de inspringing?",
            "did not find expected node content": "waarde verwacht",
            "found unexpected ':'": "onverwachte dubbele punt; zet de tekst tussen aanhalingstekens",
            "found undefined tag handle": "onbekende tag (!); gebruik geen tags",
            "while scanning a quoted scalar": "aanhalingsteken niet gesloten",
            "found unexpected end of stream while scanning a quoted scalar": "aanhalingsteken niet gesloten",
            "did not find expected alphabetic or numeric character": "na & of * hoort een naam",
            "did not find expected comment or line break": "na de waarde hoort een regeleinde of #-commentaar",
            "control characters are not allowed": "stuurtekens horen niet in tekst",
            "invalid leading UTF-8 octet": "geen geldige UTF-8-tekst",
            "incomplete UTF-8 octet sequence": "geen geldige UTF-8-tekst",
        ]
        // A message libyaml has that is not translated yet is shown as its own, marked as such.
        return known[problem] ?? "(melding van de YAML-lezer) \(problem)"
    }
}
