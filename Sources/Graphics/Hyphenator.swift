import CHyphen
import Foundation

/// Hyphenation with libhyphen: owns one loaded dictionary. Not thread-safe.
public final class Hyphenator {
    private let dict: UnsafeMutablePointer<HyphenDict>
    /// The dictionary's character set: UTF-8 or ISO 8859-1 (as Dutch hyph_nl_NL.dic is).
    private let latin1: Bool

    public init(dictionaryPath: String) throws {
        guard let dict = hnj_hyphen_load(dictionaryPath) else {
            throw GraphicsError.hyphenationDictionary(path: dictionaryPath)
        }
        self.dict = dict
        let charset = withUnsafeBytes(of: dict.pointee.cset) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        latin1 = charset.uppercased().hasPrefix("ISO8859-1")
    }

    deinit { hnj_hyphen_free(dict) }

    /// Letters that stay together at the start and end of a word and of each part of a compound.
    public static let minimum: Int32 = 3

    /// The positions (in `Character`s from the start) after which `word` may be broken.
    public func breakPoints(in word: String) -> [Int] { breaks(in: word).map(\.position) }

    /// A place where a word may be broken, with the strength the patterns give it: 1, 3 or 5.
    /// In the Dutch patterns the boundaries of a compound mostly come out at 5 ("gemeente-wet",
    /// "persoons-gegevens"), breaks inside a part at 1 or 3, so the strongest breaks are taken first.
    public struct Break: Sendable, Hashable {
        public var position: Int
        public var strength: Int
    }

    /// The breaks of `word`, in order.
    public func breaks(in word: String) -> [Break] {
        let lower = word.lowercased()
        guard lower.count == word.count, !word.isEmpty else { return [] }
        // Bytes in the dictionary's encoding, and for each character the index of its last byte.
        var bytes: [UInt8] = []
        var lastByte: [Int] = []
        for ch in lower {
            if latin1 {
                guard ch.unicodeScalars.count == 1, let v = ch.unicodeScalars.first?.value, v < 256 else { return [] }
                bytes.append(UInt8(v))
            } else {
                bytes += Array(ch.utf8)
            }
            lastByte.append(bytes.count - 1)
        }
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        // libhyphen reads the word as a C string too (strstr): it must end in NUL, or it reads
        // past the buffer (found by the address sanitizer; the heap corruption seen in batches).
        let status = (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { buf in
            // At least 3 letters on either side of a break, and of a compound boundary: no "Gemeen-tewet".
            hnj_hyphen_hyphenate3(dict, buf.baseAddress, Int32(bytes.count), &hyphens, nil, &rep, &pos, &cut,
                                  Self.minimum, Self.minimum, Self.minimum, Self.minimum)
        }
        defer { freeReplacements(rep, pos, cut, count: bytes.count) }
        guard status == 0 else { return [] }
        var result: [Break] = []
        for (charIndex, byteIndex) in lastByte.enumerated().dropLast() {
            // Odd values ('1', '3', '5' …) mark a break; a replacement (non-standard hyphenation) is skipped.
            let value = Int(hyphens[byteIndex]) - 0x30
            if value & 1 == 1 && rep?[byteIndex] == nil { result.append(Break(position: charIndex + 1, strength: value)) }
        }
        return result
    }

    private func freeReplacements(_ rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                  _ pos: UnsafeMutablePointer<Int32>?, _ cut: UnsafeMutablePointer<Int32>?,
                                  count: Int) {
        if let rep {
            for i in 0..<count { free(rep[i]) }
            free(rep)
        }
        free(pos)
        free(cut)
    }
}

/// Loads a hyphenation dictionary on first use: libhyphen takes about 10 ms for the Dutch
/// patterns, and most documents (blank forms, wide boxes) never need them. Not thread-safe.
public final class HyphenatorLoader: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var loaded: Hyphenator??
    /// Signalled when a load started by `prefetch` has finished.
    private var pending: DispatchSemaphore?

    public init(dictionaryPath: String) throws {
        guard FileManager.default.isReadableFile(atPath: dictionaryPath) else {
            throw GraphicsError.hyphenationDictionary(path: dictionaryPath)
        }
        path = dictionaryPath
    }

    /// Starts loading the dictionary on another thread (it takes about 10 ms), so it is ready
    /// by the time a word has to be broken; the first use waits for it.
    public func prefetch() {
        let done: DispatchSemaphore? = lock.withLock {
            guard loaded == nil, pending == nil else { return nil }
            pending = DispatchSemaphore(value: 0)
            return pending
        }
        guard let done else { return }
        Thread.detachNewThread { [self] in
            let h = try? Hyphenator(dictionaryPath: path)
            lock.withLock { loaded = .some(h) }
            done.signal()
        }
    }

    /// The dictionary; nil when libhyphen could not read it.
    public var hyphenator: Hyphenator? {
        if let wait = lock.withLock({ loaded == nil ? pending : nil }) {
            wait.wait()
            wait.signal()
        }
        return lock.withLock {
            if let loaded { return loaded }
            let h = try? Hyphenator(dictionaryPath: path)
            loaded = .some(h)
            return h
        }
    }
}
