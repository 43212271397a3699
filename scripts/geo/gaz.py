"""Reads data/geo/gazetteer.bin (layout: src/places/gazetteer_format.h) for the annotation tools."""
import struct
import unicodedata
import re


def norm_key(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^\w]+|_", " ", s).strip()


class Gaz:
    LEVELS = ["city", "adm2", "adm1", "country", "region", "continent"]

    def __init__(self, path):
        b = open(path, "rb").read()
        assert b[:8] == b"DYADGAZ\x1a", "not a dyad gazetteer"
        (self.n_entries, self.n_countries, self.n_admin1, self.n_admin2, self.n_buckets, self.n_keys,
         self.n_features, _) = struct.unpack_from("<8I", b, 16)
        off = struct.unpack_from("<8I", b, 64)
        keys_size, strings_size = struct.unpack_from("<2I", b, 96)
        self.b = b
        self.strings = off[7]

        def s(o):
            e = b.index(b"\0", self.strings + o)
            return b[self.strings + o:e].decode("utf-8")
        self.s = s
        self.countries = []
        for i in range(self.n_countries):
            ent, = struct.unpack_from("<I", b, off[1] + 16 * i)
            iso2 = b[off[1] + 16 * i + 4:off[1] + 16 * i + 6].decode()
            iso3 = b[off[1] + 16 * i + 6:off[1] + 16 * i + 9].decode()
            self.countries.append((ent, iso2, iso3))
        self.admin1 = [struct.unpack_from("<2I", b, off[2] + 8 * i) for i in range(self.n_admin1)]
        self.features = [s(struct.unpack_from("<I", b, off[4] + 4 * i)[0]) for i in range(self.n_features)]
        self.entries = []
        for i in range(self.n_entries):
            gid, lat, lon, pop, name, c, a1, a2, feat, lev = struct.unpack_from("<IffIIHHHBB", b, off[0] + 28 * i)
            self.entries.append(dict(
                index=i, geonameid=gid, lat=lat, lon=lon, population=pop, name=s(name),
                country=self.countries[c][2] if c != 0xFFFF else "",
                adm1=s(self.admin1[a1][1]) if a1 != 0xFFFF else "",
                feature=self.features[feat], level=self.LEVELS[lev]))
        self.by_id = {e["geonameid"]: e for e in self.entries if e["geonameid"]}
        self.keys = {}
        p, end = off[6], off[6] + keys_size
        while p < end:
            n = b[p]
            key = b[p + 1:p + 1 + n].decode("utf-8")
            p += 1 + n + 1
            vals = []
            cnt, p = self._varint(p)
            for _ in range(cnt):
                v, p = self._varint(p)
                vals.append((v >> 2, v & 3))
            self.keys[key] = vals

    def _varint(self, p):
        v = shift = 0
        while True:
            c = self.b[p]
            p += 1
            v |= (c & 0x7F) << shift
            shift += 7
            if c < 0x80:
                return v, p
