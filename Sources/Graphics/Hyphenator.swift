import CHyphen
import Foundation

/// Hyphenation with libhyphen: owns one loaded dictionary. Not thread-safe.
public final class Hyphenator {
    private let dict: UnsafeMutablePointer<HyphenDict>
    /// The compiled machine `dict` lives in when it was mapped from the cache; nil when libhyphen
    /// loaded the patterns (and so frees them).
    private let compiled: CompiledHyphenation?
    /// The dictionary's character set: UTF-8 or ISO 8859-1 (as Dutch hyph_nl_NL.dic is).
    private let latin1: Bool
    /// Whether this dictionary came from the cache (for tests and the benchmark).
    public var isMapped: Bool { compiled != nil }

    /// Loads a libhyphen dictionary. With a `cacheDirectory`, the state machine libhyphen builds
    /// from the patterns is kept there (`hyphenation-NAME-KEY.bin`) and mapped on later loads; a
    /// cache that cannot be written is skipped, never an error.
    public init(dictionaryPath: String, cacheDirectory: String? = nil) throws {
        guard let source = FileManager.default.contents(atPath: dictionaryPath), !source.isEmpty else {
            throw GraphicsError.hyphenationDictionary(path: dictionaryPath)
        }
        let key = source.withUnsafeBytes { CompiledHyphenation.key(of: $0) }
        let name = ((dictionaryPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let cachePath = cacheDirectory.map {
            ($0 as NSString).appendingPathComponent("hyphenation-\(name)-\(String(key, radix: 16)).bin")
        }
        if let cachePath, let mapped = CompiledHyphenation(path: cachePath, key: key) {
            compiled = mapped
            dict = mapped.dict
        } else {
            // The bytes just read (and hashed), not the path again: the cache always matches what was loaded.
            let loaded: UnsafeMutablePointer<HyphenDict>? = source.withUnsafeBytes { raw in
                guard let file = fmemopen(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count, "r") else { return nil }
                defer { fclose(file) }
                return hnj_hyphen_load_file(file)
            }
            guard let loaded else { throw GraphicsError.hyphenationDictionary(path: dictionaryPath) }
            compiled = nil
            dict = loaded
            if let cacheDirectory, let cachePath { Self.store(loaded, key: key, name: name, at: cachePath, in: cacheDirectory) }
        }
        let charset = withUnsafeBytes(of: dict.pointee.cset) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        latin1 = charset.uppercased().hasPrefix("ISO8859-1")
    }

    deinit { if compiled == nil { hnj_hyphen_free(dict) } }

    /// Writes the compiled machine (whole or not at all) and removes this dictionary's older ones.
    private static func store(_ dict: UnsafeMutablePointer<HyphenDict>, key: UInt64, name: String, at path: String, in directory: String) {
        let fm = FileManager.default
        guard (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              (try? FileOutput.write(Data(CompiledHyphenation.image(of: dict, key: key)), to: path, durability: .atomic)) != nil else { return }
        CacheFolder.removeOlder("hyphenation-\(name)-", keeping: (path as NSString).lastPathComponent, in: directory)
    }

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

/// Loads a hyphenation dictionary on first use, when a word is too wide for its box: most
/// documents (blank forms, wide boxes) never need one, and a load from the cache is cheap.
/// Thread-safe.
public final class HyphenatorLoader: @unchecked Sendable {
    private let path: String
    private let cacheDirectory: String?
    private let lock = NSLock()
    private var loaded: Hyphenator??

    public init(dictionaryPath: String, cacheDirectory: String? = nil) throws {
        guard FileManager.default.isReadableFile(atPath: dictionaryPath) else {
            throw GraphicsError.hyphenationDictionary(path: dictionaryPath)
        }
        path = dictionaryPath
        self.cacheDirectory = cacheDirectory
    }

    /// The dictionary; nil when libhyphen could not read it.
    public var hyphenator: Hyphenator? {
        lock.withLock {
            if let loaded { return loaded }
            let h = try? Hyphenator(dictionaryPath: path, cacheDirectory: cacheDirectory)
            loaded = .some(h)
            return h
        }
    }
}
