import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it is either whole or not there: the bytes go to a temporary file
/// beside the target, every `write` and the `close` are checked, and only then is it renamed over
/// the target. On any failure the temporary file is removed, the target (an older good version)
/// is untouched, and the error says why (a full disk, a size limit).
///
/// How long the file must survive decides one more step (`Durability`): a session file, the
/// user's own words, is flushed to the disk before the rename and its folder after it, so that
/// it survives a power failure; a rendered document is not, because werkblad makes it again
/// from the session file (and a flush per document is the largest single cost of a batch on a
/// slow disk).
public enum FileOutput {
    /// What a finished write promises beyond "whole or not there" to every reader.
    public enum Durability: Sendable, Hashable {
        /// Whole or not there; after a power failure the file may be the older version (or
        /// missing, when it is new). For what werkblad can make again: documents, caches.
        case atomic
        /// Also on the disk when the write returns (`fsync` of the file, then of its folder):
        /// for what only the user has, the session file and the live session's links.
        case durable
    }

    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): fout: kan niet worden geschreven: \(reason); er is niets veranderd" }
    }

    /// - Parameter permissions: the new file's mode (before the umask); 0o600 for a secret.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644, durability: Durability) throws {
        let (dir, name) = split(path)
        // Unique per write, so two threads (or processes) writing the same file never share one.
        let tmp = "\(dir.map { $0 + "/" } ?? "").\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            let code = errno
            // The folder is looked at only when the file could not be made in it.
            if code == ENOENT || code == ENOTDIR {
                let folder = openable(dir)
                var isDir: ObjCBool = false
                if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) || !isDir.boolValue {
                    throw Failure(path: path, reason: "de map \(URL(fileURLWithPath: folder).path) bestaat niet")
                }
            }
            throw Failure(path: path, reason: reason(code))
        }
        func fail(_ code: Int32) -> Failure { unlink(tmp); return Failure(path: path, reason: reason(code)) }
        var offset = 0
        let failure: Int32? = data.withUnsafeBytes { raw -> Int32? in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return errno }
                if n == 0 { return ENOSPC }
                offset += n
            }
            return nil
        }
        if let failure { close(fd); throw fail(failure) }
        if durability == .durable, fsync(fd) != 0 { let e = errno; close(fd); throw fail(e) }
        if close(fd) != 0 { throw fail(errno) }
        if rename(tmp, path) != 0 { throw fail(errno) }
        if durability == .durable { syncFolder(of: path) }
    }

    /// Flushes the folder holding `path` to the disk: a rename into it lasts only once it is. Done
    /// where the system allows it: a folder that cannot be opened for reading, or a file system that
    /// does not flush folders (EINVAL), leaves the rename as the file system keeps it. The file is in
    /// place by then, so no failure here may say that nothing was written.
    public static func syncFolder(of path: String) {
        let dir = openable(split(path).folder)
        let folder = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        _ = fsync(folder)
        close(folder)
    }

    /// `path` as the folder before its last slash (nil: none, the working folder; empty: the
    /// root) and the name after it. A trailing slash names no file: the name is then empty and
    /// the open fails as it should.
    static func split(_ path: String) -> (folder: String?, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (nil, path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// A folder from `split` as a path to open: the working folder for none, the root for empty.
    static func openable(_ folder: String?) -> String { folder.map { $0.isEmpty ? "/" : $0 } ?? "." }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "de schijf is vol"
        case EFBIG: return "het bestand wordt groter dan is toegestaan (bestandsgrootte-limiet)"
        case EDQUOT: return "het schijfquotum is op"
        case EACCES, EPERM: return "geen schrijfrechten"
        case EROFS: return "het bestandssysteem is alleen-lezen"
        default: return String(cString: strerror(code))
        }
    }
}

/// The folders werkblad keeps compiled data in (the hyphenation machines, the font scan).
enum CacheFolder {
    /// Removes the entries of `directory` whose names start with `prefix`, except `keeping`: the
    /// older versions of one cache entry, once a newer one has been written.
    static func removeOlder(_ prefix: String, keeping: String, in directory: String) {
        keepNewest(1, prefix, keeping: keeping, in: directory)
    }

    /// Removes the entries of `directory` whose names start with `prefix` (and pass `entry`) but
    /// the `count` written last (by modification time; `keeping`, just written, always among them).
    static func keepNewest(_ count: Int, _ prefix: String, keeping: String, in directory: String,
                           entry: (String) -> Bool = { _ in true }) {
        let fm = FileManager.default
        var others: [(modified: Int, path: String)] = []
        for other in (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        where other.hasPrefix(prefix) && other != keeping && entry(other) {
            let path = (directory as NSString).appendingPathComponent(other)
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            others.append((st.st_mtim.tv_sec * 1_000_000_000 + st.st_mtim.tv_nsec, path))
        }
        for old in others.sorted(by: { $0.modified > $1.modified }).dropFirst(max(0, count - 1)) {
            try? fm.removeItem(atPath: old.path)
        }
    }
}
