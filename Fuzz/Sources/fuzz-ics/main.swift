import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit

/// The iCalendar writer: TEXT escaping, folding at 75 octets, and whole feeds.
///
/// Invariants (RFC 5545 §3.1 and §3.3.11): every physical line is at most 75 octets of valid
/// UTF-8 with no bare CR or LF; unfolding gives back the content line; unescaping gives back the
/// text (line breaks normalised to LF, lone CRs and other controls but tab dropped); every property value the feed carries
/// unescapes to the text it was given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)

    let escaped = Fuzzing.icsEscape(text)
    let line = "DESCRIPTION:" + escaped
    let folded = Fuzzing.icsFold(line)
    checkPhysicalLines(folded + "\r\n")
    require(scalars(unfold(folded)) == scalars(line), "unfolding does not give back the content line \(quoted(line))")
    require(scalars(unescape(escaped)) == scalars(withoutCR(text)),
            "unescaping \(quoted(escaped)) does not give back \(quoted(text))")

    // The same text as the title, description, location and calendar name of a whole feed.
    let parts = text.split(separator: "\u{1}", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
    let title = parts[0], description = parts.count > 1 ? parts[1] : "", location = parts.count > 2 ? parts[2] : ""
    let name = parts.count > 3 ? parts[3] : ""
    let feed = Fuzzing.icsFeed(name: name, title: title, description: description, location: location)
    require(feed.hasSuffix("END:VCALENDAR\r\n"), "the feed does not end with END:VCALENDAR and CRLF")
    checkPhysicalLines(feed)
    let properties = unfold(String(feed.dropLast(2))).components(separatedBy: "\r\n")
    func values(_ name: String) -> [String] {
        // By scalars: a value that starts with a combining mark makes one Character with the colon.
        let prefix = Array((name + ":").unicodeScalars)
        return properties.filter { $0.unicodeScalars.starts(with: prefix) }
            .map { unescape(String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(prefix.count)))) }
    }
    require(values("SUMMARY").map(scalars) == Array(repeating: scalars(withoutCR(title)), count: 2), "SUMMARY does not round-trip: \(values("SUMMARY").map { quoted($0) }) for \(quoted(title))")
    require(values("DESCRIPTION").map(scalars) == [scalars(withoutCR(description))], "DESCRIPTION does not round-trip")
    require(values("LOCATION").map(scalars) == [scalars(withoutCR(location))], "LOCATION does not round-trip")
    require(values("X-WR-CALNAME").map(scalars) == [scalars(withoutCR(name))], "X-WR-CALNAME does not round-trip")
    require(properties.filter { $0 == "BEGIN:VEVENT" }.count == 2 && properties.filter { $0 == "END:VEVENT" }.count == 2,
            "the feed does not hold exactly the two events it was given")
    return 0
}

/// Checks every CRLF-terminated physical line: at most 75 octets, valid UTF-8, no bare CR or LF,
/// and a continuation line starts with a space.
private func checkPhysicalLines(_ feed: String) {
    let octets = Array(feed.utf8)
    var start = 0, index = 0
    while index < octets.count {
        if octets[index] == 0x0D, index + 1 < octets.count, octets[index + 1] == 0x0A {
            let line = Array(octets[start..<index])
            require(line.count <= 75, "a line of \(line.count) octets: \(quoted(String(decoding: line, as: UTF8.self)))")
            require(String(validating: line, as: UTF8.self) != nil, "a line is not valid UTF-8 (folded inside a character)")
            require(!line.contains(0x0D) && !line.contains(0x0A), "a bare CR or LF inside a line: \(quoted(String(decoding: line, as: UTF8.self)))")
            index += 2
            start = index
        } else {
            index += 1
        }
    }
    require(start == octets.count, "the text does not end with CRLF")
}

/// RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed.
private func unfold(_ folded: String) -> String {
    var out: [UInt8] = []
    let octets = Array(folded.utf8)
    var index = 0
    while index < octets.count {
        if octets[index] == 0x0D, index + 2 < octets.count, octets[index + 1] == 0x0A,
           octets[index + 2] == 0x20 || octets[index + 2] == 0x09 {
            index += 3
            continue
        }
        out.append(octets[index])
        index += 1
    }
    return String(decoding: out, as: UTF8.self)
}

/// RFC 5545 §3.3.11 unescaping, scalar by scalar; an escape outside `\\ \; \, \n \N` fails.
private func unescape(_ value: String) -> String {
    var out = String.UnicodeScalarView()
    var iterator = value.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
        require(scalar != ";" && scalar != ",", "an unescaped \(scalar) in the TEXT value \(quoted(value))")
        guard scalar == "\\" else { out.append(scalar); continue }
        switch iterator.next() {
        case "\\": out.append("\\")
        case ";": out.append(";")
        case ",": out.append(",")
        case "n", "N": out.append("\n")
        case let other: require(false, "an invalid escape \\\(other.map(String.init) ?? "(end)") in \(quoted(value))")
        }
    }
    return String(out)
}

/// The text as TEXT carries it: CRs dropped (a CRLF is its LF), and the other control
/// characters RFC 5545 does not allow in TEXT dropped too; tab and LF kept.
private func withoutCR(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\t" || $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F) }))
}

private func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
