#!/usr/bin/python3
"""Writes tests/ActorTrain.Runtime.Tests/Remote/Fixtures/msgpack_corpus.txt: values encoded by Debian's python3-msgpack.

Run with /usr/bin/python3 (python3-msgpack installed). Each line is
    <value as JSON in the tagged notation below> TAB <python's bytes>
Bytes (the encoding, and str/bin/ext payloads in the notation) are space-separated tokens: "hex" (any even-length hex) or
"hh*N" (byte hh repeated N times), so 64 KiB strings stay one short line.
Notation: ["nil"] ["bool", b] ["int", "decimal"] ["f32", "bits hex"] ["f64", "bits hex"] ["str", bytes] ["bin", bytes]
["arr", [items]] ["arr_rep", n, item] ["map", [[k, v], ...]] ["map_rep", n, k, v] ["ext", code, bytes] ["ts", sec, nsec]
["f32s", [bits hex, ...]] is a float32 tensor: a bin of the floats in little-endian order, as WriteFloats sends it.
"""
import json
import os
import struct
import sys

import msgpack

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "ActorTrain.Runtime.Tests", "Remote", "Fixtures",
                   "msgpack_corpus.txt")


def tokens(data):
    out, literal, i = [], bytearray(), 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        if j - i >= 4:
            if literal:
                out.append(literal.hex())
                literal = bytearray()
            out.append(f"{data[i]:02x}*{j - i}")
        else:
            literal += data[i:j]
        i = j
    if literal:
        out.append(literal.hex())
    return " ".join(out)


def untokens(text):
    out = bytearray()
    for t in text.split():
        if "*" in t:
            h, n = t.split("*")
            out += bytes.fromhex(h) * int(n)
        else:
            out += bytes.fromhex(t)
    return bytes(out)


def to_python(v):
    tag = v[0]
    if tag == "nil":
        return None
    if tag == "bool":
        return v[1]
    if tag == "int":
        return int(v[1])
    if tag == "f64":
        return struct.unpack(">d", bytes.fromhex(v[1]))[0]
    if tag == "str":
        return untokens(v[1]).decode("utf-8")
    if tag == "bin":
        return untokens(v[1])
    if tag == "arr":
        return [to_python(x) for x in v[1]]
    if tag == "map":
        return {to_python(k): to_python(x) for k, x in v[1]}
    if tag == "ext":
        return msgpack.ExtType(v[1], untokens(v[2]))
    if tag == "ts":
        return msgpack.Timestamp(v[1], v[2])
    raise ValueError(tag)


def pack(v):
    """python's encoding of v; repeated collections are written with python's header functions, since a dict cannot repeat keys."""
    packer = msgpack.Packer(use_bin_type=True)
    if v[0] == "f32":
        return msgpack.Packer(use_bin_type=True, use_single_float=True).pack(struct.unpack(">f", bytes.fromhex(v[1]))[0])
    if v[0] == "f32s":
        return packer.pack(struct.pack("<%df" % len(v[1]), *[struct.unpack(">f", bytes.fromhex(h))[0] for h in v[1]]))
    if v[0] == "arr_rep":
        return packer.pack_array_header(v[1]) + pack(v[2]) * v[1]
    if v[0] == "map_rep":
        return packer.pack_map_header(v[1]) + (pack(v[2]) + pack(v[3])) * v[1]
    return packer.pack(to_python(v))


def i(n):
    return ["int", str(n)]


def s(text):
    return ["str", tokens(text.encode("utf-8"))]


def b(data):
    return ["bin", tokens(data)]


def f64(x):
    return ["f64", struct.pack(">d", x).hex()]


def pattern(n):
    return bytes((k * 7 + 3) % 256 for k in range(n))


def cases():
    yield ["nil"]
    yield ["bool", True]
    yield ["bool", False]
    for n in [0, 1, 5, 127, 128, 200, 255, 256, 1000, 65535, 65536, 100000, 2**31 - 1, 2**31, 2**32 - 1, 2**32,
              2**53 + 1, 2**63 - 1, 2**63, 2**64 - 1]:
        yield i(n)
    for n in [-1, -5, -31, -32, -33, -100, -127, -128, -129, -1000, -32767, -32768, -32769, -100000, -2**31 + 1,
              -2**31, -2**31 - 1, -2**40, -2**63 + 1, -2**63]:
        yield i(n)
    for x in [0.0, -0.0, 1.0, 1.5, -2.25, 3.141592653589793, 1e308, -1e-300, 5e-324, float("inf"), float("-inf")]:
        yield f64(x)
    yield ["f64", "7ff8000000000000"]
    for bits in ["00000000", "80000000", "3fc00000", "c0500000", "7f7fffff", "00000001", "7f800000", "ff800000",
                 "7fc00000", "3eaaaaab"]:
        yield ["f32", bits]
    for n in [0, 1, 31, 32, 255, 256, 65535, 65536]:
        yield s("a" * n)
    yield s("héllo wörld")
    yield s("日本語のテキスト")
    yield s("emoji 🙂 and 𝄞")
    yield s("x" * 30 + "é")
    for n in [0, 1, 2, 31, 32, 255, 256, 1000]:
        yield b(pattern(n))
    for n in [65535, 65536, 70000]:
        yield b(b"\x07" * n)
    yield ["arr", []]
    yield ["arr", [i(1)]]
    yield ["arr", [i(k) for k in range(15)]]
    yield ["arr", [i(k * 1000) for k in range(16)]]
    yield ["arr", [["nil"], ["bool", True], i(-200), f64(0.5), s("k"), b(b"\x01\x02"), ["arr", [["arr", []]]]]]
    for n in [17, 65535, 65536]:
        yield ["arr_rep", n, ["nil"]]
    yield ["arr_rep", 300, i(300)]
    yield ["map", []]
    yield ["map", [[s("a"), i(1)]]]
    yield ["map", [[s(f"key{k}"), i(k)] for k in range(15)]]
    yield ["map", [[i(k), s(str(k))] for k in range(16)]]
    yield ["map", [[s("nested"), ["map", [[i(-1), ["arr", [["nil"], f64(-0.0)]]]]]], [["nil"], b(b"")]]]
    for n in [65535, 65536]:
        yield ["map_rep", n, ["nil"], ["nil"]]
    for n in [0, 1, 2, 3, 4, 5, 8, 16, 17, 255, 256, 65535, 65536]:
        yield ["ext", n % 128, tokens(pattern(n) if n < 1000 else b"\x2a" * n)]
    for n in [0, 1, 3, 64]:
        yield ["f32s", [struct.pack(">f", (k - 5) * 0.375).hex() for k in range(n)]]
    yield ["f32s", ["7fc00000", "ff800000", "80000000", "00000001", "7f7fffff"]]
    for sec, nsec in [(0, 0), (1, 0), (2**32 - 1, 0), (2**32, 0), (1, 1), (1700000000, 123456789), (2**34 - 1, 999999999),
                      (2**34, 0), (-1, 0), (-1, 999999999), (-2**63, 0), (2**63 - 1, 999999999)]:
        yield ["ts", sec, nsec]


def main():
    lines = [f"# generator tools/gen_msgpack_fixtures.py; python-msgpack {'.'.join(map(str, msgpack.version))}; "
             f"python {sys.version.split()[0]}; Packer(use_bin_type=True)"]
    for v in cases():
        encoded = pack(v)
        lines.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\t" + tokens(encoded))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
