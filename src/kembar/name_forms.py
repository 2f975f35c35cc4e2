"""How partnership lists and letters write a place's name, read back to the name itself.

"Pemerintah Kota Bandung", "Brisbane City Council", "Osaka Prefecture" and "Portland,
Oregon" name places the registry knows as Bandung, Brisbane, Osaka and Portland: the
administrative words around a name are dropped (keeping the level they name, which tells
the prefecture of Osaka from its city), and a qualifier after a comma or in brackets is
kept apart to choose among namesakes.
"""

from __future__ import annotations

import re

from kembar.text import fold

Words = tuple[tuple[str, str | None], ...]
Form = tuple[str, str | None]  # a folded name, the kind of place its dropped words named

# What people write around a place's name and the registry need not keep, with the kind
# of place the words name when they say ("Kabupaten Sleman", "Chiba-shi", "Gyeonggi-do";
# None: "Bamble Municipality" may be a town or its district, and "Tokyo Metropolis" or
# "Kuala Lumpur Federal Territory" the city the atlas holds). Folded forms; of the
# prefixes and of the endings the longer ones first, since several may follow each other
# ("Pemerintah Kota ...", "... City Council").
PREFIXES: Words = (
    ("special capital region of ", None),
    ("kota metropolitan ", "city"),
    ("daerah otonom ", "province"),
    ("negara bagian ", "province"),
    ("wilayah otonom ", "province"),
    ("pemerintah kabupaten ", "regency"),
    ("pemerintah provinsi ", "province"),
    ("pemerintah daerah ", None),
    ("pemerintah kota ", "city"),
    ("metropolitan city of ", "city"),
    ("freie und hansestadt ", "city"),
    ("metropolitan borough of ", "city"),
    ("london borough of ", "city"),
    ("royal borough of ", "city"),
    ("city and county of ", "city"),
    ("prefeitura municipal de ", "city"),
    ("statutarni mesto ", "city"),
    ("grosse kreisstadt ", "city"),
    ("landeshauptstadt ", "city"),
    ("universitatsstadt ", "city"),
    ("ayuntamiento de ", None),
    ("prefeitura de ", "city"),
    ("provincia di ", "province"),
    ("provincia de ", "province"),
    ("hansestadt ", "city"),
    ("kreisstadt ", "city"),
    ("bundesstadt ", "city"),
    ("township of ", "city"),
    ("commune de ", None),
    ("region of ", "province"),
    ("wilayah persekutuan ", None),
    ("kabupaten administrasi ", "regency"),
    ("kota administrasi ", "city"),
    ("municipality of ", None),
    ("majlis bandaraya ", "city"),
    ("dewan bandaraya ", "city"),
    ("majlis perbandaran ", "city"),
    ("prefecture of ", "province"),
    ("free state of ", "province"),
    ("province of ", "province"),
    ("republic of ", "province"),
    ("borough of ", "city"),
    ("county of ", "regency"),
    ("district of ", "regency"),
    ("the city of ", "city"),
    ("city of ", "city"),
    ("town of ", "city"),
    ("village of ", "city"),
    ("state of ", "province"),
    ("thanh pho ", "city"),
    ("ville de ", "city"),
    ("ciudad de ", "city"),
    ("cidade de ", "city"),
    ("citta di ", "city"),
    ("comune di ", None),
    ("municipio de ", None),
    ("gemeente ", None),
    ("stadt ", "city"),
    ("gemeinde ", None),
    ("miasto ", "city"),
    ("regione ", "province"),
    ("gorod ", "city"),
    ("grad ", "city"),
    ("tinh ", "province"),
    ("bandar raya ", "city"),
    ("bandaraya ", "city"),
    ("kotamadya ", "city"),
    ("kabupaten ", "regency"),
    ("provinsi ", "province"),
    ("prefektur ", "province"),
    ("munisipalitas ", "city"),
    ("daerah istimewa ", "province"),
    ("pemprov ", "province"),
    ("pemkab ", "regency"),
    ("pemkot ", "city"),
    ("pemda ", None),
    ("negeri ", "province"),
    ("kota ", "city"),
    ("kab ", "regency"),
    ("bandar ", "city"),
)
ENDINGS: Words = (
    (" special self governing province", "province"),
    (" special self governing city", "city"),
    (" special administrative region", None),
    (" autonomous region", "province"),
    (" metropolitan government", "city"),
    (" prefectural government", "province"),
    (" provincial government", "province"),
    (" municipal government", None),
    (" municipal council", None),
    (" district council", "regency"),
    (" borough council", "city"),
    (" county council", "regency"),
    (" shire council", "regency"),
    (" federal territory", None),
    (" city government", "city"),
    (" special region", "province"),
    (" metropolitan city", "city"),
    (" special city", "city"),
    (" buyuksehir belediyesi", None),
    (" belediyesi", None),
    (" governorate", "province"),
    (" voivodeship", "province"),
    (" metropolitan", None),
    (" metropolis", None),
    (" government", None),
    (" council", None),
    (" city", "city"),
    (" town", "city"),
    (" municipality", None),
    (" province", "province"),
    (" state", "province"),
    (" prefecture", "province"),
    (" regency", "regency"),
    (" county", "regency"),
    (" district", "regency"),
    (" borough", "city"),
    (" shire", "regency"),
    (" sheng", "province"),
    # China's autonomous regions are named with their people ("Xinjiang Uyghur", "Ningxia
    # Hui", "Guangxi Zhuang"): the name is the region's alone
    (" uyghur", "province"),
    (" uygur", "province"),
    (" zhuang", "province"),
    (" hui", "province"),
    (" region", "province"),
    (" shi", "city"),
    (" ken", "province"),
    (" si", "city"),
    (" gun", "regency"),
    (" do", "province"),
)
# A name keeps at least this many letters once its words are dropped ("Kota" alone is
# nobody's name).
_SHORTEST = 3


