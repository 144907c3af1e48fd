import CECSiteContent
import CECSiteCore
import Foundation

extension OutputWriter {
    /// What writing `files` would change in the output folder: the files whose bytes differ
    /// from the folder's (new files included) and the folder's files the new site has not, each
    /// in path order. A file the build took unchanged from the folder
    /// (``OutputFile/Previous/same``) is not read; any other is compared byte for byte (a file
    /// placed in the staging folder as it was made was compared then).
    func changes(_ files: [OutputFile]) -> (changed: [String], removed: [String]) {
        let output = output
        let differs = parallelMap(files.count) { i in
            let file = files[i]
            guard file.previous != .same else { return false }
            // A file placed as it was made was compared then (``Staging/comparesLive``).
            if let placed = file.placed { return placed.changed }
            return FileManager.default.contents(atPath: output + "/" + file.path) != file.data
        }
        let new = Set(files.map(\.path))
        let changed = files.indices.filter { differs[$0] }.map { files[$0].path }.sorted()
        let removed = Self.existingFiles(in: output).filter { !new.contains($0) && $0 != OutputTarget.markerName }
        return (changed, removed)
    }
}
