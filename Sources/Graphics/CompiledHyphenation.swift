import CHyphen
import Foundation

/// libhyphen's state machine for a dictionary, compiled once into a cache file and mapped on
/// later runs. libhyphen builds the machine from the text patterns on every load (about 40 million
/// instructions for the Dutch patterns); mapped, the transitions are used where they lie in the
/// file and only the state records are rebuilt, so a load costs a few hundred thousand.
///
/// The file is this machine's memory layout (native byte order and struct sizes, both in its
/// header), keyed on the dictionary's bytes: a changed `.dic`, another libhyphen struct layout or a
/// damaged file is never used; the patterns are then loaded as before and the cache written anew.
/// Hyphenation itself stays libhyphen's (`hnj_hyphen_hyphenate3`), on the same machine.
final class CompiledHyphenation {
    /// The dictionary, with every level (`NEXTLEVEL` compound patterns) as libhyphen links them.
    let dict: UnsafeMutablePointer<HyphenDict>
    private let base: UnsafeMutableRawPointer
    private let length: Int
    private var allocated: [UnsafeMutableRawPointer] = []
    /// The state records, each level's in its own mapping.
    private var mapped: [(UnsafeMutableRawPointer, Int)] = []

    static let magic: UInt64 = 0x314E_4859_4842_5757   // "WWBHYHN1", little-endian
    static let version: UInt32 = 1

    /// The key of a dictionary file's bytes and of this build's struct layout.
    static func key(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = FNV1a(seed: 0)
        hash.add(version)
        hash.add(MemoryLayout<HyphenTrans>.stride)
        hash.add(MemoryLayout<HyphenState>.stride)
        hash.add(bytes.count)
        hash.add(words: bytes)
        return hash.value
    }

    // MARK: Writing

    /// The cache file's bytes for a dictionary libhyphen has loaded.
    static func image(of dict: UnsafeMutablePointer<HyphenDict>, key: UInt64) -> [UInt8] {
        var out = Writer()
        var levels: [UnsafeMutablePointer<HyphenDict>] = []
        var level: UnsafeMutablePointer<HyphenDict>? = dict
        while let l = level, levels.count < 8 { levels.append(l); level = l.pointee.nextlevel }
        out.put(magic); out.put(version); out.put(UInt32(levels.count)); out.put(key)
        out.put(UInt32(MemoryLayout<HyphenTrans>.stride)); out.put(UInt32(MemoryLayout<HyphenState>.stride))
        for l in levels {
            let d = l.pointee
            out.put(UInt8(bitPattern: d.lhmin)); out.put(UInt8(bitPattern: d.rhmin))
            out.put(UInt8(bitPattern: d.clhmin)); out.put(UInt8(bitPattern: d.crhmin))
            out.put(Int32(d.utf8)); out.put(Int32(d.num_states)); out.put(Int32(d.nohyphenl))
            withUnsafeBytes(of: d.cset) { out.bytes += $0 }
            // NOHYPHEN: nohyphenl + 1 strings one after the other, each with its NUL.
            if let nh = d.nohyphen {
                var n = 0
                for _ in 0...Int(max(d.nohyphenl, 0)) { n += strlen(nh + n) + 1 }
                out.put(Int32(n)); out.bytes += UnsafeRawBufferPointer(start: nh, count: n)
            } else {
                out.put(Int32(-1))
            }
            let states = UnsafeBufferPointer(start: d.states, count: Int(d.num_states))
            var transCount = 0
            for s in states {
                out.string(s.match); out.string(s.repl)
                // libhyphen sets these only beside a replacement (and reads them only then).
                out.put(s.repl == nil ? 0 : UInt8(bitPattern: s.replindex)); out.put(s.repl == nil ? 0 : UInt8(bitPattern: s.replcut))
                out.put(Int32(s.fallback_state)); out.put(Int32(s.num_trans)); out.put(Int32(transCount))
                transCount += Int(s.num_trans)
            }
            // The transitions in libhyphen's own layout, aligned, to be used where they lie.
            out.put(Int32(transCount))
            out.align(16)
            // Field by field, with zeroed padding: the same dictionary always gives the same file.
            let chAt = MemoryLayout<HyphenTrans>.offset(of: \.ch)!, stateAt = MemoryLayout<HyphenTrans>.offset(of: \.new_state)!
            for s in states {
                for t in UnsafeBufferPointer(start: s.trans, count: Int(s.num_trans)) {
                    var record = [UInt8](repeating: 0, count: MemoryLayout<HyphenTrans>.stride)
                    record.withUnsafeMutableBytes {
                        $0.storeBytes(of: t.ch, toByteOffset: chAt, as: CChar.self)
                        $0.storeBytes(of: t.new_state, toByteOffset: stateAt, as: Int32.self)
                    }
                    out.bytes += record
                }
            }
        }
        return out.bytes
    }

