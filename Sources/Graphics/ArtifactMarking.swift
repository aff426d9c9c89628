/// Marks untagged content as `/Artifact` in a PDF page content stream (PDF/UA-1 7.1).
///
/// Why a pass over the stream: cairo 1.16 has no artifact tag, and everything it draws outside a
/// structure tag (`cairo_tag_begin`) is by construction not in the structure tree. The composers
/// put every piece of meaningful content in a tag when they make it (`StructureRole`), so what is
/// left outside is decoration: frames, rules, fills, writing lines, running headers, page numbers.
/// This pass wraps exactly those graphics objects (a path from its first construction operator to
/// its painting operator, a `BT … ET` text object, `Do`, `sh`, an inline image) in
/// `/Artifact BMC … EMC`, and leaves state operators (`q`, `Q`, `cm`, `gs`, colours) and tagged
/// content untouched, so the drawing is byte for byte what cairo wrote.
public enum ArtifactMarking {
    private static let pathConstruction: Set<String> = ["m", "l", "c", "v", "y", "h", "re"]
    private static let pathPainting: Set<String> = ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"]
    private static let single: Set<String> = ["Do", "sh"]

    public static func mark(_ stream: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(stream.count + stream.count / 8)
        let open = Array("/Artifact BMC\n".utf8), close = Array("\nEMC\n".utf8)
        var depth = 0               // marked-content nesting (BDC/BMC … EMC)
        var inArtifact = false      // an artifact opened by this pass
        var inPath = false, inText = false
        var copied = 0              // bytes of `stream` already in `out`
        var operandStart: Int?      // where the current operator's operands begin
        var i = 0
        let n = stream.count

        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
        func isDelimiter(_ b: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(b) }
        func copy(to end: Int) { if end > copied { out += stream[copied..<end]; copied = end } }
        func beginArtifact(at start: Int) {
            copy(to: start); out += open; inArtifact = true
        }
        func endArtifact(after end: Int) {
            copy(to: end); out += close; inArtifact = false
        }

        while i < n {
            let b = stream[i]
            if isSpace(b) { i += 1; continue }
            if b == UInt8(ascii: "%") {                       // comment to end of line
                while i < n, stream[i] != 0x0A, stream[i] != 0x0D { i += 1 }
                continue
            }
            let tokenStart = i
            if operandStart == nil { operandStart = tokenStart }
            switch b {
            case UInt8(ascii: "("):                              // literal string, nested parentheses, escapes
                var level = 0
                while i < n {
                    let c = stream[i]
                    if c == UInt8(ascii: "\\") { i += 2; continue }
                    if c == UInt8(ascii: "(") { level += 1 }
                    if c == UInt8(ascii: ")") { level -= 1; if level == 0 { i += 1; break } }
                    i += 1
                }
                continue
            case UInt8(ascii: "<"):
                if i + 1 < n, stream[i + 1] == UInt8(ascii: "<") { i += 2; continue }   // dictionary start
                while i < n, stream[i] != UInt8(ascii: ">") { i += 1 }                   // hex string
                i += 1
                continue
            case UInt8(ascii: ">"):
                i += (i + 1 < n && stream[i + 1] == UInt8(ascii: ">")) ? 2 : 1
                continue
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                i += 1
                continue
            case UInt8(ascii: "/"):                              // name
                i += 1
                while i < n, !isSpace(stream[i]), !isDelimiter(stream[i]) { i += 1 }
                continue
            default:
                break
            }
            // A number or an operator: a run of regular characters.
            while i < n, !isSpace(stream[i]), !isDelimiter(stream[i]) { i += 1 }
            let token = String(decoding: stream[tokenStart..<i], as: UTF8.self)
            if let first = token.utf8.first, (first >= 0x30 && first <= 0x39) || first == 0x2B || first == 0x2D || first == 0x2E {
                continue                                         // a number: an operand
            }
            if token == "true" || token == "false" || token == "null" { continue }
            let start = operandStart ?? tokenStart
            operandStart = nil
            switch token {
            case "BDC", "BMC":
                depth += 1
            case "EMC":
                depth = max(0, depth - 1)
            case "BT":
                inText = true
                if depth == 0 && !inArtifact { beginArtifact(at: start) }
            case "ET":
                inText = false
                if inArtifact && depth == 0 { endArtifact(after: i) }
            case "BI":                                           // inline image: skip to EI
                if depth == 0 && !inArtifact && !inText { beginArtifact(at: start) }
                while i + 2 < n, !(isSpace(stream[i]) && stream[i + 1] == UInt8(ascii: "E") && stream[i + 2] == UInt8(ascii: "I")) { i += 1 }
                i = min(n, i + 3)
                if inArtifact && depth == 0 && !inText { endArtifact(after: i) }
            default:
                guard !inText else { break }
                if pathConstruction.contains(token) {
                    if !inPath { inPath = true; if depth == 0 && !inArtifact { beginArtifact(at: start) } }
                } else if pathPainting.contains(token) {
                    inPath = false
                    if inArtifact && depth == 0 { endArtifact(after: i) }
                } else if single.contains(token), depth == 0, !inArtifact {
                    beginArtifact(at: start); endArtifact(after: i)
                }
            }
        }
        copy(to: n)
        if inArtifact { out += close }
        return out
    }
}
