"""Write ONNX model bytes without the `onnx` package: a minimal protobuf encoder.

onnxruntime reads a model from bytes; building those bytes needs only the few
messages below (field numbers from onnx/onnx.proto, IR version 8). This saves
the `onnx` package (and torch's exporter) on the analysis path: the graph is
built in memory from numpy weights at load time (ort_runtime.py), so there is
no model file to cache, key by hash or rebuild after a retrain.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

IR_VERSION = 8
FLOAT, INT8, INT64, BOOL = 1, 3, 7, 9  # TensorProto.DataType
_DTYPES = {
    np.dtype(np.float32): FLOAT,
    np.dtype(np.int8): INT8,
    np.dtype(np.int64): INT64,
    np.dtype(np.bool_): BOOL,
}
# AttributeProto.AttributeType
_ATTR_FLOAT, _ATTR_INT, _ATTR_STRING, _ATTR_INTS = 1, 2, 3, 7


def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64  # int64 as two's complement, 10 bytes
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _int(number: int, value: int) -> bytes:
    return _key(number, 0) + _varint(value)


def _bytes(number: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _key(number, 2) + _varint(len(data)) + data


def _float(number: int, value: float) -> bytes:
    return _key(number, 5) + struct.pack("<f", value)


Chunks = list[bytes | memoryview]  # one message's encoding, joined once at the end


def _size(chunks: Chunks) -> int:
    return sum(len(c) if isinstance(c, bytes) else c.nbytes for c in chunks)


def _message(number: int, chunks: Chunks) -> Chunks:
    """A length-delimited field around already-encoded chunks (weights are not copied)."""
    return [_key(number, 2) + _varint(_size(chunks)), *chunks]


def tensor(name: str, array: np.ndarray) -> Chunks:
    """TensorProto with little-endian raw_data (a view of the array, not a copy)."""
    array = np.asarray(array)
    data_type = _DTYPES[array.dtype]
    dims = b"".join(_int(1, dim) for dim in array.shape)
    raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
    head = dims + _int(2, data_type) + _bytes(8, name)
    return [head, *_message(9, [memoryview(raw.data).cast("B")])]


def attribute(name: str, value: int | float | str | Sequence[int]) -> bytes:
    head = _bytes(1, name)
    if isinstance(value, bool | int):
        return head + _int(20, _ATTR_INT) + _int(3, int(value))
    if isinstance(value, float):
        return head + _int(20, _ATTR_FLOAT) + _float(2, value)
    if isinstance(value, str):
        return head + _int(20, _ATTR_STRING) + _bytes(4, value)
    return head + _int(20, _ATTR_INTS) + b"".join(_int(8, v) for v in value)


def value_info(name: str, elem_type: int, shape: Iterable[int | str]) -> bytes:
    dims = b"".join(_bytes(1, _bytes(2, d) if isinstance(d, str) else _int(1, d)) for d in shape)
    tensor_type = _int(1, elem_type) + _bytes(2, dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))


@dataclass
class Graph:
    """Nodes and initializers appended in order; `model()` gives the ModelProto bytes."""

    name: str
    nodes: list[bytes] = field(default_factory=list)
    initializers: list[Chunks] = field(default_factory=list)
    inputs: list[bytes] = field(default_factory=list)
    outputs: list[bytes] = field(default_factory=list)
    _count: int = 0

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(tensor(name, array))
        return name

    def node(self, op: str, inputs: Sequence[str], n_out: int = 1, **attrs: object) -> list[str]:
        self._count += 1
        outputs = [f"{op.lower()}_{self._count}_{i}" for i in range(n_out)]
        body = b"".join(_bytes(1, name) for name in inputs)
        body += b"".join(_bytes(2, name) for name in outputs)
        body += _bytes(3, f"n{self._count}") + _bytes(4, op)
        body += b"".join(_bytes(5, attribute(k, v)) for k, v in attrs.items())  # type: ignore[arg-type]
        self.nodes.append(body)
        return outputs

    def op(self, op: str, *inputs: str, **attrs: object) -> str:
        return self.node(op, inputs, 1, **attrs)[0]

    def model(self, opset: int, producer: str = "callscope") -> bytes:
        graph: Chunks = [b"".join(_bytes(1, n) for n in self.nodes) + _bytes(2, self.name)]
        for initializer in self.initializers:
            graph += _message(5, initializer)
        graph.append(b"".join(_bytes(11, v) for v in self.inputs))
        graph.append(b"".join(_bytes(12, v) for v in self.outputs))
        opset_id = _bytes(1, "") + _int(2, opset)
        head = _int(1, IR_VERSION) + _bytes(2, producer)
        return b"".join([head, *_message(7, graph), _bytes(8, opset_id)])
