import CHyphen
import Foundation

/// Dutch (or any libhyphen) hyphenation: owns one loaded dictionary. Not thread-safe.
public final class Hyphenator {
    private let dict: UnsafeMutablePointer<HyphenDict>

    public init(dictionaryPath: String) throws {
        guard let dict = hnj_hyphen_load(dictionaryPath) else {
            throw GraphicsError.hyphenationDictionary(path: dictionaryPath)
        }
        self.dict = dict
    }

    deinit { hnj_hyphen_free(dict) }

    /// The positions (in `Character`s from the start) after which `word` may be broken.
    public func breakPoints(in word: String) -> [Int] {
        let lower = word.lowercased()
        // libhyphen works on the bytes of a UTF-8 dictionary; keep to words whose lowercase form maps 1:1.
        guard lower.count == word.count, !word.isEmpty else { return [] }
        let bytes = Array(lower.utf8)
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        let status = bytes.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { buf in
            hnj_hyphen_hyphenate2(dict, buf.baseAddress, Int32(buf.count), &hyphens, nil, &rep, &pos, &cut)
        }
        defer { freeReplacements(rep, pos, cut, count: bytes.count) }
        guard status == 0 else { return [] }
        // Map byte offsets to character offsets.
        var result: [Int] = []
        var byteIndex = 0
        for (charIndex, ch) in lower.enumerated() {
            byteIndex += ch.utf8.count
            let odd = hyphens[byteIndex - 1] & 1 == 1
            let hasReplacement = rep?[byteIndex - 1] != nil
            if odd && !hasReplacement && charIndex + 1 < lower.count { result.append(charIndex + 1) }
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
