/// How the search index and the search script turn text into terms. The script
/// (`templates/assets/search.js`, functions `normalize`, `tokens` and `stem`) must do exactly
/// the same to a query; `SearchTextTests` pins both sides to the same examples.
///
/// 1. Normalise: Unicode NFC, lower case, `ґ` read as `г` (many keyboards lack it), and
///    apostrophes inside a word (`'`, `’`, `ʼ`, `‘`, `` ` ``, `′`) removed, so `м'який`,
///    `м’який` and `мʼякий` are one word.
/// 2. Split into words: runs of letters, marks and digits (every script: і, ї, є are letters),
///    a run followed by `.digits` groups kept whole, so plan ids such as `2.1.3.1` are one word.
/// 3. Stem: Ukrainian words lose one inflectional ending (`виборців`, `виборцям` → `виборц`),
///    English words a plural or `-ing`/`-ed`; numbers are kept; a stem is at least three letters.
///    Terms shorter than two characters are not indexed.
public enum SearchText {
    /// The apostrophes that are read as one (and dropped) inside a word.
    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}", "\u{2018}", "`", "\u{2032}"]

    /// Ukrainian inflectional endings, longest first; the first that leaves a stem of three or
    /// more letters is removed.
    static let ukrainianEndings: [[Unicode.Scalar]] = [
        "ями", "ами", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "им", "ої", "ою", "ею", "єю", "ий", "ій", "ім",
        "их", "іх", "ів", "їв", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ую", "юю", "ая", "яя", "а", "я", "о", "е",
        "є", "у", "ю", "і", "ї", "и", "ь", "й",
    ].map { Array($0.unicodeScalars) }

    /// The words of `text`, normalised (steps 1 and 2).
    public static func words(_ text: String) -> [String] {
        let scalars = normalizedScalars(text)
        var words: [String] = []
        var i = 0
        while i < scalars.count {
            guard isWord(scalars[i]) else { i += 1; continue }
            var word = String.UnicodeScalarView()
            while i < scalars.count, isWord(scalars[i]) { word.append(scalars[i]); i += 1 }
            // `(?:\.\p{N}+)*`: a dot followed by digits continues the word.
            while i + 1 < scalars.count, scalars[i] == ".", isDigit(scalars[i + 1]) {
                word.append(scalars[i])
                i += 1
                while i < scalars.count, isDigit(scalars[i]) { word.append(scalars[i]); i += 1 }
            }
            words.append(String(word))
        }
        return words
    }

    /// The index terms of `text`: its words, stemmed, without those shorter than two characters.
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap { word in
            let term = stem(word)
            return term.unicodeScalars.count >= 2 ? term : nil
        }
    }

    /// Step 1: NFC, lower case, `ґ` → `г`, apostrophes between a letter or digit and a letter removed.
    static func normalize(_ text: String) -> String {
        String(String.UnicodeScalarView(normalizedScalars(text)))
    }

    /// ``normalize(_:)`` as scalars. Latin and Cyrillic text, almost all of it, takes a fast
    /// path: such text is already NFC, and its lower case is a fixed offset.
    static func normalizedScalars(_ text: String) -> [Unicode.Scalar] {
        let simple = text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x400...0x4FF).contains($0.value) }
        let source = simple ? text : text.precomposedStringWithCanonicalMapping
        var lowered: [Unicode.Scalar] = []
        lowered.reserveCapacity(source.unicodeScalars.count)
        for scalar in source.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x41...0x5A, 0x410...0x42F: lowered.append(Unicode.Scalar(v + 0x20)!)
            case 0x400...0x40F: lowered.append(Unicode.Scalar(v + 0x50)!)
            case 0x490: lowered.append("г")
            case 0x491: lowered.append("г")
            case 0...0x7F, 0x430...0x45F: lowered.append(scalar)
            default: lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(lowered.count)
        var i = 0
        while i < lowered.count {
            let scalar = lowered[i]
            if apostrophes.contains(scalar), let last = out.last, isLetter(last) || isDigit(last) {
                var j = i
                while j < lowered.count, apostrophes.contains(lowered[j]) { j += 1 }
                if j < lowered.count, isLetter(lowered[j]) {
                    i = j
                    continue
                }
            }
            out.append(scalar == "ґ" ? "г" : scalar)
            i += 1
        }
        return out
    }

    /// Step 3: one ending off a Ukrainian word, a plural or `-ing`/`-ed` off a word in another script.
    static func stem(_ word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        guard let first = scalars.first, !scalars.allSatisfy({ isDigit($0) || $0 == "." }) else { return word }
        if (0x0400...0x04FF).contains(first.value) {
            for ending in ukrainianEndings where scalars.count - ending.count >= 3 && scalars.suffix(ending.count).elementsEqual(ending) {
                return String(String.UnicodeScalarView(scalars.dropLast(ending.count)))
            }
            return word
        }
        var w = word
        if w.hasSuffix("ies"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is"), w.count > 3 {
            w.removeLast()
        }
        if w.hasSuffix("ing"), w.count >= 6 {
            w.removeLast(3)
        } else if w.hasSuffix("ed"), w.count >= 5 {
            w.removeLast(2)
        }
        return w
    }

    /// The first two characters of a term as the name of its index chunk: `ви` → `432-438`.
    public static func chunkKey(_ term: String) -> String {
        term.unicodeScalars.prefix(2).map { String($0.value, radix: 16) }.joined(separator: "-")
    }

    /// `\p{L}`, `\p{M}` or `\p{N}`, as the script's regular expression reads them.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isMark(scalar) || isDigit(scalar) }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x61...0x7A, 0x41...0x5A, 0x400...0x481, 0x48A...0x4FF: return true
        case 0...0x7F: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x2FF, 0x400...0x482, 0x48A...0x4FF: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// `\p{N}`: any number.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39: return true
        case 0...0x7F, 0x400...0x4FF: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
