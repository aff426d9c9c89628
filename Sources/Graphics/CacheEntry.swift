import Foundation

/// One file in werkblad's cache folder holding values derived from a source file (a layout read
/// from YAML): `PREFIX-KEY.bin`, where the key covers the source's bytes and this program's build.
///
/// The file is a header (magic, the key, the payload's length and its FNV-1a checksum) and the
/// payload. A missing, foreign, truncated or damaged file reads as nil, so the caller derives the
/// value again and stores it; a file that cannot be written is skipped, never an error. A prefix
/// keeps its newest few entries (the source's older versions, other builds' entries).
public struct CacheEntry: Sendable {
    public let path: String
    private let directory: String
    private let prefix: String
    private let key: UInt64

    static let magic: UInt64 = 0x3145_4843_4142_5757   // "WWBACHE1", little-endian

    /// The entry for `source` (its bytes) under `prefix`; nil without a cache folder or when this
    /// program's build cannot be told apart from another (then nothing derived from one build's
    /// code is handed to another: a parser that changed would read a stale value).
    public init?(directory: String?, prefix: String, source: UnsafeRawBufferPointer, format: UInt32) {
        guard let directory, let build = Self.build else { return nil }
        var hash = FNV1a(seed: build)
        hash.add(format)
        hash.add(source.count)
        for byte in source { hash.add(byte) }
        self.directory = directory
        self.prefix = prefix + "-"
        self.key = hash.value
        path = (directory as NSString).appendingPathComponent("\(prefix)-\(String(hash.value, radix: 16)).bin")
    }

    /// The running executable's identity: its file's device, inode, size, and modification and
    /// change times (a stat of `/proc/self/exe`; every build or install writes a new file, and
    /// the change time is the system's own even where a store fixes the modification time).
    static let build: UInt64? = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return nil }
        var hash = FNV1a(seed: 0x6275_696c_64)
        hash.add(st.st_dev); hash.add(st.st_ino); hash.add(st.st_size)
        hash.add(st.st_mtim.tv_sec); hash.add(st.st_mtim.tv_nsec)
        hash.add(st.st_ctim.tv_sec); hash.add(st.st_ctim.tv_nsec)
        return hash.value
    }()

    /// The payload, when the file is there and whole.
    public func read() -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size >= 32, st.st_size < 16 << 20 else { return nil }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        let got = bytes.withUnsafeMutableBytes { buffer -> Int in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            return done
        }
        guard got == size else { return nil }
        var reader = BinaryReader(bytes)
        guard reader.uint64() == Self.magic, reader.uint64() == key,
              let length = reader.uint64(), let checksum = reader.uint64(), length == UInt64(size - 32) else { return nil }
        let payload = Array(bytes[32...])
        guard Self.checksum(payload) == checksum else { return nil }
        return payload
    }

    /// Entries kept per prefix: one per werkblad build that uses the cache in turn (the program, the
    /// benchmark, the tests' build), so that they do not replace each other's on every run.
    static let versionsKept = 4

    /// The value kept in `entry` when it is there and `decode` reads it to the end; otherwise the
    /// one `derive` makes, stored for the next run (a value that could not be made, an error, is
    /// never stored, so it is reported every time).
    public static func value<T>(in entry: CacheEntry?, decode: (inout BinaryReader) throws -> T,
                                encode: (T, inout BinaryWriter) -> Void, derive: () throws -> T) throws -> T {
        if let payload = entry?.read() {
            var reader = BinaryReader(payload)
            if let value = try? decode(&reader), reader.atEnd { return value }
        }
        let value = try derive()
        if let entry {
            var writer = BinaryWriter()
            encode(value, &writer)
            entry.store(writer.bytes)
        }
        return value
    }

    /// Writes the file whole or not at all, and removes this prefix's entries but the newest `versionsKept`.
    public func store(_ payload: [UInt8]) {
        var out = BinaryWriter()
        out.put(Self.magic); out.put(key); out.put(UInt64(payload.count)); out.put(Self.checksum(payload))
        out.put(bytes: payload)
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              (try? FileOutput.write(Data(out.bytes), to: path, durability: .atomic)) != nil else { return }
        CacheFolder.keepNewest(Self.versionsKept, prefix, keeping: (path as NSString).lastPathComponent, in: directory,
                               entry: { name in
                                   // PREFIX-KEY.bin only: `layout-werkblad-a3-` must not take `layout-werkblad-a3-groot-….bin`.
                                   name.hasSuffix(".bin") && name.dropFirst(prefix.count).dropLast(4).allSatisfy(\.isHexDigit)
                               })
    }

    /// Byte by byte: FNV-1a over 8-byte words lets the top bits of two words cancel (a flipped
    /// sign bit in two lengths went unnoticed); the payloads are a few KiB.
    private static func checksum(_ payload: [UInt8]) -> UInt64 {
        var hash = FNV1a(seed: 0)
        for byte in payload { hash.add(byte) }
        return hash.value
    }
}

/// Values written one after the other, little-endian, for a `CacheEntry`.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    public mutating func put(_ v: Int) { put(UInt64(bitPattern: Int64(v))) }
    public mutating func put(_ v: Double) { put(v.bitPattern) }
    public mutating func put(_ v: Bool) { bytes.append(v ? 1 : 0) }
    /// Bytes as they are (no length before them).
    public mutating func put(bytes more: [UInt8]) { bytes += more }
    public mutating func put(_ v: String) {
        var s = v
        s.withUTF8 { put($0.count); bytes += $0 }
    }
}

/// Reads what a `BinaryWriter` wrote; every read is nil past the end (a damaged file is never trusted).
public struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var atEnd: Bool { offset == bytes.count }

    public mutating func uint64() -> UInt64? {
        guard bytes.count - offset >= 8 else { return nil }
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: v)
    }

    public mutating func int() -> Int? { uint64().map { Int(Int64(bitPattern: $0)) } }

    /// A count of things still to come: never more than the bytes left (each takes one at least).
    public mutating func count() -> Int? {
        guard let n = int(), n >= 0, n <= bytes.count - offset else { return nil }
        return n
    }

    public mutating func double() -> Double? { uint64().map(Double.init(bitPattern:)) }

    public mutating func bool() -> Bool? {
        guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    public mutating func string() -> String? {
        guard let n = count() else { return nil }
        defer { offset += n }
        return bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]), as: UTF8.self) }
    }
}
