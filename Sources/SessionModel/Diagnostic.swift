/// A place in an input file. Lines and columns count from 1.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file; self.line = line; self.column = column
    }

    public var description: String {
        guard let line else { return file }
        return "\(file):\(line):\(column ?? 1)"
    }
}

/// An error or warning about the user's input, printed as `FILE:LINE:COLUMN: fout: …`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: Sendable, Hashable { case error, warning }

    /// What the program may act on (never on the message's text).
    public enum Code: Sendable, Hashable {
        /// A participant's name where the Chatham House Rule forbids it (`--streng` makes it an error).
        case participantName
    }

    public var severity: Severity
    public var position: SourcePosition
    public var message: String
    public var code: Code?
    /// Further errors in the same file, independent of this one (`check` reports them all).
    public var others: [Diagnostic] = []

    public init(_ severity: Severity, at position: SourcePosition, _ message: String) {
        self.severity = severity; self.position = position; self.message = message
    }

    public static func error(_ position: SourcePosition, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: position, message)
    }

    public static func warning(_ position: SourcePosition, _ message: String, code: Code? = nil) -> Diagnostic {
        var d = Diagnostic(.warning, at: position, message)
        d.code = code
        return d
    }

    public var description: String {
        ([line] + others.map(\.line)).joined(separator: "\n")
    }

    private var line: String { "\(position): \(severity == .error ? "fout" : "waarschuwing"): \(message)" }

    /// The first of `errors` in file order, carrying the rest.
    static func combined(_ errors: [Diagnostic]) -> Diagnostic {
        var seen = Set<String>()
        let sorted = errors.sorted { ($0.position.line ?? 0, $0.position.column ?? 0) < ($1.position.line ?? 0, $1.position.column ?? 0) }
            .filter { seen.insert($0.line).inserted }
        var first = sorted[0]
        first.others = Array(sorted.dropFirst())
        return first
    }
}

/// The nearest of `candidates` to `word`, when it is near enough to be a likely typo.
package func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

/// Damerau–Levenshtein distance (with adjacent transpositions), so `spelres` is one step from `spelers`.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
