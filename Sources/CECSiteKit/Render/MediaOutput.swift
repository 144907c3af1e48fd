import CECSiteContent
import CECSiteCore
import CImageMetadata
import CVips
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The media files of the site as output files: each document copied byte for byte to its
/// path, each JPEG, PNG and WebP image without its metadata (``stripped(_:format:)``), and each
/// large JPEG or PNG image's resized copies (``MediaFile/variants``) made by libvips.
///
/// A copy or a stripped image is kept in `<cache>/media/` (the incremental-build folder beside
/// the output), named by the fingerprint of the image's bytes, the work done (its width, the
/// encoder's settings and libvips's version), so a rebuild does again only what is new or
/// changed; files no build uses any more are removed. The same image gives the same bytes
/// whether it is made or taken from the cache.
struct MediaOutput {
    let library: MediaLibrary
    /// The incremental-build folder (``BuildRecord/directory(for:)``); nil: nothing is cached.
    var cache: String? = nil

    /// What changes the encoded bytes besides the image: bump it with the settings in
    /// `cec_vips_resize` (Sources/CVips/shim.h).
    static let settings = "jpeg-q82-strip-optimize png-9-strip"
    /// The same for the published originals: bump it with what `Sources/CImageMetadata/metadata.c` keeps.
    static let strippedSettings = "metadata-1: icc jfif adobe orientation; png chunks; webp mux"

    /// How many files (resized copies and originals without their metadata) were made and how many
    /// taken from the cache, in the last ``files(sink:)``.
    final class Counts: @unchecked Sendable {
        var made = 0, cached = 0
    }
    let counts = Counts()

    /// A piece of work on an image: the original without its metadata, or a resized copy.
    private struct Job {
        var file: MediaFile
        var data: Data
        /// The copy's width; nil for the original.
        var width: Int?
        var png: Bool { file.format.name == "PNG" }
        var path: String { width.map(file.variantPath) ?? file.path }
    }

    /// Every media file's bytes at its path, and the resized copies of its images; a file that
    /// cannot be read, stripped or resized is an error at it.
    func files(sink: DiagnosticSink) -> [OutputFile] {
        var files: [OutputFile] = []
        var jobs: [Job] = []
        for file in library.files {
            guard let data = FileManager.default.contents(atPath: file.source) else {
                sink.error(SourceLocation(file: file.source), "Cannot read the file; check that it exists and is readable")
                continue
            }
            if Self.strippedFormats.contains(file.format.name) {
                jobs.append(Job(file: file, data: data, width: nil))
            } else {
                files.append(OutputFile(path: file.path, data: data))
            }
            for width in file.variants { jobs.append(Job(file: file, data: data, width: width)) }
        }
        guard !jobs.isEmpty || cache != nil else { return files }
        let folder = cache.map { $0 + "/media" }
        if let folder, !jobs.isEmpty {
            if let cache { makePrivateFolder(cache) }
            makePrivateFolder(folder)
        }
        let resizing = jobs.contains { $0.width != nil }
        let version = resizing ? String(cString: cec_vips_version()) : ""
        // Named before the parallel loop: XXH3 hashes gigabytes a second.
        let names = jobs.map { job -> String in
            var hasher = Fingerprint()
            if let width = job.width {
                hasher.add(version)
                hasher.add(Self.settings)
                hasher.add(word: UInt64(width))
                hasher.add(job.png ? "png" : "jpeg")
            } else {
                hasher.add(Self.strippedSettings)
                hasher.add(job.file.format.name)
            }
            job.data.withUnsafeBytes { hasher.add(bytes: $0) }
            let ext = job.width == nil ? (job.file.path as NSString).pathExtension.lowercased() : job.png ? "png" : "jpg"
            return hasher.hex + "." + ext
        }
        let work = jobs
        let made = parallelMap(work.count) { i -> (result: Result<Data, Failure>, cached: Bool) in
            let job = work[i]
            let name = names[i]
            if let folder, let kept = FileManager.default.contents(atPath: folder + "/" + name) { return (.success(kept), true) }
            let result: Result<Data, Failure>
            if let width = job.width {
                result = Self.resize(job.data, width: width, png: job.png).map { .success($0) } ?? .failure(Failure(vips: true))
            } else {
                result = Self.stripped(job.data, format: job.file.format.name)
            }
            if case .success(let bytes) = result, let folder { writePrivately(folder + "/" + name, [UInt8](bytes)) }
            return (result, false)
        }
        counts.cached += made.count { $0.cached }
        counts.made += made.count { !$0.cached && (try? $0.result.get()) != nil }
        for (i, job) in jobs.enumerated() {
            switch made[i].result {
            case .success(let bytes):
                files.append(OutputFile(path: job.path, data: bytes))
            case .failure(let failure) where !failure.vips:
                sink.error(
                    SourceLocation(file: job.file.source),
                    "Cannot publish the image without its metadata (\(failure.message)); save it again as \(job.file.format.name)")
            default:
                let message = String(cString: cec_vips_error()).split(separator: "\n").first.map(String.init) ?? ""
                sink.error(
                    SourceLocation(file: job.file.source),
                    "Cannot make the \(job.width ?? 0) px copy of the image" + (message.isEmpty ? "" : " (\(message))")
                        + "; save it again as \(job.file.format.name)")
            }
        }
        // Only once libvips has started: its error buffer is not there before.
        if resizing, ImageSize.started { cec_vips_clear_error() }
        if let folder { Self.prune(folder, keeping: Set(names)) }
        return files
    }

    /// Why a piece of work failed: libvips's error buffer says why a copy failed.
    struct Failure: Error {
        var message = ""
        var vips = false
    }

    /// The formats whose published original is ``stripped(_:format:)``.
    static let strippedFormats: Set<String> = ["JPEG", "PNG", "WebP"]

    /// The image in `data` (JPEG, PNG or WebP) without its metadata (EXIF with its GPS position,
    /// XMP, IPTC, comments, text chunks), its pixels not decoded: the same image, its colour
    /// profile and its orientation kept (see `Sources/CImageMetadata/metadata.c`).
    static func stripped(_ data: Data, format: String) -> Result<Data, Failure> {
        var output: UnsafeMutableRawPointer?
        var length = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { source -> Int32 in
            switch format {
            case "JPEG": cec_strip_jpeg(source.baseAddress, source.count, &output, &length, &error)
            case "PNG": cec_strip_png(source.baseAddress, source.count, &output, &length, &error)
            default: cec_strip_webp(source.baseAddress, source.count, &output, &length, &error)
            }
        }
        guard status == 0, let output else {
            return .failure(Failure(message: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        defer { free(output) }
        return .success(Data(bytes: output, count: length))
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
