"""Writes safetensors fixtures from the format's specification, with NumPy only (no safetensors
package): an 8-byte little-endian header length, the JSON header, the little-endian data.

    python3 safetensors_fixtures.py OUT_DIR

valid.safetensors        F32 (2, 3), F64 (3,), I64 scalar, F16 (2,), BF16 (2,), metadata
header-beyond.safetensors  a header length larger than the file
huge-header.safetensors    a header length of 2^40 (beyond the 100 MB limit)
overlap.safetensors      two entries sharing bytes
out-of-range.safetensors an entry ending past the data
hole.safetensors         bytes between two entries that belong to neither
dtype.safetensors        an unknown dtype
not-json.safetensors     a header that is not JSON
size.safetensors         a shape whose byte size is not its offsets' span
"""
import json, os, struct, sys, numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def write(name, header, data, length=None):
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<Q", len(h) if length is None else length))
        f.write(h)
        f.write(data)

def entries(arrays):
    header, blobs, at = {}, [], 0
    for name, (dtype, a) in arrays.items():
        b = a.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    return header, b"".join(blobs)

bf16 = (np.array([1.5, -2.25], dtype="<f4").view("<u4") >> 16).astype("<u2")
header, data = entries({
    "weight": ("F32", np.arange(6, dtype="<f4").reshape(2, 3) / 4),
    "bias": ("F64", np.array([0.1, -2.5, 1e300], dtype="<f8")),
    "num_batches_tracked": ("I64", np.array(12345, dtype="<i8")),
    "half": ("F16", np.array([0.5, -65504.0], dtype="<f2")),
    "brain": ("BF16", bf16),
})
header["__metadata__"] = {"format": "pt", "zerograd.note": "written from the spec"}
write("valid.safetensors", header, data)

small, blob = entries({"a": ("F32", np.ones(2, dtype="<f4")), "b": ("F32", np.ones(2, dtype="<f4"))})
write("header-beyond.safetensors", small, blob, length=10_000)
write("huge-header.safetensors", small, blob, length=1 << 40)
overlap = json.loads(json.dumps(small)); overlap["b"]["data_offsets"] = [4, 12]
write("overlap.safetensors", overlap, blob)
beyond = json.loads(json.dumps(small)); beyond["b"]["data_offsets"] = [8, 24]; beyond["b"]["shape"] = [4]
write("out-of-range.safetensors", beyond, blob)
hole = json.loads(json.dumps(small)); hole["a"]["data_offsets"] = [0, 4]; hole["a"]["shape"] = [1]
write("hole.safetensors", hole, blob)
dtype = json.loads(json.dumps(small)); dtype["a"]["dtype"] = "C64"
write("dtype.safetensors", dtype, blob)
with open(os.path.join(out, "not-json.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", 8)); f.write(b"{nope!!}")
size = json.loads(json.dumps(small)); size["a"]["shape"] = [3]
write("size.safetensors", size, blob)
print("wrote the safetensors fixtures to", out)