    private struct Writer {
        var bytes: [UInt8] = []
        mutating func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v) { bytes += $0 } }
        /// A C string as its length (−1 for none) and its bytes with the NUL, to be used in place.
        mutating func string(_ s: UnsafeMutablePointer<CChar>?) {
            guard let s else { put(Int32(-1)); return }
            let n = strlen(s)
            put(Int32(n))
            bytes += UnsafeRawBufferPointer(start: s, count: n + 1)
        }
        mutating func align(_ n: Int) { while bytes.count % n != 0 { bytes.append(0) } }
    }

    // MARK: Mapping

    /// Maps a cache file; nil when it is missing, for another key or layout, or damaged in any way
    /// (every offset, length, string end and state number is checked: libhyphen follows them unchecked).
    init?(path: String, key: UInt64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 32, st.st_size < 64 << 20 else { return nil }
        let length = Int(st.st_size)
        // Private and writable (copy on write): libhyphen only reads, but its pointers are not const.
        guard let map = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        var allocated: [UnsafeMutableRawPointer] = []
        var mapped: [(UnsafeMutableRawPointer, Int)] = []
        guard let dict = Self.read(base: map, length: length, key: key, allocated: &allocated, mapped: &mapped) else {
            for p in allocated { p.deallocate() }
            for (p, n) in mapped { munmap(p, n) }
            munmap(map, length)
            return nil
        }
        self.dict = dict
        self.base = map
        self.length = length
        self.allocated = allocated
        self.mapped = mapped
    }

    deinit {
        for p in allocated { p.deallocate() }
        for (p, n) in mapped { munmap(p, n) }
        munmap(base, length)
    }

    /// A state record's bytes at the least: two absent strings (4 each), two bytes, three Int32s.
    private static let smallestStateRecord = 4 + 4 + 1 + 1 + 4 + 4 + 4
    #if os(Linux)
    private static let populate = MAP_POPULATE
    #else
    private static let populate: Int32 = 0
    #endif

    private static func read(base: UnsafeMutableRawPointer, length: Int, key: UInt64, allocated: inout [UnsafeMutableRawPointer],
                             mapped: inout [(UnsafeMutableRawPointer, Int)]) -> UnsafeMutablePointer<HyphenDict>? {
        var r = Reader(base: base, length: length)
        guard r.get(UInt64.self) == magic, r.get(UInt32.self) == version,
              let levelCount = r.get(UInt32.self), (1...8).contains(levelCount), r.get(UInt64.self) == key,
              r.get(UInt32.self) == UInt32(MemoryLayout<HyphenTrans>.stride),
              r.get(UInt32.self) == UInt32(MemoryLayout<HyphenState>.stride) else { return nil }
        var levels: [UnsafeMutablePointer<HyphenDict>] = []
        for _ in 0..<levelCount {
            guard let lh = r.get(UInt8.self), let rh = r.get(UInt8.self), let clh = r.get(UInt8.self), let crh = r.get(UInt8.self),
                  let utf8 = r.get(Int32.self), let numStates = r.get(Int32.self), numStates > 0, numStates < 1 << 24,
                  let nohyphenl = r.get(Int32.self), nohyphenl >= 0, let cset = r.bytes(Int(MAX_NAME)), cset.last == 0,
                  let nohyphen = r.strings(Int(nohyphenl) + 1) else { return nil }
            // No more states than the rest of the file can describe (a record takes at least
            // 22 bytes): a damaged count must not commit memory before a record is read.
            guard Int(numStates) <= (length - r.offset) / Self.smallestStateRecord else { return nil }
            // Mapped populated (Linux): the kernel provides all its pages in this one call, not one
            // fault per page as the records are written (a few hundred in a cold run).
            let statesBytes = Int(numStates) * MemoryLayout<HyphenState>.stride
            guard let statesMap = mmap(nil, statesBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | Self.populate, -1, 0),
                  statesMap != MAP_FAILED else { return nil }
            mapped.append((statesMap, statesBytes))
            let states = statesMap.bindMemory(to: HyphenState.self, capacity: Int(numStates))
            var transStart = [Int](repeating: 0, count: Int(numStates))
            for i in 0..<Int(numStates) {
                guard let match = r.string(), let repl = r.string(), let ri = r.get(UInt8.self), let rc = r.get(UInt8.self),
                      let fallback = r.get(Int32.self), fallback >= -1, fallback < numStates,
                      let numTrans = r.get(Int32.self), numTrans >= 0, let first = r.get(Int32.self), first >= 0 else { return nil }
                (states + i).initialize(to: HyphenState(match: match, repl: repl, replindex: Int8(bitPattern: ri),
                                                        replcut: Int8(bitPattern: rc), fallback_state: fallback,
                                                        num_trans: numTrans, trans: nil))
                transStart[i] = Int(first)
            }
            guard let transCount = r.get(Int32.self), transCount >= 0 else { return nil }
            r.align(16)
            guard let transBytes = r.bytes(Int(transCount) * MemoryLayout<HyphenTrans>.stride) else { return nil }
            let trans = UnsafeMutableRawPointer(mutating: transBytes.baseAddress!).assumingMemoryBound(to: HyphenTrans.self)
            for t in 0..<Int(transCount) where trans[t].new_state < 0 || trans[t].new_state >= numStates { return nil }
            for i in 0..<Int(numStates) {
                let n = Int(states[i].num_trans)
                guard transStart[i] + n <= Int(transCount) else { return nil }
                states[i].trans = n > 0 ? trans + transStart[i] : nil
            }
            let d = UnsafeMutablePointer<HyphenDict>.allocate(capacity: 1)
            allocated.append(UnsafeMutableRawPointer(d))
            d.initialize(to: HyphenDict())
            d.pointee.lhmin = CChar(bitPattern: lh); d.pointee.rhmin = CChar(bitPattern: rh)
            d.pointee.clhmin = CChar(bitPattern: clh); d.pointee.crhmin = CChar(bitPattern: crh)
            d.pointee.utf8 = utf8; d.pointee.num_states = numStates; d.pointee.nohyphenl = nohyphenl
            d.pointee.nohyphen = nohyphen
            withUnsafeMutableBytes(of: &d.pointee.cset) { $0.copyMemory(from: cset) }
            d.pointee.states = states
            levels.append(d)
        }
        guard r.offset == length else { return nil }
        for (l, next) in zip(levels, levels.dropFirst()) { l.pointee.nextlevel = next }
        return levels[0]
    }

    /// Reads the mapped file, every read checked against its length; strings point into the map.
    private struct Reader {
        let base: UnsafeMutableRawPointer
        let length: Int
        var offset = 0
        mutating func get<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= length else { return nil }
            defer { offset += MemoryLayout<T>.size }
            return base.loadUnaligned(fromByteOffset: offset, as: T.self)
        }
        mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer? {
            guard n >= 0, offset + n <= length else { return nil }
            defer { offset += n }
            return UnsafeRawBufferPointer(start: base + offset, count: n)
        }
        mutating func align(_ n: Int) { offset = (offset + n - 1) / n * n }
        /// `count` C strings one after the other: nil when damaged, `.some(nil)` for none.
        mutating func strings(_ count: Int) -> UnsafeMutablePointer<CChar>?? {
            guard let n = get(Int32.self), n >= -1 else { return nil }
            if n == -1 { return .some(nil) }
            guard let raw = bytes(Int(n)), raw.last == 0, raw.count(where: { $0 == 0 }) == count else { return nil }
            return .some(UnsafeMutableRawPointer(mutating: raw.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
        /// A C string written with its NUL: nil when damaged, `.some(nil)` for none.
        mutating func string() -> UnsafeMutablePointer<CChar>?? {
            guard let n = get(Int32.self), n >= -1 else { return nil }
            if n == -1 { return .some(nil) }
            guard let raw = bytes(Int(n) + 1), raw.last == 0, !raw.dropLast().contains(0) else { return nil }
            return .some(UnsafeMutableRawPointer(mutating: raw.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
    }
}
