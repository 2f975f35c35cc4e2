"""Place mentions in running text, found through the gazetteer.

Every name a place goes by (GeoNames names and alternate names, ISO 3166-2 names,
country names in English, Indonesian and Malay, curated aliases such as IKN, DKI,
Kaltim, KL) is indexed by its folded form. A mention is the longest run of
capitalised words (or an upper-case abbreviation) whose folded form is indexed;
words that only say what kind of place follows ("Kota", "Provinsi", "City of") are
kept as hints. Among same-named places the one in a country the article names, the
larger and the capital win.
"""

from __future__ import annotations

import math
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from kembar.text import fold

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?", re.U)
# Lower-case words allowed inside a multi-word name ("Rio de Janeiro", "Kota Baru").
INNER = {
    "de",
    "da",
    "do",
    "del",
    "della",
    "di",
    "la",
    "le",
    "les",
    "am",
    "an",
    "der",
    "den",
    "upon",
    "on",
    "sur",
    "en",
    "al",
    "el",
}
# Words that say what kind of place follows or precedes.
PREFIX_KIND = {
    "kota": "city",
    "kabupaten": "regency",
    "kab": "regency",
    "provinsi": "province",
    "propinsi": "province",
    "pemprov": "province",
    "pemkot": "city",
    "pemkab": "regency",
    "city": "city",
    "bandar": "city",
    "bandaraya": "city",
    "province": "province",
    "prefecture": "province",
    "prefektur": "province",
    "state": "province",
    "negeri": "province",
    "regency": "regency",
    "county": "regency",
    "wilayah": "province",
    "municipality": "city",
    "daerah": "province",
    "metropolitan": "city",
    "distrik": "regency",
}
GOVERNMENT_WORDS = {"pemerintah", "government", "kerajaan", "pemerintahan", "majlis", "dewan"}
# Capitalised words that begin sentences or titles and are never places here.
STOP = {
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "ahad",
    "isnin",
    "khamis",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "august",
    "october",
    "december",
    "the",
    "this",
    "that",
    "in",
    "on",
    "at",
    "as",
    "by",
    "for",
    "with",
    "and",
    "but",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "our",
    "its",
    "his",
    "her",
    "dalam",
    "dengan",
    "dan",
    "atau",
    "untuk",
    "pada",
    "di",
    "ke",
    "dari",
    "ini",
    "itu",
    "hal",
    "kami",
    "kita",
    "dia",
    "ia",
    "mereka",
    "para",
    "sebagai",
    "selain",
    "sementara",
    "menurut",
    "kata",
    "ujar",
    "jelas",
    "namun",
    "tetapi",
    "sedangkan",
    "misalnya",
    "apalagi",
    "bagi",
    "kedua",
    "ketiga",
    "saat",
    "kini",
    "sumber",
    "berita",
    "terkait",
    "baca",
    "juga",
    "pemerintah",
    "gubernur",
    "wali",
    "walikota",
    "bupati",
    "kepala",
    "duta",
    "besar",
    "presiden",
    "menteri",
    "ketua",
    "direktur",
    "mayor",
    "governor",
    "ambassador",
    "minister",
    "president",
    "secretary",
    "head",
    "deputy",
    "kota",
    "provinsi",
    "kabupaten",
    "city",
    "state",
    "province",
    "republik",
    "republic",
    "negara",
    "kerajaan",
    "government",
    "sister",
    "twin",
    "mou",
    "loi",
    "pks",
    "nota",
    "surat",
    "letter",
    "memorandum",
    "agreement",
    "perjanjian",
    "kerja",
    "sama",
    "tahun",
    "year",
    "bulan",
    "month",
    "hari",
    "day",
    "tim",
    "editor",
    "foto",
    "photo",
    "antara",
    "reuters",
    "tempo",
    "kompas",
    "cek",
    "google",
    "news",
    "leave",
    "reply",
    "your",
    "email",
    "info",
    "gambar",
    "utama",
    "nasional",
    "avatar",
    "sebarkan",
    "artikel",
    "workshop",
    "forum",
    "bridge",
    "cities",
    "tomorrow",
    "kantor",
    "office",
    "ruang",
    "hall",
    "gedung",
    "istana",
    "balai",
    "universitas",
    "university",
    "bank",
    "pusat",
    "center",
    "centre",
    "badan",
    "dinas",
    "biro",
    "otorita",
    "kementerian",
    "ministry",
    "asisten",
    "plt",
    "jalan",
    "jl",
    "street",
    "road",
    "lembaga",
    "program",
    "proyek",
    "project",
    "konsulat",
    "kedutaan",
    "embassy",
    "kbri",
    "hubungan",
    "perdana",
    "raja",
    "sultan",
    "ratu",
    "king",
    "queen",
    "prince",
    "pangeran",
    "datuk",
    "dato",
    "seri",
    "tan",
    "sri",
    "dr",
    "prof",
    "ir",
    "mr",
    "mrs",
    "ms",
    "h",
    "hj",
    "beliau",
    "saya",
    "kamu",
    "anda",
    "kembar",
    "berkembar",
    "bandar",
    "bandaraya",
    "majlis",
    "dewan",
    "meterai",
    "bersaudara",
    "persahabatan",
    "kerjasama",
    "friendship",
    "twinning",
    "partnership",
    "cooperation",
    "kemitraan",
    "lebih",
    "sangat",
    "paling",
    "semua",
    "setiap",
    "beberapa",
    "banyak",
    "tidak",
    "bukan",
    "sudah",
    "telah",
    "akan",
    "sedang",
    "masih",
    "baru",
    "lama",
    "kecil",
    "tinggi",
    "rendah",
    "luar",
    "negeri",
    "dalam negeri",
    "selama",
    "sebelum",
    "sesudah",
    "setelah",
    "kazakh",
    "indonesian",
}
# An alternate (not the primary) name of a city is trusted only for cities this large.
ALTERNATE_MIN = 200_000
# A lone word beside another capitalised word is taken for part of a person's name
# ("Bambang Susantono", "Afdal Hasan") unless the city is at least this large.
PERSON_SAFE_MIN = 300_000
PROVINCE_POPULATION = 1_000_000
REGENCY_POPULATION = 100_000
# A single-word city needs this many people unless its country is in the article or a
# kind word ("Kota", "City") stands before it.
LONE_CITY_MIN = 100_000


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    name: str
    kind: str  # country | province | regency | city
    country: str
    geonameid: int | None
    population: int
    capital: bool
    curated: bool
    admin: str | None = None  # ISO 3166-2 code of its region (or of itself, for a province)
    short: str | None = None  # the name people use when it differs ("Hainan" for "Hainan Sheng")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    place: Candidate
    hint: str | None  # kind said by a word before it ("Provinsi", "Kota")
    governmental: bool  # "Pemerintah Kota X", "Pemprov X": the government acting
    core: str = ""  # the name as written, without the kind and government words


