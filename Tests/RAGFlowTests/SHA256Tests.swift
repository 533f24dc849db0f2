import Foundation
import Testing
import RAGFlow

@Test("SHA-256 matches the FIPS 180-4 test vectors")
func sha256MatchesTestVectors() {
    #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
        SHA256.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
}

@Test("SHA-256 gives the same digest however the input is split")
func sha256IsIndependentOfSplits() {
    let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    var hasher = SHA256()
    var offset = 0
    for size in [1, 63, 64, 65, 7, 200] where offset < data.count {
        let end = min(offset + size, data.count)
        hasher.update(data[offset..<end])
        offset = end
    }
    hasher.update(data[offset...])
    #expect(hasher.finalize().hex == SHA256.hex(of: data))
}