def _strip_once(form: str, words: Words, front: bool) -> Form | None:
    for word, kind in words:
        if len(form) >= len(word) + _SHORTEST and (form.startswith(word) if front else form.endswith(word)):
            return (form[len(word) :] if front else form[: -len(word)]), kind
    return None


def _chain(form: str, kind: str | None, words: Words, front: bool) -> list[Form]:
    """The form with one, two, ... of `words` dropped from its front or end, each with the
    kind the most specific dropped word named."""
    out = []
    while (step := _strip_once(form, words, front)) is not None:
        form, named = step
        kind = named or kind
        out.append((form, kind))
    return out


def bare_forms(key: str) -> list[Form]:
    """A folded name without the administrative words around it, most complete first,
    each with the kind of place the words named (or None); the name itself is not among
    them."""
    stages = [(key, None), *_chain(key, None, PREFIXES, front=True)]
    unique: dict[str, str | None] = {}
    for n, (form, kind) in enumerate(stages):
        if n:
            unique.setdefault(form, kind)
        for bare, named in _chain(form, kind, ENDINGS, front=False):
            unique.setdefault(bare, named)
    unique.pop(key, None)
    return list(unique.items())


def bare_names(key: str) -> list[str]:
    """A folded name without the administrative words around it, most complete first:
    "bamble municipality" -> ["bamble"], "brisbane city council" -> ["brisbane city",
    "brisbane"]."""
    return [form for form, _ in bare_forms(key)]


# The word a US township, borough or village carries in GeoNames and the lists, and people
# drop ("Warminster" for Warminster Township).
_MUNICIPAL_WORD = {"US": re.compile(r"\s+(?:charter\s+)?(?:township|borough|village)$", re.I)}


def without_municipal_word(name: str, country: str) -> str | None:
    """A US township's, borough's or village's name without that word ("Warminster
    Township" -> "Warminster"), or None for any other name."""
    pattern = _MUNICIPAL_WORD.get(country)
    bare = pattern.sub("", name.strip()) if pattern else name.strip()
    return bare if bare != name.strip() and len(fold(bare)) >= _SHORTEST else None


# Indonesian and Malay put a compass word after the name of a foreign region ("Australia
# Barat", "Carolina Utara"); English puts it before ("Western Australia", "North
# Carolina"). Longer words first.
COMPASS = (
    ("barat laut", ("northwest", "north west", "northwestern")),
    ("barat daya", ("southwest", "south west", "southwestern")),
    ("timur laut", ("northeast", "north east", "northeastern")),
    ("tenggara", ("southeast", "south east", "southeastern")),
    ("barat", ("west", "western")),
    ("timur", ("east", "eastern")),
    ("utara", ("north", "northern")),
    ("selatan", ("south", "southern")),
    ("tengah", ("central",)),
)
# Abbreviated saints ("St Martin des Champs", "Ste-Foy"), as places are named in full.
SAINTS = (("st ", ("saint ", "sankt ", "san ", "santa ")), ("ste ", ("sainte ",)), ("sta ", ("santa ",)))


def written_forms(key: str) -> list[str]:
    """Other ways a folded name is written: the compass word of an Indonesian or Malay
    name in English ("australia barat" -> "western australia", "west australia"), an
    abbreviated saint in full ("st martin des champs" -> "saint martin des champs")."""
    out: list[str] = []
    for word, english in COMPASS:
        if key.endswith(" " + word) and len(key) > len(word) + _SHORTEST:
            base = key[: -len(word) - 1]
            out += [f"{e} {base}" for e in english]
            break
    for short, full in SAINTS:
        if key.startswith(short):
            out += [f + key[len(short) :] for f in full]
            break
    return [form for form in dict.fromkeys(out) if form != key]


_BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<qualifier>[^()]+)\)\s*$")


def split_qualifier(name: str) -> tuple[str, str | None]:
    """A name and what qualifies it, as lists write them ("Portland, Oregon", "Perth
    (Scotland)", "Halle (Saale)"): (name, qualifier), or (name, None) when there is none."""
    if m := _BRACKETED.match(name):
        return m["name"].strip(), m["qualifier"].strip()
    head, sep, rest = name.partition(",")
    if sep and head.strip() and rest.strip():
        return head.strip(), rest.strip()
    return name, None


def qualifier_forms(qualifier: str) -> set[str]:
    """The folded forms a qualifier may name a region or country by ("Oregon", "New South
    Wales", "California, United States" -> both parts, "Gyeonggi Province" -> "gyeonggi
    province" and "gyeonggi")."""
    parts = [fold(part) for part in qualifier.split(",")]
    return {form for part in parts if part for form in (part, *bare_names(part))}


def names_region(region: str | None, forms: set[str]) -> bool:
    """True when a place's region (its first-level unit's name) is one the forms name."""
    if not region:
        return False
    key = fold(region)
    return bool({key, *bare_names(key)} & forms)
