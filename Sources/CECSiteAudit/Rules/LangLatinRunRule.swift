import CECSiteCore

/// `lang-latin-run`: a phrase in Latin script inside Ukrainian text is marked with its
/// language (WCAG 3.1.2). A warning: the rule guesses from the script.
///
/// To keep false alarms rare it only reports runs of two or more Latin words with at least
/// eight letters, with at least one word not capitalised (WCAG exempts proper names, and a run
/// of capitalised words — "Central Election Commission" — is most likely one). Acronyms (CEC,
/// PDF, WCAG), URLs, e-mail addresses and file names break a run; code, keyboard input, sample
/// output, variables and preformatted text are skipped.
struct LangLatinRunRule: AuditRule {
    let id = "lang-latin-run"
    let criterion = "3.1.2"
    let severity: Diagnostic.Severity = .warning
    let summary = """
        A phrase in another language inside Ukrainian text (English, say) should be wrapped in an \
        element with its lang, e.g. <span lang="en">, so screen readers switch pronunciation; \
        proper names are exempt.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Про план — ЦВК</title></head>
        <body><main><h1>Про план</h1><p>План має назву Strategic plan of the Commission.</p></main></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Про план — ЦВК</title></head>
        <body><main><h1>Про план</h1><p>План має назву <span lang="en">Strategic plan of the Commission</span>.
        Його видала Central Election Commission у форматах PDF та CSV.</p></main></body>
        </html>
        """

    private static let skipped: Set<String> = [
        "code", "kbd", "samp", "pre", "var", "script", "style", "template", "textarea", "title", "abbr", "svg", "math",
    ]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        guard let body = page.document.body else { return }
        // Each element's language is inherited down the stack rather than looked up through its
        // ancestors (`HTMLNode.language`), which took quadratic time on deeply nested pages.
        var stack: [(node: HTMLNode, inherited: String?)] = [(body, body.parent?.language)]
        while let (node, inherited) = stack.popLast() {
            if node.kind == .element {
                if Self.skipped.contains(node.tag) || node.namespace != .html || node.attribute("translate")?.lowercased() == "no" { continue }
                let own = (node.attribute("lang") ?? node.attribute("xml:lang")).map { $0.trimmingASCIIWhitespace().lowercased() }
                guard let language = own ?? inherited, language == "uk" || language.hasPrefix("uk-") else { continue }
                stack.append(contentsOf: node.children.reversed().map { ($0, language) })
                continue
            }
            for run in Self.latinRuns(node.text) {
                var line = node.line
                var column = node.column
                for scalar in node.text.unicodeScalars.prefix(run.offset) {
                    if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                let shown = run.text.count > 80 ? String(run.text.prefix(77)) + "…" : run.text
                report.add(
                    self, SourceLocation(file: page.path, line: line, column: column),
                    "\"\(shown)\" looks like a phrase in another language inside Ukrainian text; wrap it in an element with its language, e.g. <span lang=\"en\">…</span> (proper names need none)"
                )
            }
        }
    }

    /// Runs of Latin words in `text`, with their offsets in Unicode scalars.
    static func latinRuns(_ text: String) -> [(text: String, offset: Int)] {
        // Tokens: maximal runs of non-whitespace, with their offsets.
        var tokens: [(text: String, offset: Int)] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if scalar.properties.isWhitespace {
                if !current.isEmpty { tokens.append((String(current), start)) }
                current = String.UnicodeScalarView()
            } else {
                if current.isEmpty { start = index }
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append((String(current), start)) }

        var runs: [(text: String, offset: Int)] = []
        var run: [(word: String, offset: Int, length: Int)] = []
        func flush() {
            defer { run = [] }
            let words = run.map(\.word).filter { !isAcronym($0) }
            guard words.count >= 2, words.reduce(0, { $0 + $1.count }) >= 8,
                words.contains(where: { $0.first?.isLowercase == true }),
                let first = run.first, let last = run.last
            else { return }
            let scalars = Array(text.unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[first.offset..<(last.offset + last.length)])
            runs.append((String(view), first.offset))
        }
        let opening: Set<Character> = ["(", "[", "«", "\"", "“", "„", "'", "‘"]
        let closing: Set<Character> = [")", "]", "»", "\"", "”", "“", "'", "’", ",", ".", ";", ":", "!", "?", "…"]
        for token in tokens {
            var word = Substring(token.text)
            var leading = 0
            while let c = word.first, opening.contains(c) { word = word.dropFirst(); leading += 1 }
            var endsRun = false
            while let c = word.last, closing.contains(c) { word = word.dropLast(); endsRun = true }
            let isWord =
                !word.isEmpty && word.first!.isASCII && word.first!.isLetter
                && word.allSatisfy { ($0.isASCII && $0.isLetter) || $0 == "-" || $0 == "'" || $0 == "’" }
                && word.last!.isLetter
            if !isWord || leading > 0 { flush() }
            if isWord {
                run.append((String(word), token.offset + leading, word.unicodeScalars.count))
            }
            if endsRun || !isWord { flush() }
        }
        flush()
        return runs
    }

    /// All capitals (CEC, PDF, WCAG, ЦВК's Latin acronyms), or a single letter.
    private static func isAcronym(_ word: String) -> Bool {
        word.count <= 1 || (word.count <= 6 && word.allSatisfy { $0.isUppercase || $0 == "-" })
    }
}
