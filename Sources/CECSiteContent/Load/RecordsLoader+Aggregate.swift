import CECSiteCore
import Dispatch
import Foundation

extension RecordsLoader {
    /// Streams `file` and counts its records per key.
    ///
    /// Large files are read in parts at once, each part starting after a line feed near its
    /// share of the file. A part is used only when the part before it ended exactly at that line
    /// feed (a quoted field with a line break may cross it; the part before then reads on to the
    /// end alone), so the counts and the diagnostics, capped at ``reportLimit``, are those of
    /// reading the file from start to end.
    package func aggregate(_ file: String, _ kind: RecordKind) -> (Int, [(key: [String], counts: [Int])])? {
        guard var scanner = CSVScanner(path: file) else {
            sink.error(SourceLocation(file: file), "Cannot read the records file; check that it is readable")
            return nil
        }
        var bad = 0
        func report(_ line: Int, _ column: Int, _ message: String) {
            bad += 1
            if bad <= reportLimit { sink.error(SourceLocation(file: file, line: line, column: column), message) }
        }
        var header: RecordsHeader?
        while scanner.next() {
            for p in scanner.problems { report(p.line, p.column, "Malformed CSV: \(p.message)") }
            if scanner.isBlank { continue }
            let names = (0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) }
            header = RecordsHeader(names, line: scanner.recordLine, kind: kind, file: file, sink: sink)
            break
        }
        guard let header else {
            guard !scanner.readFailed else {
                sink.error(SourceLocation(file: file), "Cannot read the records file; check that it is readable")
                return nil
            }
            sink.error(SourceLocation(file: file), "The records file is empty; it needs a header row and records")
            if bad > reportLimit {
                sink.error(SourceLocation(file: file), "\(bad - reportLimit) more bad row(s) not listed; fix the ones above and build again")
            }
            return (0, [])
        }

        let headerEncodingReported = scanner.encodingReported
        // The parts: the first goes on with the scanner that read the header.
        var scanners = [scanner]
        // `stat`, not `FileManager.attributesOfItem`, which also looks up the owner's and the
        // group's names (the password and group files read, about a millisecond).
        var status = stat()
        let size = stat(file, &status) == 0 ? Int(status.st_size) : 0
        let wanted = parts ?? min(ProcessInfo.processInfo.activeProcessorCount, (size - scanner.offset) / max(1, minimumPartBytes))
        if wanted > 1 {
            let share = (size - scanner.offset) / wanted
            for n in 1..<wanted {
                guard let start = CSVScanner.lineStart(after: scanner.offset + n * share, in: file),
                    start > scanners[scanners.count - 1].offset, start < size,
                    let next = CSVScanner(path: file, offset: start)
                else { break }
                scanners[scanners.count - 1].limit = start
                scanners.append(next)
            }
        }
        // Each part reads with its own scanner (its own buffers), and no other part touches it.
        nonisolated(unsafe) let readers = scanners
        let limit = reportLimit
        let results = parallelMap(readers.count) { n in RecordsPart(readers[n], header, kind, limit: limit) }

