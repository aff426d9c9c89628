import WerkbladDocuments

/// The session file of a `render` command line, read on the second core from the moment `main`
/// starts, while the first parses the command line and sets up the engine. Reading the session
/// (YAML, the model, the checks) is the longest step before fitting can begin; started only after
/// parsing and the engine, as it was, the main thread waited for it.
///
/// The path is a guess made before the argument parser runs: the first word after `render` that is
/// neither an option nor an option's value. `Render` takes the reading only for the very path it
/// parsed, and reads the file itself otherwise, so a wrong guess costs time, never a result; an
/// error in the file is thrown where `Render` asks for the value, as if it had read it there.
enum SessionReadAhead {
    /// `render`'s options that take a value (the word after them is not the session).
    private static let optionsWithValue: Set<String> = ["-o", "--output", "--layout", "--alleen", "--dpi"]

    nonisolated(unsafe) private static var pending: (path: String, loading: InBackground<LoadedSession>)?

    /// Starts the reading when the command line is a `render`; call once, first thing in `main`.
    static func start(arguments: [String]) {
        guard arguments.count > 1, arguments[0] == "render", let path = sessionPath(in: arguments.dropFirst()) else { return }
        // The heap is tuned before a second thread exists (see ProcessMemory).
        Engine.prepareProcess()
        pending = (path, InBackground { try LoadedSession(path: path) })
    }

    /// The reading started for `path`, if that is the file the guess named.
    static func take(path: String) -> InBackground<LoadedSession>? {
        guard let pending, pending.path == path else { return nil }
        Self.pending = nil
        return pending.loading
    }

    static func sessionPath(in words: ArraySlice<String>) -> String? {
        var skipNext = false
        for (index, word) in zip(words.indices, words) {
            if skipNext { skipNext = false; continue }
            if word == "--" { return words.index(after: index) < words.endIndex ? words[words.index(after: index)] : nil }
            if optionsWithValue.contains(word) { skipNext = true; continue }
            if word.hasPrefix("-") { continue }
            return word
        }
        return nil
    }
}
