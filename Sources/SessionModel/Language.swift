/// The language of the printed labels.
public enum Language: String, Sendable, CaseIterable {
    case nl, en
}

/// A label in every supported language.
public struct LocalizedText: Sendable, Hashable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) { self.nl = nl; self.en = en }

    public subscript(language: Language) -> String { language == .nl ? nl : en }
}

