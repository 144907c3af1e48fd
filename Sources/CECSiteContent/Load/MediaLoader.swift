import CECSiteCore
import Foundation

/// Finds the media files of the content: every file under `content/media/` and every file
/// beside a page bundle's Markdown (`news/<slug>/index.uk.md`), each checked for a known
/// format, a plain name and a size within ``sizeLimit``, and measured when it is an image.
package struct MediaLoader {
    package let sink: DiagnosticSink

    /// The largest media file published: 64 MiB. A photo from a camera is a few MB, a scanned
    /// report some tens; a larger file belongs on a file service, linked from the page.
    package static let sizeLimit = 64 * 1024 * 1024

    /// The files of `mediaFolder` (published under `media/`) and of the documents' bundles.
    package func load(mediaFolder: String?, documents: [Document]) -> MediaLibrary {
        var files: [MediaFile] = []
        if let mediaFolder { files += scan(mediaFolder, into: "media/") }
        for document in documents {
            guard let bundle = document.bundle else { continue }
            files += scan(bundle, into: Routes.document(document), skippingMarkdown: true)
        }
        // A resized copy's name may be taken by a file of the editor's: that file is refused.
        let copies = Dictionary(files.flatMap { file in file.variants.map { (file.variantPath($0), file.path) } }, uniquingKeysWith: { a, _ in a })
        files.removeAll { file in
            guard let image = copies[file.path] else { return false }
            sink.error(
                SourceLocation(file: file.source),
                "The name '\((file.path as NSString).lastPathComponent)' is taken by a resized copy of '\((image as NSString).lastPathComponent)' (copies are named <name>-<width>w); rename this file"
            )
            return true
        }
        return MediaLibrary(files)
    }

    /// The media files below `folder`, each at `prefix` + its path below the folder.
    private func scan(_ folder: String, into prefix: String, skippingMarkdown: Bool = false) -> [MediaFile] {
        let fm = FileManager.default
        guard let names = fm.enumerator(atPath: folder)?.allObjects as? [String] else { return [] }
        var files: [MediaFile] = []
        for name in names.sorted() {
            let path = join(folder, name)
            // Hidden files (.DS_Store, an editor's backup) are not content.
            if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR { continue }
            if skippingMarkdown, !name.contains("/"), name.hasSuffix(".md") { continue }
            let location = SourceLocation(file: path)
            if (info.st_mode & S_IFMT) == S_IFLNK {
                sink.error(location, "Symbolic links are not followed; replace the link with the file itself")
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                sink.error(location, "Not a regular file; replace it with the file itself")
                continue
            }
            guard let format = MediaFormat.of(name) else {
                let ext = (name as NSString).pathExtension
                sink.error(
                    location,
                    "'\((name as NSString).lastPathComponent)' is not a file the site publishes\(ext.isEmpty ? "" : " ('.\(ext)')"); media files are images and documents (\(MediaFormat.known)) — convert it or move it out of the content folder"
                )
                continue
            }
            guard name.split(separator: "/").allSatisfy(Self.isPlainName) else {
                let plain = name.split(separator: "/").map { part in
                    let ext = (part as NSString).pathExtension
                    let stem = Slug.make((part as NSString).deletingPathExtension)
                    return ext.isEmpty ? stem : stem + "." + ext.lowercased()
                }.joined(separator: "/")
                sink.error(
                    location,
                    "Media file name '\(name)' is not a plain URL segment; rename it with ASCII letters, digits, '-', '_' and '.' only (e.g. '\(plain)'), so its address is stable"
                )
                continue
            }
            guard Int(info.st_size) <= Self.sizeLimit else {
                sink.error(
                    location,
                    "The file is \(info.st_size) bytes, over the limit of \(Self.sizeLimit) bytes (64 MiB) for a media file; make it smaller or publish it elsewhere and link to it"
                )
                continue
            }
            var file = MediaFile(source: path, path: prefix + name, format: format, size: Int(info.st_size))
            if format.kind == .image {
                switch ImageSize.of(path, format: format) {
                case .success(let size):
                    (file.width, file.height) = size
                    file.variants = MediaFile.variants(format: format, width: size.width)
                    // JPEG, PNG and WebP lose their metadata when published (MediaOutput); no kept
                    // library removes an AVIF's without encoding it again (libheif writes only what
                    // it encodes), so one that has any is refused.
                    let metadata = format.name == "AVIF" ? ImageSize.metadata(path) : []
                    if !metadata.isEmpty {
                        sink.error(
                            location,
                            "The AVIF image carries \(metadata.joined(separator: " and ")) metadata (a photo's may say where it was taken and with which camera), which cecsite cannot remove without encoding the image again; export it again without metadata, or as JPEG, PNG or WebP, whose metadata is removed when they are published"
                        )
                        continue
                    }
                case .failure(let reason):
                    sink.error(location, "Cannot publish the image: \(reason); save it again as \(format.name) or as another image format")
                    continue
                }
            }
            files.append(file)
        }
        return files
    }

    /// ASCII letters, digits, `-`, `_` and `.`, not starting with `.` or `-`.
    package static func isPlainName(_ name: Substring) -> Bool {
        guard let first = name.first, first != ".", first != "-" else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                || scalar == "."
        }
    }
}