class MentionIndex:
    def __init__(self, by_form: dict[str, list[Candidate]], country_names: dict[str, str]) -> None:
        self.by_form = by_form
        self.country_names = country_names  # folded name -> ISO code, for fuzzy spellings

    @classmethod
    def build(cls) -> MentionIndex:
        from kembar.gazetteer.countries import countries
        from kembar.gazetteer.curated import aliases, extra_places
        from kembar.gazetteer.resolve import gazetteer
        from kembar.gazetteer.subdivisions import short_names

        gaz = gazetteer()
        by_form: dict[str, list[Candidate]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()

        def add(form: str, cand: Candidate) -> None:
            if form and (form, cand.key) not in seen:
                seen.add((form, cand.key))
                by_form[form].append(cand)

        capitals = {(c.code, fold(c.capital)) for c in gaz.countries.values() if c.capital}
        for (cc, form), ids in gaz.geo._by_name.items():
            for gid in ids:
                city = gaz.geo.cities[gid]
                add(
                    form,
                    Candidate(
                        f"gn:{gid}",
                        city.name,
                        "city",
                        cc,
                        gid,
                        city.population,
                        (cc, fold(city.name)) in capitals,
                        False,
                        gaz.admin.get((cc, city.admin1)),
                    ),
                )
        for sub in gaz.subs.values():
            if sub.merges_into_city is not None:
                city = sub.merges_into_city
                cand = Candidate(
                    f"gn:{city.geonameid}",
                    city.name,
                    "city",
                    sub.country,
                    city.geonameid,
                    city.population,
                    (sub.country, fold(city.name)) in capitals,
                    False,
                    sub.code,
                )
            else:
                # Few subdivisions carry a population: a province counts as large, a regency
                # as middling, unless its capital says more.
                floor = PROVINCE_POPULATION if sub.parent is None else REGENCY_POPULATION
                pop = max(sub.capital.population * 3 if sub.capital else 0, floor)
                short = short_names(sub.name)[-1]
                cand = Candidate(
                    f"iso:{sub.code}",
                    sub.name,
                    sub.kind,
                    sub.country,
                    None,
                    pop,
                    False,
                    False,
                    sub.code,
                    short if short != sub.name else None,
                )
            for n in sub.names:
                add(fold(n), cand)
        country_names: dict[str, str] = {}
        for c in countries().values():
            cand = Candidate(
                f"country:{c.code}", c.name, "country", c.code, c.geonameid, c.population, False, False
            )
            for n in (c.name, c.name_id, c.name_ms, *c.aliases):
                if n:
                    add(fold(n), cand)
                    country_names[fold(n)] = c.code
        for extra in extra_places().values():
            cand = Candidate(
                f"x:{extra.key}",
                extra.name,
                extra.kind,
                extra.country,
                None,
                extra.population or 0,
                "capital" in extra.tags,
                True,
                extra.admin_code,
            )
            for n in (extra.name, *extra.aliases):
                add(fold(n), cand)
        for alias in aliases():
            res = gaz.from_alias_target(alias.target)
            if res is None:
                continue
            cand = Candidate(
                res.key,
                res.name,
                res.kind,
                res.country,
                res.geonameid,
                max(res.population or 0, PROVINCE_POPULATION if res.kind == "province" else 0),
                "capital" in res.tags,
                True,
                res.admin_code,
                short_names(res.name)[-1]
                if res.kind == "province" and short_names(res.name)[-1] != res.name
                else None,
            )
            add(fold(alias.alias), cand)
        return cls(dict(by_form), country_names)

    # --- finding mentions --------------------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        countries_named = self._countries_named(text, words)
        self._person_words: set[str] = set()
        self._text = text
        out: list[Mention] = []
        i = 0
        while i < len(words):
            found = self._match_at(text, words, i, countries_named)
            if found is None:
                i += 1
                continue
            mention, used = found
            out.append(mention)
            i += used
        # A word once seen as part of a person's name is a name elsewhere too ("Bambang").
        return [
            m
            for m in out
            if " " in m.text
            or m.place.curated
            or m.place.kind == "country"
            or fold(m.text) not in self._person_words
        ]

    def _countries_named(self, text: str, words: list[tuple[int, int, str]]) -> set[str]:
        named = set()
        for _, _, w in words:
            if w[:1].isupper():
                code = self.country_names.get(fold(w))
                if code:
                    named.add(code)
        for n in range(2, 4):
            for k in range(len(words) - n + 1):
                form = fold(" ".join(w for _, _, w in words[k : k + n]))
                code = self.country_names.get(form)
                if code:
                    named.add(code)
        return named

    def _match_at(
        self, text: str, words: list[tuple[int, int, str]], i: int, named: set[str]
    ) -> tuple[Mention, int] | None:
        first = words[i][2]
        if not (first[:1].isupper() or first.isupper()):
            return None
        # Skip a government word and a kind word: "Pemerintah Provinsi DKI Jakarta".
        j, hint, governmental = i, None, False
        while j < len(words) and j - i < 3:
            low = fold(words[j][2])
            if low in GOVERNMENT_WORDS:
                governmental = True
            elif low in PREFIX_KIND and words[j][2][:1].isupper():
                hint = PREFIX_KIND[low]
                governmental = governmental or low in ("pemprov", "pemkot", "pemkab")
            else:
                break
            j += 1
        for start in [i] if j == i else [i, j]:
            for n in range(6, 0, -1):
                span = words[start : start + n]
                if len(span) < n or not self._name_shaped(span, text):
                    continue
                form = fold(" ".join(w for _, _, w in span))
                cands = self.by_form.get(form)
                if not cands:
                    continue
                if all(fold(w) in STOP for _, _, w in span):
                    continue
                prefixed = start > i
                place = self._choose(
                    cands, named, hint if prefixed else None, text, span[-1][1], n, prefixed, form
                )
                if place is None:
                    continue
                if n == 1 and not prefixed and self._inside_person_name(words, start, place):
                    continue
                m = Mention(
                    start=words[i][0] if prefixed else span[0][0],
                    end=span[-1][1],
                    text=text[(words[i][0] if prefixed else span[0][0]) : span[-1][1]],
                    place=place,
                    hint=hint if prefixed else None,
                    governmental=governmental and prefixed,
                    core=text[span[0][0] : span[-1][1]],
                )
                return m, (start - i) + n
        # A name no gazetteer lists, said to be a place by a kind word before it
        # ("Kabupaten Badung") or after it ("Miami-Dade County"): kept, unresolved.
        unknown = self._unlisted(text, words, i, j, hint, governmental)
        if unknown is not None:
            return unknown
        # An unknown spelling of a country ("Khazakstan", "Kazakhtan").
        if len(first) >= 7 and first[:1].isupper() and fold(first) not in STOP:
            best = process.extractOne(
                fold(first), list(self.country_names), scorer=fuzz.ratio, score_cutoff=86
            )
            if best is not None:
                cand = next(c for c in self.by_form[best[0]] if c.kind == "country")
                return Mention(words[i][0], words[i][1], first, cand, None, False), 1
        return None

    def _unlisted(
        self,
        text: str,
        words: list[tuple[int, int, str]],
        i: int,
        j: int,
        hint: str | None,
        governmental: bool,
    ) -> tuple[Mention, int] | None:
        def run_from(k: int) -> int:
            end = k
            while end < len(words) and end - k < 4 and words[end][2][:1].isupper():
                if end > k and text[words[end - 1][1] : words[end][0]] not in (" ", "-"):
                    break
                if fold(words[end][2]) in STOP and fold(words[end][2]) not in PREFIX_KIND:
                    break
                end += 1
            return end

        if j > i and hint is not None:
            end = run_from(j)
            if end > j:
                name_words = words[j:end]
                kind = hint
            else:
                return None
        else:
            end = run_from(i)
            if end - i < 2 or fold(words[end - 1][2]) not in (
                "county",
                "city",
                "regency",
                "prefecture",
                "province",
            ):
                return None
            name_words = words[i:end]
            kind = PREFIX_KIND[fold(words[end - 1][2])]
        name = text[name_words[0][0] : name_words[-1][1]]
        after = re.match(
            r"\s*,\s*([^\W\d_][\w ]{2,30}?)(?=[,.;)\n]|\s+(?:dan|and|serta|di|yang)\b|$)",
            text[name_words[-1][1] : name_words[-1][1] + 40],
        )
        country = self.country_names.get(fold(after.group(1))) if after else None
        if country is None and after:
            for c in self.by_form.get(fold(after.group(1)), []):
                if c.kind == "province":
                    country = c.country
                    break
        cand = Candidate(
            f"raw:{country or '??'}:{fold(name)}",
            name,
            kind if kind != "country" else "city",
            country or "",
            None,
            0,
            False,
            False,
        )
        m = Mention(
            words[i][0],
            name_words[-1][1],
            text[words[i][0] : name_words[-1][1]],
            cand,
            hint,
            governmental,
            name,
        )
        return m, end - i

    def _title_case_line(self, words: list[tuple[int, int, str]], k: int) -> bool:
        text = self._text
        start = text.rfind("\n", 0, words[k][0]) + 1
        end = text.find("\n", words[k][1])
        end = len(text) if end < 0 else end
        line = [w for s, e, w in words if start <= s and e <= end]
        caps = sum(1 for w in line if w[:1].isupper())
        return len(line) >= 3 and caps / len(line) >= 0.7

    def _inside_person_name(self, words: list[tuple[int, int, str]], k: int, place: Candidate) -> bool:
        if place.curated or place.kind == "country":
            return False
        if place.population >= PERSON_SAFE_MIN and fold(place.name) == fold(words[k][2]):
            return False
        if self._title_case_line(words, k):
            return False  # in "Delegasi Braunschweig Kunjungi Bandung" every word is capitalised
        for j in (k - 1, k + 1):
            if 0 <= j < len(words):
                w = words[j][2]
                gap_ok = (words[k][0] - words[j][1] == 1) if j < k else (words[j][0] - words[k][1] == 1)
                low = fold(w)
                if (
                    gap_ok
                    and w[:1].isupper()
                    and low not in STOP
                    and low not in PREFIX_KIND | self.country_names.keys()
                ):
                    self._person_words.add(fold(words[k][2]))
                    return True
        return False

    @staticmethod
    def _name_shaped(span: list[tuple[int, int, str]], text: str) -> bool:
        """Capitalised words (inner particles allowed), on one line, no sentence stop inside."""
        for k, (s, _e, w) in enumerate(span):
            if k > 0:
                gap = text[span[k - 1][1] : s]
                if gap not in (" ", "-", " - "):
                    return False
            if w[:1].isupper() or w[:1].isdigit():
                continue
            if 0 < k < len(span) - 1 and w.lower() in INNER:
                continue
            return False
        return True

    def _choose(
        self,
        cands: list[Candidate],
        named: set[str],
        hint: str | None,
        text: str,
        end: int,
        n_words: int,
        prefixed: bool,
        form: str,
    ) -> Candidate | None:
        # "Heidelberg, Jerman" / "Kuala Lumpur, Malaysia": the country said beside it decides.
        after = re.match(
            r"\s*,\s*([^\W\d_][\w ]{2,30}?)(?=[,.;)\n]|\s+(?:dan|and|serta|di|yang)\b|$)",
            text[end : end + 40],
        )
        beside = self.country_names.get(fold(after.group(1))) if after else None

        def score(c: Candidate) -> float:
            s = math.log10(max(c.population, 1) + 1)
            if c.country in named:
                s += 6
            if beside and c.country == beside:
                s += 20
            if c.curated:
                s += 5
            if c.kind == "country":
                s += 8
            if c.capital:
                s += 2
            if hint and c.kind == hint:
                s += 4
            if hint == "province" and c.kind == "city":
                s -= 3
            if c.kind != "city" or fold(c.name) == form:
                s += 3  # an official or primary name, not one of many alternates
            return s

        def plausible(c: Candidate) -> bool:
            if c.kind != "city" or c.curated or fold(c.name) == form:
                return True
            return c.population >= ALTERNATE_MIN

        cands = [c for c in cands if plausible(c)]
        if not cands:
            return None
        best = max(cands, key=score)
        lone = best.kind == "city" and not best.curated and n_words == 1 and not prefixed
        if lone and best.population < LONE_CITY_MIN and best.country not in named and beside != best.country:
            return None
        if best.kind == "city" and not best.curated and best.population < 1000 and best.country not in named:
            return None
        return best


def _cache_path() -> Path | None:
    from kembar import __version__
    from kembar.config import Settings
    from kembar.errors import KembarError

    try:
        home = Settings.from_env().home
        return home / "cache" / f"mentions-{__version__}.pickle"
    except KembarError:  # no usable home: build in memory only
        return None


@cache
def mention_index() -> MentionIndex:
    """The index, loaded from KEMBAR_HOME/cache when built before (a second), else built
    from the gazetteer (about 10 s) and saved there."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as f:
                loaded = pickle.load(f)
            if isinstance(loaded, MentionIndex):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    index = MentionIndex.build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass
    return index
