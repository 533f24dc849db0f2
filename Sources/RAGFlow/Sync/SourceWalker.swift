import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file found under an ingest root, with its modification time exactly as `stat` gave it.
package struct FoundFile: Sendable, Hashable {
    package var source: SourceFile
    /// Nanoseconds since 1970: compared for equality with the stored value, so no rounding.
    package var mtimeNanoseconds: Int64
}

/// Lists the files under an ingest root that a pipeline reads.
///
/// It skips hidden files and directories (`.git`, `.ragflow`), the store directory wherever it
/// is, and symbolic links that lead out of the root. A link to a file inside the root is read
/// under the link's path; links to directories are not followed, which rules out cycles.
package struct SourceWalker: Sendable {
    /// Canonical path of the store directory, never ingested.
    package var excludedDirectory: String?
    package var accepts: @Sendable (String) -> Bool

    package init(excludedDirectory: String?, accepts: @escaping @Sendable (String) -> Bool) {
        self.excludedDirectory = excludedDirectory
        self.accepts = accepts
    }

    /// The result of a walk: the files, and directories that could not be listed (their
    /// documents must be kept, not removed as if gone).
    package struct Walk: Sendable {
        package var files: [FoundFile] = []
        package var unlistable: [String] = []
    }

    /// Walks `root`, a canonical path to a directory or a single file. Files come sorted by
    /// relative path.
    package func walk(root: String) -> Walk {
        var result = Walk()
        guard let info = SourceWalker.status(root, followLinks: true) else { return result }
        if info.isDirectory {
            visit(directory: root, relative: "", root: root, into: &result)
            result.files.sort { $0.source.relativePath < $1.source.relativePath }
        } else if info.isRegular {
            let name = (root as NSString).lastPathComponent
            if accepts(name) { result.files.append(SourceWalker.found(root, relative: name, info)) }
        }
        return result
    }

    private func visit(directory: String, relative: String, root: String, into result: inout Walk) {
        if let excludedDirectory, directory == excludedDirectory { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            result.unlistable.append(relative)
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            guard var info = SourceWalker.status(path, followLinks: false) else { continue }
            if info.isLink {
                // Follow a link only to a regular file that lives inside the root.
                guard let target = SourceWalker.canonicalPath(path), target.hasPrefix(root + "/"),
                    let targetInfo = SourceWalker.status(target, followLinks: false), targetInfo.isRegular
                else { continue }
                info = targetInfo
            }
            if info.isDirectory {
                visit(directory: path, relative: relativePath, root: root, into: &result)
            } else if info.isRegular, accepts(relativePath) {
                result.files.append(SourceWalker.found(path, relative: relativePath, info))
            }
        }
    }

    private static func found(_ path: String, relative: String, _ info: FileStatus) -> FoundFile {
        let modified = Date(timeIntervalSince1970: Double(info.mtimeNanoseconds) / 1e9)
        return FoundFile(
            source: SourceFile(url: URL(fileURLWithPath: path), relativePath: relative, size: info.size, modified: modified),
            mtimeNanoseconds: info.mtimeNanoseconds)
    }

    /// The parts of `stat(2)` that sync needs.
    package struct FileStatus: Sendable {
        var mode: mode_t
        package var size: Int
        package var mtimeNanoseconds: Int64
        var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
        var isRegular: Bool { mode & S_IFMT == S_IFREG }
        var isLink: Bool { mode & S_IFMT == S_IFLNK }
    }

    package static func status(_ path: String, followLinks: Bool) -> FileStatus? {
        var info = stat()
        let result = followLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return FileStatus(
            mode: info.st_mode, size: Int(info.st_size),
            mtimeNanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    /// The absolute path with every link and `.`/`..` resolved, or `nil` if it does not exist.
    package static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
