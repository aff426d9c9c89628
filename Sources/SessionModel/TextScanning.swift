import Foundation

/// String work that runs for every field of every session, done on the bytes: Foundation's
/// `replacingOccurrences`, `components(separatedBy:)` and `trimmingCharacters` bridge through
/// NSString and cost some ten thousand instructions a call, a large part of parsing a session.
extension StringProtocol {
    /// Every occurrence of `target` replaced, left to right; as `replacingOccurrences(of:with:)`
    /// (UTF-8 is self-synchronising, so a match never starts inside a character's bytes).
    package func replacingAll(_ target: String, with replacement: String) -> String {
        let parts = self.parts(separatedBy: target)
        return parts.count == 1 ? String(self) : parts.joined(separator: replacement)
    }

    /// The text between the occurrences of `separator` (one part when there is none); as
    /// `components(separatedBy:)`.
    package func parts(separatedBy separator: String) -> [String] {
        let needle = Array(separator.utf8)
        precondition(!needle.isEmpty, "an empty separator")
        let bytes = Array(utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += needle.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Without white space and line breaks at either end; as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` (the Unicode White_Space property: spaces, tabs, line and
    /// paragraph separators, no-break spaces).
    package var trimmedWhitespace: String {
        let string = String(self)
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(Substring(scalars[first...last]))
    }
}

/// A time of day as the session file writes it, "09:05": two digits each. Not String(format:),
/// whose C variadic arguments cost a cold run four conformance scans.
package func clockTime(hours: Int, minutes: Int) -> String {
    func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return twoDigits(hours) + ":" + twoDigits(minutes)
}
