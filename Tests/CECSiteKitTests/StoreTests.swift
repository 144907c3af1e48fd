import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The store under the records of incremental builds: the last value of each key is read back,
/// only changed values are appended, a cut last entry is ignored, a mostly stale store is
/// compacted, another program's store is not read, and the files are private.
@Suite struct StoreTests {
    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    func values(_ store: Store) -> [String: String] {
        var values: [String: String] = [:]
        store.forEach { key, value in values[key] = String(decoding: value, as: UTF8.self) }
        return values
    }

    /// Saves `values` as this build's, with `changed` the keys whose value changed.
    func save(_ folder: String, _ values: [String: String], changed: [String], program: String = "test") {
        Store(folder: folder, kind: .terms, program: program).save(keys: values.keys.sorted(), changed: changed.sorted()) {
            Array(values[$0]!.utf8)
        }
    }

    func size(_ folder: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: StoreFile.path(folder: folder, kind: .terms))[.size] as! Int
    }

    /// The record's lists and the output's marker are split into lines by ``lines(_:validating:)``
    /// as `split(separator: 0x0A)` splits them; validating, a line that is not UTF-8 gives nil.
    @Test func listsAreSplitIntoLinesAsSplitSplitsThem() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\na\n\nbc/d.html\n\n", "en/news/post-1/index.html\nuk/index.html\n", "ä/ü\nx"] {
            let data = Data(text.utf8)
            let expected = data.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            #expect(lines(data) == expected, "\(text.debugDescription)")
            #expect(lines(data, validating: true) == expected, "\(text.debugDescription)")
        }
        #expect(lines(Data("header\na\nb\n".utf8), skipping: 7) == ["a", "b"])
        let invalid = Data([0x61, 0x0A, 0xFF, 0x62, 0x0A])
        #expect(lines(invalid, validating: true) == nil)
        #expect(lines(invalid) == ["a", "\u{FFFD}b"])
    }

    @Test func theLastValueOfEachKeyIsReadAndOnlyChangesAreAppended() throws {
        try withFolder { folder in
            save(folder, ["a": "1", "b": "2", "c": ""], changed: ["a", "b", "c"])
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "1", "b": "2", "c": ""])
            let whole = try size(folder)
            save(folder, ["a": "1", "b": "3", "c": ""], changed: ["b"])
            #expect(try size(folder) == whole + 4 + 4 + 1 + 1, "one entry appended")
            save(folder, ["a": "1", "b": "3", "c": ""], changed: [])
            #expect(try size(folder) == whole + 10, "nothing changed, nothing written")
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "1", "b": "3", "c": ""])
            #expect(values(Store(folder: folder, kind: .terms, program: "another")).isEmpty, "another program's store is not read")
            #expect(values(Store(folder: folder, kind: .pages, program: "test")).isEmpty, "nor another kind's")
            let mode = try FileManager.default.attributesOfItem(atPath: StoreFile.path(folder: folder, kind: .terms))[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    /// With ``StoreMemory`` enabled (`cecsite serve`), a store is read from the file once and
    /// then kept as this process appended to it: the memory answers while the file has the
    /// stamp it left, and the file is read again once its stamp changed.
    @Test func aStoreKeptInMemoryHoldsWhatWasAppendedWhileItsFileIsUnchanged() throws {
        StoreMemory.shared.enable()
        try withFolder { folder in
            save(folder, ["a": "1", "b": "2"], changed: ["a", "b"])
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "1", "b": "2"])
            save(folder, ["a": "1", "b": "3"], changed: ["b"])
            // The last byte (b's value) changed in place, its stamp put back: only the memory
            // can still say 3.
            let file = StoreFile.path(folder: folder, kind: .terms)
            let stamp = try #require(FileStamp(path: file))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            try handle.seek(toOffset: UInt64(stamp.size - 1))
            try handle.write(contentsOf: Data("9".utf8))
            try handle.close()
            var times = [timespec](repeating: timespec(), count: 2)
            times[0] = timespec(tv_sec: Int(stamp.modified / 1_000_000_000), tv_nsec: Int(stamp.modified % 1_000_000_000))
            times[1] = times[0]
            #expect(utimensat(AT_FDCWD, file, times, 0) == 0)
            #expect(FileStamp(path: file) == stamp)
            let kept = Store(folder: folder, kind: .terms, program: "test")
            #expect(values(kept) == ["a": "1", "b": "3"])
            #expect(kept.contains("b") && kept.value("b").map { Array($0) } == Array("3".utf8))
            // Another stamp: read again.
            times[0].tv_nsec = (times[0].tv_nsec + 1) % 1_000_000_000
            times[1] = times[0]
            #expect(utimensat(AT_FDCWD, file, times, 0) == 0)
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "1", "b": "9"])
        }
    }

    @Test func aStoreCutInItsLastEntryIsReadAsFarAsItIsIntactAndWrittenWholeAgain() throws {
        try withFolder { folder in
            save(folder, ["a": "first", "b": "second", "c": "third"], changed: ["a", "b", "c"])
            let file = StoreFile.path(folder: folder, kind: .terms)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            // Cut in the middle of the last entry's value, as by a build killed while appending.
            try bytes.dropLast(2).write(to: URL(fileURLWithPath: file))
            let cut = Store(folder: folder, kind: .terms, program: "test")
            #expect(values(cut) == ["a": "first", "b": "second"])
            cut.save(keys: ["a", "b", "c"], changed: ["c"]) { ["a": "first", "b": "second", "c": "third"][$0]!.utf8.map { $0 } }
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes, "written whole: the cut bytes are gone")
            // Cut inside the lengths of the last entry; and garbage, which is refused whole.
            try bytes.dropLast(11).write(to: URL(fileURLWithPath: file))
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "first", "b": "second"])
            try (bytes.prefix(bytes.count - 14) + Data(repeating: 0, count: 14)).write(to: URL(fileURLWithPath: file))
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "first", "b": "second"])
        }
    }

    @Test func theFilesOfTheFormatsBeforeTheStoreAreRemoved() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let cache = BuildRecord.directory(for: site.output)
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for name in StoreFile.retiredFiles.values { try Data("old".utf8).write(to: URL(fileURLWithPath: cache + "/" + name)) }
        #expect(site.build().succeeded)
        for name in StoreFile.retiredFiles.values.sorted() {
            #expect(!FileManager.default.fileExists(atPath: cache + "/" + name), "\(name) is left in \(cache)")
        }
    }

    /// A store mapped into memory (`cecsite build`) holds what it holds read whole (`cecsite
    /// serve`), and a value taken from it keeps the file mapped for as long as it is used.
    @Test func aStoreReadMappedHoldsWhatItHoldsReadWholeAndItsValuesOutliveIt() throws {
        try withFolder { folder in
            save(folder, ["a": "first", "b": "second", "c": ""], changed: ["a", "b", "c"])
            save(folder, ["a": "1", "b": "second", "c": ""], changed: ["a"])
            let file = StoreFile.path(folder: folder, kind: .terms)
            let whole = StoreFile.read(folder: folder, kind: .terms, program: "test", mapped: false)
            var value: SharedBytes?
            do {
                let mapped = StoreFile.read(folder: folder, kind: .terms, program: "test", mapped: true)
                #expect(mapped.index == whole.index && mapped.entries == whole.entries && mapped.entries == 4)
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(mapped.bytes == whole.bytes && Array(mapped.bytes) == Array(data))
                value = mapped.bytes[try #require(mapped.index["b"])]
            }
            let b = try #require(value)
            #expect(String(decoding: b) == "second" && b.startIndex == whole.index["b"]?.lowerBound)
            #expect(String(decoding: b[(b.startIndex + 2)..<b.endIndex], as: UTF8.self) == "cond", "a slice of a slice")
            var copied = Array("copied: ".utf8)
            copied += b[(b.startIndex + 1)..<b.endIndex]
            #expect(String(decoding: copied, as: UTF8.self) == "copied: econd" && Array(b) == Array("second".utf8))
            #if os(Linux)
                // Read to its end: /proc gives no size.
                let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
                let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
                #expect(maps.contains(file), "the file is mapped while a value of it is kept")
            #endif
            #expect(SharedBytes.mapping(folder + "/none") == nil && SharedBytes.reading(folder + "/none") == nil)
            #expect(String(decoding: SharedBytes(copying: Array("copied".utf8))[1..<4]) == "opi")
        }
    }

    @Test func aStoreMoreThanHalfStaleIsCompacted() throws {
        try withFolder { folder in
            save(folder, ["a": "1"], changed: ["a"])
            let whole = try size(folder)
            save(folder, ["a": "2"], changed: ["a"])
            #expect(try size(folder) == 2 * whole - StoreFile.header(kind: .terms, program: "test").count, "appended")
            save(folder, ["a": "3"], changed: ["a"])
            #expect(try size(folder) == whole, "three entries for one key: written whole")
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["a": "3"])
            // A key gone from the build is left out when the store is written whole.
            save(folder, ["b": "1"], changed: ["b"])
            save(folder, ["b": "2"], changed: ["b"])
            #expect(values(Store(folder: folder, kind: .terms, program: "test")) == ["b": "2"])
        }
    }
}
