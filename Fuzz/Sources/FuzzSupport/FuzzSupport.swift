import Foundation

/// Stops the run with a crash libFuzzer records (and saves the input of) when an invariant fails.
///
/// - Parameters:
///   - condition: the invariant.
///   - message: what went wrong, printed to standard error before the abort.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("\n==cecsite-fuzz== INVARIANT FAILED at \(file):\(line): \(message())\n".utf8))
    abort()
}

/// The fuzzer's input bytes, copied out of libFuzzer's buffer.
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// A folder of this process's own below the temporary directory, emptied on every call, for
/// targets whose code under test reads files.
public func scratchFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "cecsite-fuzz-\(getpid())/" + name
    let fm = FileManager.default
    try? fm.removeItem(atPath: path)
    try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `bytes` to `path`; aborts when it cannot, since every later check would be meaningless.
public func write(_ bytes: [UInt8], to path: String) {
    require(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
}

/// A short, printable rendering of a string for failure messages.
public func quoted(_ s: String, limit: Int = 200) -> String {
    let debug = s.debugDescription
    return debug.count > limit ? String(debug.prefix(limit)) + "…" : debug
}

/// How many lines `octets` has as libyaml, libcmark-gfm and the CSV reader count them: LF, CRLF and
/// a lone CR each end a line.
public func lineCount(_ octets: some Collection<UInt8>) -> Int {
    var count = 1
    var previousCR = false
    for octet in octets {
        if octet == 0x0A {
            if !previousCR { count += 1 }
        } else if octet == 0x0D {
            count += 1
        }
        previousCR = octet == 0x0D
    }
    return count
}
