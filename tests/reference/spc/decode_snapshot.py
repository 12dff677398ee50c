"""Decode an NHSRplotthedots ``expect_snapshot_value(style = "serialize")`` snapshot to CSV.

testthat writes such a snapshot as base64 of R's XDR serialization (format version 2,
uncompressed). This reader knows only the types those snapshots hold (logical, integer,
double and character vectors, lists, pairlists, symbols). Run from the repository root:

    python tests/reference/spc/decode_snapshot.py tests/reference/spc/ae_all_attendances.b64

It prints the ptd_spc_df columns as CSV (dates as ISO dates), which is what the .csv
files beside it are.
"""

import base64
import csv
import datetime as dt
import math
import struct
import sys


class _Reader:
    def __init__(self, raw: bytes):
        if raw[:2] != b"X\n":
            raise ValueError("not an R XDR serialization (no 'X\\n' header)")
        self.raw, self.at, self.refs = raw, 2, []
        version = self.int()
        if version != 2:
            raise ValueError(f"serialization format {version} is not supported")
        self.int(), self.int()  # writer's and minimum reader's R versions

    def int(self) -> int:
        (value,) = struct.unpack(">i", self.raw[self.at : self.at + 4])
        self.at += 4
        return value

    def item(self):
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind == 254:  # NILVALUE
            return None
        if kind == 255:  # reference to an earlier symbol
            return self.refs[(flags >> 8) - 1]
        if kind == 1:  # symbol
            name = self.item()
            self.refs.append(name)
            return name
        if kind == 2:  # pairlist: attributes, tag, value, rest
            out = {}
            while True:
                if has_attr:
                    self.item()
                tag = self.item() if has_tag else None
                out[tag] = self.item()
                flags = self.int()
                kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
                if kind == 254:
                    return out
                if kind != 2:
                    raise ValueError(f"unexpected type {kind} in a pairlist")
        if kind == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            text = self.raw[self.at : self.at + n].decode("utf-8")
            self.at += n
            return text
        n = self.int()
        if kind == 14:
            values = list(struct.unpack(f">{n}d", self.raw[self.at : self.at + 8 * n]))
            self.at += 8 * n
        elif kind in (10, 13):
            values = list(struct.unpack(f">{n}i", self.raw[self.at : self.at + 4 * n]))
            self.at += 4 * n
            na = -(2**31)
            values = [None if v == na else (bool(v) if kind == 10 else v) for v in values]
        elif kind in (16, 19):
            values = [self.item() for _ in range(n)]
        else:
            raise ValueError(f"R type {kind} is not supported")
        attributes = self.item() if has_attr else {}
        return (values, attributes) if attributes else values


def _plain(values):
    return values[0] if isinstance(values, tuple) else values


def decode(path: str) -> dict[str, list]:
    with open(path, encoding="ascii") as handle:
        raw = base64.b64decode("".join(handle.read().split()))
    columns, attributes = _Reader(raw).item()
    names = attributes["names"]
    table = {}
    for name, column in zip(names, columns):
        values = _plain(column)
        if name == "x":  # POSIXct seconds since 1970-01-01 UTC
            values = [dt.datetime.fromtimestamp(v, dt.UTC).date().isoformat() for v in values]
        table[name] = values
    return table


def main(path: str) -> None:
    table = decode(path)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(table)
    for row in zip(*table.values()):
        writer.writerow(
            [
                "" if v is None or (isinstance(v, float) and math.isnan(v))
                else repr(v) if isinstance(v, float) else v
                for v in row
            ]
        )


if __name__ == "__main__":
    main(sys.argv[1])
