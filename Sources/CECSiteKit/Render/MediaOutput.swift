import CECSiteContent
import CECSiteCore
import CVips
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The media files of the site as output files: each copied byte for byte to its path, and
/// each large JPEG or PNG image's resized copies (``MediaFile/variants``) made by libvips.
///
/// A copy is kept in `<cache>/media/` (the incremental-build folder beside the output), named
/// by the fingerprint of the image's bytes, its width, the encoder's settings and libvips's
/// version, so a rebuild resizes only new or changed images; copies no build uses any more are
/// removed. The same image gives the same bytes whether a copy is made or taken from the cache.
struct MediaOutput {
    let library: MediaLibrary
    /// The incremental-build folder (``BuildRecord/directory(for:)``); nil: nothing is cached.
    var cache: String? = nil

    /// What changes the encoded bytes besides the image: bump it with the settings in
    /// `cec_vips_resize` (Sources/CVips/shim.h).
    static let settings = "jpeg-q82-strip-optimize png-9-strip"

    /// How many copies were made and how many taken from the cache, in the last ``files(sink:)``.
    final class Counts: @unchecked Sendable {
        var made = 0, cached = 0
    }
    let counts = Counts()

    /// Every media file's bytes at its path, and the resized copies of its images; a file that
    /// cannot be read or resized is an error at it.
    func files(sink: DiagnosticSink) -> [OutputFile] {
        var files: [OutputFile] = []
        var jobs: [(file: MediaFile, data: Data, width: Int)] = []
        for file in library.files {
            guard let data = FileManager.default.contents(atPath: file.source) else {
                sink.error(SourceLocation(file: file.source), "Cannot read the file; check that it exists and is readable")
                continue
            }
            files.append(OutputFile(path: file.path, data: data))
            for width in file.variants { jobs.append((file, data, width)) }
        }
        guard !jobs.isEmpty || cache != nil else { return files }
        let folder = cache.map { $0 + "/media" }
        if let folder, !jobs.isEmpty {
            if let cache { makePrivateFolder(cache) }
            makePrivateFolder(folder)
        }
        let version = jobs.isEmpty ? "" : String(cString: cec_vips_version())
        // Named before the parallel loop: XXH3 hashes gigabytes a second.
        let names = jobs.map { job -> String in
            let png = job.file.format.name == "PNG"
            var hasher = Fingerprint()
            hasher.add(version)
            hasher.add(Self.settings)
            hasher.add(word: UInt64(job.width))
            hasher.add(png ? "png" : "jpeg")
            job.data.withUnsafeBytes { hasher.add(bytes: $0) }
            return hasher.hex + (png ? ".png" : ".jpg")
        }
        let work = jobs
        let made = parallelMap(work.count) { i -> (bytes: Data?, cached: Bool) in
            let job = work[i]
            let png = job.file.format.name == "PNG"
            let name = names[i]
            if let folder, let kept = FileManager.default.contents(atPath: folder + "/" + name) { return (kept, true) }
            guard let bytes = Self.resize(job.data, width: job.width, png: png) else { return (nil, false) }
            if let folder { writePrivately(folder + "/" + name, [UInt8](bytes)) }
            return (bytes, false)
        }
        counts.cached += made.count { $0.cached }
        counts.made += made.count { $0.bytes != nil && !$0.cached }
        for (i, job) in jobs.enumerated() {
            guard let bytes = made[i].bytes else {
                let message = String(cString: cec_vips_error()).split(separator: "\n").first.map(String.init) ?? ""
                sink.error(
                    SourceLocation(file: job.file.source),
                    "Cannot make the \(job.width) px copy of the image" + (message.isEmpty ? "" : " (\(message))")
                        + "; save it again as \(job.file.format.name)")
                continue
            }
            files.append(OutputFile(path: job.file.variantPath(job.width), data: bytes))
        }
        // Only once libvips has started: its error buffer is not there before.
        if !jobs.isEmpty, ImageSize.started { cec_vips_clear_error() }
        if let folder { Self.prune(folder, keeping: Set(names)) }
        return files
    }

    /// The image in `data` resized to `width` pixels wide by libvips, as PNG or JPEG; nil when it failed.
    static func resize(_ data: Data, width: Int, png: Bool) -> Data? {
        guard ImageSize.started else { return nil }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status = data.withUnsafeBytes { source in
            cec_vips_resize(source.baseAddress, source.count, Int32(width), png ? 1 : 0, &buffer, &length)
        }
        guard status == 0, let buffer else { return nil }
        defer { g_free(buffer) }
        return Data(bytes: buffer, count: length)
    }

    /// Removes the copies in `folder` no image of this build uses.
    static func prune(_ folder: String, keeping names: Set<String>) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in entries where !names.contains(name) { unlink(folder + "/" + name) }
    }
}
