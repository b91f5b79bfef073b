import Foundation
import ZIPFoundation

/// Where the records of a feed come from: a `.json` file, a folder of them (recursively, in
/// path order), or a `.zip` archive of them as osv.dev publishes one per ecosystem. Records
/// are handed over one at a time, so an archive of 100,000 is never held whole.
enum FeedSources {
    /// The largest record read (the largest real OSV and NVD records are under 1 MiB). A
    /// larger file or archive entry is refused before it is read.
    static let recordLimit = 32 << 20
    /// An archive whose entries would inflate to more than this in all is refused as a bomb.
    static let archiveLimit: UInt64 = 64 << 30

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Calls `body` with each record's name (`file`, or `archive.zip!entry.json`) and bytes.
    static func forEach(_ paths: [String], _ body: (String, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw Refusal(description: "\(path): no such file or folder")
            }
            if isFolder.boolValue {
                for file in try jsonFiles(in: path) { try readFile(file, body) }
            } else if path.lowercased().hasSuffix(".zip") {
                try readArchive(path, body)
            } else {
                try readFile(path, body)
            }
        }
    }

    /// The `.json` files under a folder, in path order.
    static func jsonFiles(in folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw Refusal(description: "\(folder): cannot read the folder")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.lowercased().hasSuffix(".json") { files.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return files.sorted()
    }

    static func readFile(_ path: String, _ body: (String, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= recordLimit else {
            throw Refusal(description: "\(path): \(size) bytes, more than any record (limit \(recordLimit >> 20) MiB): not one record")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Refusal(description: "\(path): cannot read it: \((error as NSError).localizedDescription)")
        }
        try data.withUnsafeBytes { raw in try body(path, raw.bindMemory(to: UInt8.self)) }
    }

    static func readArchive(_ path: String, _ body: (String, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw Refusal(description: "\(path): not a zip archive, or truncated (no central directory)")
        }
        var total: UInt64 = 0
        for entry in archive where entry.type == .file {
            let name = entry.path
            guard isSafe(name) else {
                throw Refusal(description: "\(path): entry \"\(name)\": a name with .. or an absolute path is refused")
            }
            guard name.lowercased().hasSuffix(".json") else { continue }
            guard entry.uncompressedSize <= UInt64(recordLimit) else {
                throw Refusal(description: "\(path)!\(name): \(entry.uncompressedSize) bytes inflated, more than any record (limit \(recordLimit >> 20) MiB)")
            }
            total += entry.uncompressedSize
            guard total <= archiveLimit else {
                throw Refusal(description: "\(path): the entries inflate to more than \(archiveLimit >> 30) GiB: refused as a zip bomb")
            }
            var bytes = Data()
            bytes.reserveCapacity(Int(entry.uncompressedSize))
            do {
                _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
                    // The declared size bounds what is read, whatever the stream holds.
                    guard bytes.count + chunk.count <= Int(entry.uncompressedSize) else {
                        throw Refusal(description: "\(path)!\(name): inflates past its declared size: refused as a zip bomb")
                    }
                    bytes.append(chunk)
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal(description: "\(path)!\(name): cannot be read: the archive is damaged or truncated (\(error))")
            }
            try bytes.withUnsafeBytes { raw in try body(path + "!" + name, raw.bindMemory(to: UInt8.self)) }
        }
    }

    /// An entry name that stays inside the archive's own tree: relative, with no `..` part.
    static func isSafe(_ name: String) -> Bool {
        guard !name.hasPrefix("/"), !name.hasPrefix("\\"), !(name.count > 1 && name.dropFirst().first == ":") else { return false }
        return !name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }
}
