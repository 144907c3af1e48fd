import CECSiteCore
import Foundation

/// The media files of the site as output files: each copied byte for byte to its path.
struct MediaOutput {
    let library: MediaLibrary

    /// Every media file's bytes at its path; a file that cannot be read is an error at it.
    func files(sink: DiagnosticSink) -> [OutputFile] {
        var files: [OutputFile] = []
        for file in library.files {
            guard let data = FileManager.default.contents(atPath: file.source) else {
                sink.error(SourceLocation(file: file.source), "Cannot read the file; check that it exists and is readable")
                continue
            }
            files.append(OutputFile(path: file.path, data: data))
        }
        return files
    }
}