        // Each part in file order, as long as the one before ended where it began.
        var records = 0, lineOffset = 0
        var encodingReported = false
        var counts: [[String]: [Int]] = [:]
        for n in scanners.indices {
            let part = results[n]
            guard !part.readFailed else {
                sink.error(SourceLocation(file: file), "Cannot read the records file; check that it is readable")
                return nil
            }
            // The file's encoding problem is reported once: a later part's is dropped.
            let dropped = n > 0 && encodingReported ? part.encodingEvent : nil
            for (i, event) in part.events.enumerated() where i != dropped {
                report(event.line + lineOffset, event.column, event.message)
            }
            bad += part.eventCount - part.events.count - (dropped.map { $0 >= part.events.count ? 1 : 0 } ?? 0)
            encodingReported = encodingReported || part.encodingEvent != nil || (n == 0 && headerEncodingReported)
            records += part.records
            for group in part.groups {
                var row = counts[group.key] ?? Array(repeating: 0, count: RecordGender.allCases.count)
                for i in row.indices { row[i] += group.counts[i] }
                counts[group.key] = row
            }
            guard part.stoppedAtLimit else { break }
            lineOffset += part.endLine - 1
        }
        if bad > reportLimit {
            sink.error(SourceLocation(file: file), "\(bad - reportLimit) more bad row(s) not listed; fix the ones above and build again")
        }
        let groups = counts.map { (key: $0.key, counts: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return (records, groups)
    }
}

/// A records file's header: where the key and gender columns are, reported on when wrong.
package struct RecordsHeader {
    /// The header's field count, which every row must have. With a repeated column it differs
    /// from the number of distinct names, and a row as short as the names would be read past its end.
    package var fields: Int
    /// The columns of the kind's keys, in key order; nil when a column is missing.
    package var keyIndexes: [Int]?
    package var genderIndex = 0

    package init(_ names: [String], line: Int, kind: RecordKind, file: String, sink: DiagnosticSink) {
        fields = names.count
        let names = names.map { $0.trimmingCharacters(in: .whitespaces) }
        var missing = kind.columns.filter { !names.contains($0) }
        var columns: [String: Int] = [:]
        // Columns are numbered as in a spreadsheet, as the rows' values are.
        for (i, name) in names.enumerated() {
            if !kind.columns.contains(name) {
                // A misspelt name stands for the missing column it is near: one error, here.
                let near = Suggest.nearest(to: name, in: Set(kind.columns))
                if let near, let k = missing.firstIndex(of: near) { missing.remove(at: k) }
                let hint = near.map { "did you mean '\($0)'? " } ?? ""
                sink.error(
                    SourceLocation(file: file, line: line, column: i + 1),
                    "Unknown column '\(name)' for \(kind.rawValue) records; \(hint)the columns are: \(kind.columns.joined(separator: ", "))")
            } else if columns[name] != nil {
                sink.error(SourceLocation(file: file, line: line, column: i + 1), "Column '\(name)' appears twice in the header; keep one")
            }
            columns[name] = columns[name] ?? i
        }
        if !missing.isEmpty {
            sink.error(
                SourceLocation(file: file, line: line, column: 1),
                "The header lacks the column(s) \(missing.joined(separator: ", ")); \(kind.rawValue) records need: \(kind.columns.joined(separator: ", "))")
        }
        // Rows are read only with every column there, misspelt ones included.
        if kind.columns.allSatisfy({ columns[$0] != nil }) {
            keyIndexes = kind.keys.compactMap { columns[$0] }
            genderIndex = columns["gender"] ?? 0
        }
    }
}

/// The counts and bad rows of one part of a records file, read by one scanner; lines are
/// counted from the part's start.
package struct RecordsPart {
    package var records = 0
    /// The counts per gender of each key, in the order the keys first occur.
    package var groups: [(key: [String], counts: [Int])] = []
    /// The first bad rows and malformed fields, as many as are ever reported.
    package var events: [(line: Int, column: Int, message: String)] = []
    package var eventCount = 0
    /// Which event is the encoding problem, if the part has one.
    package var encodingEvent: Int?
    /// The part ended where the next one starts (not at the end of the file).
    package var stoppedAtLimit = false
    /// The line after the part's last record.
    package var endLine = 1
    package var readFailed = false

    /// Reads `scanner` to its limit (or the end) and counts its records.
    package init(_ scanner: CSVScanner, _ header: RecordsHeader, _ kind: RecordKind, limit: Int) {
        var scanner = scanner
        // Only new values and the other fields are checked for the encoding: checking each
        // record whole took a quarter of the time.
        scanner.checksEncoding = false
        func event(_ line: Int, _ column: Int, _ message: @autoclosure () -> String, encoding: Bool = false) {
            if encoding { encodingEvent = eventCount }
            if events.count < limit { events.append((line, column, message())) }
            eventCount += 1
        }
        let genderCount = RecordGender.allCases.count
        let keyIndexes = header.keyIndexes ?? []
        let names = kind.keys
        // Each column's distinct values by their bytes (a number each), with their trimmed
        // text; a row's key is the numbers of its key values.
        var tables = [ByteTable](repeating: ByteTable(), count: keyIndexes.count)
        var values = [[String]](repeating: [], count: keyIndexes.count)
        var genders = ByteTable()
        var genderSlots: [Int] = []
        let otherIndexes = (0..<header.fields).filter { !keyIndexes.contains($0) && $0 != header.genderIndex }
        var groupTable = GroupTable()
        var counts: [Int] = []
        // The row's key, one number per key column (-1 until found): four scalars in memory, made
        // a vector once per row. Written element by element into a `SIMD4`, each write went
        // through the stack and stalled the next read of the whole vector (a fifth of the loop,
        // `perf annotate`).
        let key = UnsafeMutablePointer<Int32>.allocate(capacity: 4)
        key.initialize(repeating: -1, count: 4)
        defer { key.deallocate() }
        rows: while scanner.nextPlain() || scanner.next() {
            // The numbers of the row's values seen before (-1 for new ones), found first because
            // they are clean UTF-8: until the file's encoding problem is found, every value is
            // checked when it is new, and a value is kept only from a complete row.
            key.update(repeating: -1, count: 4)
            var genderNumber = -1
            let complete = header.keyIndexes != nil && scanner.fieldCount == header.fields
            if complete {
                for k in keyIndexes.indices {
                    let bytes = scanner.field(keyIndexes[k])
                    if let number = tables[k].find(bytes, hash: ByteTable.hash(bytes)) { key[k] = Int32(number) }
                }
                let bytes = scanner.field(header.genderIndex)
                genderNumber = genders.find(bytes, hash: ByteTable.hash(bytes)) ?? -1
            }
            if !scanner.encodingReported {
                var clean = true
                if complete {
                    for k in keyIndexes.indices where clean && key[k] < 0 { clean = CSVScanner.isCleanUTF8(scanner.field(keyIndexes[k])) }
                    if clean && genderNumber < 0 { clean = CSVScanner.isCleanUTF8(scanner.field(header.genderIndex)) }
                    for i in otherIndexes where clean { clean = CSVScanner.isCleanUTF8(scanner.field(i)) }
                } else {
                    for i in 0..<scanner.fieldCount where clean { clean = CSVScanner.isCleanUTF8(scanner.field(i)) }
                }
                if !clean { scanner.checkEncoding() }
            }
            if !scanner.problems.isEmpty {
                for p in scanner.problems { event(p.line, p.column, "Malformed CSV: \(p.message)", encoding: p.isEncoding) }
            }
            // Its fields are not the ones the writer meant, so they are not checked further.
            if scanner.isBlank || scanner.isUnterminated { continue }
            guard header.keyIndexes != nil else { continue }
            records += 1
            guard scanner.fieldCount == header.fields else {
                event(scanner.recordLine, 1, "Row has \(scanner.fieldCount) fields, the header \(header.fields); check its commas and quotes")
                continue
            }
            for k in keyIndexes.indices where key[k] < 0 {
                let index = keyIndexes[k]
                let bytes = scanner.field(index)
                let value = String(decoding: bytes, as: UTF8.self).trimmedSpaces
                let name = names[k]
                if value.isEmpty {
                    event(scanner.recordLine, index + 1, "Empty '\(name)'; every record needs one")
                    continue rows
                }
                if let allowed = kind.allowed[name], !allowed.contains(value) {
                    let hint = Suggest.didYouMean(value, in: Set(allowed))
                    event(scanner.recordLine, index + 1, "Unknown \(name) '\(value)'; \(hint)write one of: \(allowed.joined(separator: ", "))")
                    continue rows
                }
                key[k] = Int32(tables[k].insert(bytes, hash: ByteTable.hash(bytes)))
                values[k].append(value)
            }
            let slot: Int
            if genderNumber >= 0 {
                slot = genderSlots[genderNumber]
            } else {
                let bytes = scanner.field(header.genderIndex)
                let text = String(decoding: bytes, as: UTF8.self)
                guard let gender = RecordGender.code(text) else {
                    event(
                        scanner.recordLine, header.genderIndex + 1,
                        "Unknown gender code '\(text)'; write female or male (also f/m, ж/ч), other, or leave it empty when unknown")
                    continue
                }
                genders.insert(bytes, hash: ByteTable.hash(bytes))
                slot = RecordGender.allCases.firstIndex(of: gender) ?? 0
                genderSlots.append(slot)
            }
            let group = groupTable.group(SIMD4(key[0], key[1], key[2], key[3]))
            if group * genderCount == counts.count { counts.append(contentsOf: repeatElement(0, count: genderCount)) }
            counts[group * genderCount + slot] += 1
        }
        groups = groupTable.keys.enumerated().map { n, key in
            (key: keyIndexes.indices.map { values[$0][Int(key[$0])] }, counts: Array(counts[n * genderCount..<(n + 1) * genderCount]))
        }
        stoppedAtLimit = !scanner.passedLimit && scanner.limit != .max
        endLine = scanner.line
        readFailed = scanner.readFailed
    }
}
