import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an input file the user named, whatever it turns out to be: only a regular file, and
/// never more than `limit` bytes however large it claims to be (a `/proc` file says 0, a device
/// has no end). Every failure is a Dutch diagnostic for that file.
public enum InputFile {
    public static func read(_ path: String, limit: Int) throws -> Data {
        let here = SourcePosition(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Diagnostic.error(here, errno == ENOENT ? "bestand bestaat niet" : "bestand kan niet worden gelezen (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Diagnostic.error(here, "is een map, geen bestand")
        default: throw Diagnostic.error(here, "is geen gewoon bestand (een apparaat, pipe of socket); geef een bestand")
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Diagnostic.error(here, "bestand kan niet worden gelezen (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= limit {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit + 1 - data.count)) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic.error(here, "bestand kan niet worden gelezen (\(String(cString: strerror(errno))))")
            }
            data.append(contentsOf: buffer[0..<n])
        }
        // A file that says it is empty and yet has content is the system's (/proc, /sys), not the user's.
        if info.st_size == 0, !data.isEmpty {
            throw Diagnostic.error(here, "is geen gewoon bestand (een bestand van het systeem, zoals in /proc); geef een bestand")
        }
        guard data.count <= limit else {
            throw Diagnostic.error(here, "bestand is te groot (meer dan \(limit / 1024) KiB); de grens is \(limit / 1024) KiB")
        }
        return data
    }

    /// The text of a file as UTF-8 with no control characters but tab and line breaks; otherwise
    /// an error at the line and column of the first offending byte.
    public static func text(_ data: Data, path: String) throws -> String {
        // A byte order mark (Windows editors write one before UTF-8) is not part of the text.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return try text(data.dropFirst(3), path: path) }
        // Most files are fine: valid UTF-8 (checked by the standard library) without a control
        // character (one pass over the bytes). Only a file that is not is walked character by
        // character below, for the line and column of what is wrong.
        if let text = String(validating: data, as: UTF8.self), !hasControlCharacter(data) { return text }
        let bytes = [UInt8](data)
        var line = 1, column = 1
        var i = 0
        func position() -> SourcePosition { SourcePosition(file: path, line: line, column: column) }
        while i < bytes.count {
            let b = bytes[i]
            var length = 1
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1; i += 1; continue }
                if b == 0x0D {
                    // CR LF or a lone CR: one line break.
                    if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                    line += 1; column = 1; i += 1; continue
                }
                if b < 0x20 && b != 0x09 || b == 0x7F {
                    let name = b == 0 ? "een NUL-teken (\\0)" : String(format: "het stuurteken U+%04X", b)
                    throw Diagnostic.error(position(), "\(name) hoort niet in tekst; haal het weg (alleen tab en regeleinden mogen)")
                }
            } else {
                length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
                let end = i + length
                guard length > 0, end <= bytes.count, let s = String(bytes: bytes[i..<end], encoding: .utf8), let scalar = s.unicodeScalars.first else {
                    throw Diagnostic.error(position(), latin1Advice(bytes))
                }
                // C1 controls (U+0080–U+009F) are control characters too.
                if (0x80...0x9F).contains(scalar.value) {
                    throw Diagnostic.error(position(), String(format: "het stuurteken U+%04X hoort niet in tekst; haal het weg", scalar.value))
                }
            }
            i += length
            column += 1
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Diagnostic.error(position(), latin1Advice(bytes)) }
        return text
    }

    /// Whether valid UTF-8 `data` holds a control character other than tab, LF and CR: C0, DEL, or
    /// a C1 control (U+0080–U+009F, encoded C2 80 to C2 9F).
    static func hasControlCharacter(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var previous: UInt8 = 0
            for b in bytes {
                if b < 0x20 { if b != 0x09 && b != 0x0A && b != 0x0D { return true } }
                else if b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F) { return true }
                previous = b
            }
            return false
        }
    }

    /// What to do with a file that is not UTF-8: usually it was saved as Latin-1 or Windows-1252.
    static func latin1Advice(_ bytes: [UInt8]) -> String {
        let looksLatin = bytes.contains { (0xC0...0xFF).contains($0) || [0x80, 0x91, 0x92, 0x93, 0x94, 0x96].contains($0) }
        return "bestand is geen geldige UTF-8-tekst" + (looksLatin
            ? "; het lijkt als Latin-1 of Windows-1252 opgeslagen: sla het op als UTF-8 (in Kladblok: Opslaan als, Codering: UTF-8; in een teksteditor: Opslaan met codering UTF-8)"
            : "; sla het op als UTF-8")
    }
}
