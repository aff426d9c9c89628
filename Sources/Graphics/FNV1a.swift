import Foundation

/// FNV-1a, 64 bits: the key of a cache entry or of a batch's inputs. Not for security: a
/// stable, fast fingerprint of bytes that did or did not change.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64

    public init(seed: UInt64) { value = 0xcbf2_9ce4_8422_2325 ^ seed }

    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// Every byte of `data`, then its length (so that "ab" + "c" and "a" + "bc" differ).
    public mutating func add(_ data: Data) {
        var v = value
        data.withUnsafeBytes { raw in
            for byte in raw.bindMemory(to: UInt8.self) {
                v ^= UInt64(byte)
                v = v &* Self.prime
            }
        }
        value = v ^ UInt64(data.count)
    }

    /// One number, as one step.
    public mutating func add<T: FixedWidthInteger>(_ number: T) {
        value = (value ^ UInt64(truncatingIfNeeded: number)) &* Self.prime
    }

    /// A large buffer eight bytes a step (the rest byte by byte): about a byte per instruction.
    public mutating func add(words bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count { add(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
        while i < bytes.count { add(bytes[i]); i += 1 }
    }
}
