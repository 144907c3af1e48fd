import CECSiteCore

/// Checks `lang` values against BCP 47's shape and ISO 639's language codes.
enum LanguageTag {
    /// The ISO 639-1 two-letter codes.
    static let twoLetter: Set<String> = Set(
        """
        aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
        da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu \
        hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb \
        lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om \
        or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw \
        ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.split(separator: " ").map(String.init))

    /// Codes people write by mistake for a language, with the code they meant
    /// (country codes are not language codes: Ukraine is `UA`, Ukrainian is `uk`).
    static let commonMistakes: [String: String] = [
        "ua": "uk", "gb": "en", "us": "en", "dk": "da", "cz": "cs", "gr": "el", "jp": "ja",
        "cn": "zh", "by": "be", "ge": "ka", "rs": "sr", "al": "sq", "vn": "vi",
        // ISO 639-2 codes where BCP 47 requires the two-letter code.
        "ukr": "uk", "eng": "en", "rus": "ru", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "pol": "pl",
    ]

    /// nil when `tag` is a well-formed tag with a known primary language; otherwise why not.
    static func problem(_ tag: String) -> String? {
        let value = tag.trimmingASCIIWhitespace()
        if value.isEmpty { return "is empty" }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false).map { $0.lowercased() }
        let primary = subtags[0]
        if let meant = commonMistakes[primary] {
            return "'\(value)' is not a language code; did you mean '\(meant)'?"
        }
        guard primary.allSatisfy({ $0.isASCII && $0.isLetter }), (2...3).contains(primary.count) || primary == "x" || primary == "i"
        else { return "'\(value)' is not a BCP 47 language tag; write an ISO 639 code such as 'uk' or 'en'" }
        if primary == "i" {
            return "'\(value)' is a deprecated grandfathered tag; write the ISO 639 code of the language instead (e.g. 'lb' for 'i-lux')"
        }
        if primary.count == 2, !twoLetter.contains(primary) {
            return "'\(value)' has no language '\(primary)' in ISO 639-1; write a code such as 'uk' or 'en'"
        }
        for subtag in subtags.dropFirst()
        where subtag.isEmpty || subtag.count > 8
            || !subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        {
            return "'\(value)' is not a well-formed BCP 47 tag (subtag '\(subtag)'); write e.g. 'uk' or 'en-GB'"
        }
        return nil
    }
}
