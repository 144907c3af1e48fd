import CECSiteContent
import CECSiteCore

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
package enum SearchText {

    /// Ukrainian inflectional endings, longest first; the first that leaves a stem of three or
    /// more letters is removed.
    package static let ukrainianEndings: [[Unicode.Scalar]] = [
        "ями", "ами", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "им", "ої", "ою", "ею", "єю", "ий", "ій", "ім",
        "их", "іх", "ів", "їв", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ую", "юю", "ая", "яя", "а", "я", "о", "е",
        "є", "у", "ю", "і", "ї", "и", "ь", "й",
    ].map { Array($0.unicodeScalars) }

    /// The words of `text`, normalised (steps 1 and 2).
    package static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(normalizedScalars(text)) { words.append(string($0)) }
        return words
    }

    /// The index terms of `text`: its words, stemmed, without those shorter than two characters.
    package static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(text) { terms.append(string($0)) }
        return terms
    }

    /// Calls `body` with each index term of `text` (``terms(_:)``) as scalars.
    package static func forEachTerm(_ text: String, _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        forEachWord(normalizedScalars(text)) { word in
            let term = stem(word)
            if term.count >= 2 { body(term) }
        }
    }

    /// Calls `body` with each word of normalised scalars (step 2), without making a `String`.
    package static func forEachWord(_ scalars: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        var i = 0
        while i < scalars.count {
            guard isWord(scalars[i]) else { i += 1; continue }
            let start = i
            while i < scalars.count, isWord(scalars[i]) { i += 1 }
            // `(?:\.\p{N}+)*`: a dot followed by digits continues the word.
            while i + 1 < scalars.count, scalars[i] == ".", isDigit(scalars[i + 1]) {
                i += 1
                while i < scalars.count, isDigit(scalars[i]) { i += 1 }
            }
            body(scalars[start..<i])
        }
    }

    /// The scalars as a `String`, encoded by hand: appending to a `UnicodeScalarView` one scalar
    /// at a time was a tenth of a large build.
    package static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { encode(scalars, into: $0) }
    }

    /// The scalars as UTF-8 bytes, encoded as ``string(_:)`` encodes them.
    package static func utf8(_ scalars: ArraySlice<Unicode.Scalar>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: scalars.count * 4) { buffer, count in count = encode(scalars, into: buffer) }
    }

    /// Writes the UTF-8 of `scalars` into `buffer`, which has room for four bytes a scalar;
    /// returns the number of bytes written.
    private static func encode(_ scalars: ArraySlice<Unicode.Scalar>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        for scalar in scalars {
            let v = scalar.value
            if v < 0x80 {
                buffer[n] = UInt8(v); n += 1
            } else if v < 0x800 {
                buffer[n] = UInt8(0xC0 | v >> 6); buffer[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
            } else if v < 0x10000 {
                buffer[n] = UInt8(0xE0 | v >> 12); buffer[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                buffer[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
            } else {
                buffer[n] = UInt8(0xF0 | v >> 18); buffer[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                buffer[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); buffer[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
            }
        }
        return n
    }

    /// Step 1: NFC, lower case, `ґ` → `г`, apostrophes between a letter or digit and a letter removed.
    package static func normalize(_ text: String) -> String {
        String(String.UnicodeScalarView(normalizedScalars(text)))
    }

    /// ``normalize(_:)`` as scalars. Latin and Cyrillic text, almost all of it, takes a fast
    /// path: such text is already NFC, and its lower case is a fixed offset.
    package static func normalizedScalars(_ text: String) -> [Unicode.Scalar] {
        // General Punctuation (dashes, quotes, ellipsis) is NFC as it is and never combines;
        // U+2000 and U+2001 alone decompose (to U+2002 and U+2003).
        let simple = text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x400...0x4FF).contains($0.value) || (0x2002...0x206F).contains($0.value) }
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
            case 0...0x7F, 0x430...0x45F, 0x2002...0x206F: lowered.append(scalar)
            default: lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(lowered.count)
        var i = 0
        while i < lowered.count {
            let scalar = lowered[i]
            if isApostrophe(scalar), let last = out.last, isLetter(last) || isDigit(last) {
                var j = i
                while j < lowered.count, isApostrophe(lowered[j]) { j += 1 }
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

    /// The apostrophes that are read as one (and dropped) inside a word: `'`, `` ` ``, U+2019,
    /// U+02BC, U+2018, U+2032. A switch, not a set: this runs for every character of every text.
    @inline(__always) package static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x60, 0x2019, 0x02BC, 0x2018, 0x2032: return true
        default: return false
        }
    }

    /// Step 3: one ending off a Ukrainian word, a plural or `-ing`/`-ed` off a word in another script.
    package static func stem(_ word: String) -> String { string(stem(Array(word.unicodeScalars)[...])) }

    /// Step 3 on scalars. Lengths are counted as the script counts them: scalars for Ukrainian
    /// words (`Array.from`), UTF-16 units for the others (`String.length`).
    package static func stem(_ word: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = word.first, !word.allSatisfy({ isDigit($0) || $0 == "." }) else { return word }
        func ends(_ w: ArraySlice<Unicode.Scalar>, _ suffix: [Unicode.Scalar]) -> Bool {
            w.count >= suffix.count && w.suffix(suffix.count).elementsEqual(suffix)
        }
        if (0x0400...0x04FF).contains(first.value) {
            // Only the endings with the word's last letter are compared (a tenth of them).
            let last = word.last
            for ending in ukrainianEndings where ending.last == last && word.count - ending.count >= 3 && ends(word, ending) {
                return word.dropLast(ending.count)
            }
            return word
        }
        var w = word
        func length(_ w: ArraySlice<Unicode.Scalar>) -> Int { w.reduce(0) { $0 + ($1.value > 0xFFFF ? 2 : 1) } }
        if ends(w, ["i", "e", "s"]), length(w) > 4 {
            w = w.dropLast(3) + ["y"]
        } else if ends(w, ["s"]), !ends(w, ["s", "s"]), !ends(w, ["u", "s"]), !ends(w, ["i", "s"]), length(w) > 3 {
            w = w.dropLast()
        }
        if ends(w, ["i", "n", "g"]), length(w) >= 6 {
            w = w.dropLast(3)
        } else if ends(w, ["e", "d"]), length(w) >= 5 {
            w = w.dropLast(2)
        }
        return w
    }

    /// The first two characters of a term as the name of its index chunk: `ви` → `432-438`.
    package static func chunkKey(_ term: String) -> String {
        term.unicodeScalars.prefix(2).map { String($0.value, radix: 16) }.joined(separator: "-")
    }

    /// `\p{L}`, `\p{M}` or `\p{N}`, as the script's regular expression reads them.
    package static func isWord(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isMark(scalar) || isDigit(scalar) }

    package static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
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

    package static func isMark(_ scalar: Unicode.Scalar) -> Bool {
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
    package static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
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
