extension String {
    /// The text without leading and trailing white space (space, tab, line breaks). The text
    /// itself, uncopied, when it has none, as identifiers from feeds almost always do: Foundation's
    /// `trimmingCharacters(in:)` bridges every call through NSString.
    var trimmedWhitespace: String {
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }
        guard let first = first, let last = last, isSpace(first) || isSpace(last) else { return self }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
