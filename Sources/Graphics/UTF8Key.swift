import Foundation

/// A text compared and hashed by its UTF-8 bytes. Swift's `String` equality and hashing follow
/// canonical equivalence, which normalizes every non-ASCII text each time (it showed in profiles
/// of layout look-ups); for Pango two different byte sequences are two different texts anyway.
public struct UTF8Key: Hashable, Sendable {
    public var string: String

    public init(_ string: String) { self.string = string }

    public static func == (a: UTF8Key, b: UTF8Key) -> Bool { a.string.sameBytes(as: b.string) }

    public func hash(into hasher: inout Hasher) { string.hashBytes(into: &hasher) }
}

extension String {
    /// Whether the two texts are the same bytes.
    public func sameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other
        return a.withUTF8 { pa in b.withUTF8 { pb in pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0 } }
    }

    /// Feeds the text's bytes (and so its length) to `hasher`.
    public func hashBytes(into hasher: inout Hasher) {
        var copy = self
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(utf8.count)
    }
}
