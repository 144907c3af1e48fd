import CECSiteCore
import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A store as SQLite in WAL mode: `store.sqlite`, a table per kind (`key TEXT PRIMARY KEY,
/// value BLOB`) and a table of the program that wrote each kind. A build replaces the changed
/// rows and deletes the stale ones in one transaction.
enum StoreSQLite: StoreBackend {
    static func path(folder: String) -> String { folder + "/store.sqlite" }

    private static func open(_ path: String, create: Bool) -> OpaquePointer? {
        if create {
            // Made private before SQLite opens it; its -wal and -shm files take its permissions.
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return nil }
            close(fd)
        }
        var db: OpaquePointer?
        let flags = create ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY
        guard sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            return nil
        }
        sqlite3_busy_timeout(db, 10_000)
        _ = cecsite_sqlite3_no_checkpoint_on_close(db)
        return db
    }

    private static func exec(_ db: OpaquePointer, _ sql: String) -> Bool {
        sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
        return statement
    }

    private static func recordedProgram(_ db: OpaquePointer, _ kind: StoreKind) -> String? {
        guard let statement = prepare(db, "SELECT program FROM programs WHERE kind = ?1") else { return nil }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, kind.rawValue, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
        return String(cString: text)
    }

    static func read(folder: String, kind: StoreKind, program: String) -> StoreContents {
        guard access(path(folder: folder), F_OK) == 0, let db = open(path(folder: folder), create: false) else {
            return StoreContents()
        }
        defer { sqlite3_close(db) }
        guard recordedProgram(db, kind) == program, let statement = prepare(db, "SELECT key, value FROM \(kind.rawValue)")
        else { return StoreContents() }
        defer { sqlite3_finalize(statement) }
        var contents = StoreContents()
        var count = 0
        while true {
            let step = sqlite3_step(statement)
            guard step == SQLITE_ROW else {
                if step != SQLITE_DONE { return StoreContents() }
                break
            }
            let key = String(cString: sqlite3_column_text(statement, 0))
            let length = Int(sqlite3_column_bytes(statement, 1))
            let start = contents.bytes.count
            if length > 0, let blob = sqlite3_column_blob(statement, 1) {
                contents.bytes += UnsafeRawBufferPointer(start: blob, count: length)
            }
            contents.index[key] = start..<(start + length)
            count += 1
        }
        contents.entries = count
        return contents
    }

    static func save(
        folder: String, kind: StoreKind, program: String, previous: StoreContents, keys: [String], changed: [String],
        whole: Bool, value: (String) -> [UInt8]
    ) {
        guard let db = open(path(folder: folder), create: true) else { return }
        defer { sqlite3_close(db) }
        let table = kind.rawValue
        guard exec(db, "PRAGMA journal_mode=WAL"), exec(db, "PRAGMA synchronous=NORMAL"),
            exec(db, "CREATE TABLE IF NOT EXISTS programs (kind TEXT PRIMARY KEY, program TEXT NOT NULL)"),
            exec(db, "CREATE TABLE IF NOT EXISTS \(table) (key TEXT PRIMARY KEY, value BLOB NOT NULL)"),
            exec(db, "BEGIN IMMEDIATE")
        else { return }
        var ok = true
        // Another program's rows, or a damaged store: every row again.
        let all = whole || previous.entries == nil || recordedProgram(db, kind) != program
        if all {
            ok = exec(db, "DELETE FROM \(table)")
            if let statement = prepare(db, "INSERT OR REPLACE INTO programs (kind, program) VALUES (?1, ?2)") {
                sqlite3_bind_text(statement, 1, kind.rawValue, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                sqlite3_bind_text(statement, 2, program, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                ok = ok && sqlite3_step(statement) == SQLITE_DONE
                sqlite3_finalize(statement)
            } else {
                ok = false
            }
        } else {
            let current = Set(keys)
            if let statement = prepare(db, "DELETE FROM \(table) WHERE key = ?1") {
                for key in previous.index.keys where !current.contains(key) {
                    sqlite3_bind_text(statement, 1, key, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                    ok = ok && sqlite3_step(statement) == SQLITE_DONE
                    sqlite3_reset(statement)
                }
                sqlite3_finalize(statement)
            } else {
                ok = false
            }
        }
        if let statement = prepare(db, "INSERT OR REPLACE INTO \(table) (key, value) VALUES (?1, ?2)") {
            for key in all ? keys : changed where ok {
                let bytes = value(key)
                sqlite3_bind_text(statement, 1, key, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                bytes.withUnsafeBytes { buffer in
                    // Zero-length blobs need a non-null pointer to stay blobs, not NULL.
                    _ = sqlite3_bind_blob(statement, 2, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), nil)
                    ok = sqlite3_step(statement) == SQLITE_DONE
                }
                sqlite3_reset(statement)
            }
            sqlite3_finalize(statement)
        } else {
            ok = false
        }
        _ = exec(db, ok ? "COMMIT" : "ROLLBACK")
    }
}
