import Foundation

/// Reads a file (or standard input) line by line through one buffer, so a file of any length
/// is read in constant memory. Lines longer than `maximumLineBytes` are refused.
public final class JSONLinesReader: @unchecked Sendable {  // used by one thread at a time
    public static let maximumLineBytes = 16 << 20

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let name: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 20
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var lineNumber = 0

    /// Opens a file, or standard input for `-`.
    public init(path: String) throws {
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
            name = "standard input"
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw LedgerError.invalidArgument("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw LedgerError.invalidArgument("\(path) is a directory")
            }
            ownsDescriptor = true
            name = path
        }
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// The next line (without its newline) and its 1-based number, or nil at the end. The
    /// line's bytes are valid until the next call.
    public func next() throws -> (Int, UnsafeBufferPointer<UInt8>)? {
        while true {
            if start < end, let p = memchr(buffer + start, 0x0A, end - start) {
                let newline = buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
                lineNumber += 1
                let line = UnsafeBufferPointer(start: buffer + start, count: newline - start)
                start = newline + 1
                return (lineNumber, line)
            }
            if atEOF {
                guard start < end else { return nil }
                lineNumber += 1
                let line = UnsafeBufferPointer(start: buffer + start, count: end - start)
                start = end
                return (lineNumber, line)
            }
            // Move the partial line to the front, grow if one line fills the buffer, read more.
            if start > 0 {
                let count = end - start
                memmove(buffer, buffer + start, count)
                start = 0
                end = count
            }
            if end == capacity {
                guard capacity < Self.maximumLineBytes else {
                    throw LedgerError.invalidArgument("\(name): line \(lineNumber + 1): longer than \(Self.maximumLineBytes >> 20) MiB")
                }
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                larger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let count = read(fd, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw LedgerError.invalidArgument("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEOF = true } else { end += count }
        }
    }
}
