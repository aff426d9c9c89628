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
    /// (A native string's bytes are read in place; `withUTF8`, being mutating, needs a copy of
    /// the string, a retain and a release of its storage: thousands a document.)
    public func sameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        func equal(_ pa: UnsafeBufferPointer<UInt8>, _ pb: UnsafeBufferPointer<UInt8>) -> Bool {
            pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0
        }
        if let inPlace = utf8.withContiguousStorageIfAvailable({ pa in other.utf8.withContiguousStorageIfAvailable { equal(pa, $0) } }),
           let same = inPlace {
            return same
        }
        var a = self, b = other
        return a.withUTF8 { pa in b.withUTF8 { equal(pa, $0) } }
    }

    /// Feeds the text's bytes (and so its length) to `hasher`.
    public func hashBytes(into hasher: inout Hasher) {
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            var copy = self
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        hasher.combine(utf8.count)
    }
}
