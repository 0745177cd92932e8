"""Seeded synthetic input at county, province and nation scale.

    python benchmarks/generate.py SCALE OUTDIR

writes OUTDIR/sites.yaml, places.yaml, schools.yaml and content/ (FAQ pages, the letter), all valid. The county scale is the
sample data itself. Names are Chinese strings built from common place-name syllables;
coordinates spread over a real bounding box (Gansu for the province, mainland China for the nation).
"""

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

SCALES = {
    # name: (sites, townships, south, west, north, east)
    "province": (3_000, 1_400, 32.6, 92.2, 42.8, 108.7),
    "nation": (100_000, 40_000, 21.0, 98.0, 47.0, 124.0),
}
VILLAGES = {"province": 16_000, "nation": 500_000}
SCHOOLS = {"province": 5_000, "nation": 150_000}
FAQ_PAGES = {"province": 50, "nation": 50}
VILLAGE_SUFFIX = "村"
# One township in MOBILE_EVERY has a mobile team that visits each of its villages once in two weeks.
MOBILE_EVERY = 4

FIRST = "平马鸡榜常义陇碧襄华什北新李寺三安永红金石清白黄东西南中上下大小高龙凤杨柳王张刘陈河山川峪沟湾坪岔"
SECOND = "襄营川罗家岗阳山玉南岭城景店子铺宁远丰乐和泉源台堡寨庄坡峰水沙林桥关门口梁塬"
KINDS = [("health_centre", 0.6), ("school_district", 0.2), ("temporary", 0.15), ("cdc", 0.05)]
HOURS = [
    {"mon-fri": "8:00-12:00, 14:30-17:30", "sat": "9:00-12:00"},
    {"mon-sat": "8:30-12:00, 14:00-17:00"},
    {"mon-fri": "14:00-17:00"},
    {"sat-sun": "9:00-16:00"},
    {"wed": "9:00-13:00", "sat": "9:00-13:00"},
]


def township_names(rng, count):
    names, seen = [], set()
    while len(names) < count:
        name = rng.choice(FIRST) + rng.choice(SECOND)
        if rng.random() < 0.25:
            name += rng.choice(SECOND)
        name += "镇" if rng.random() < 0.7 else "乡"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _townships(scale, seed):
    n_sites, n_townships, south, west, north, east = SCALES[scale]
    rng = random.Random(seed)
    names = township_names(rng, n_townships)
    centres = [(rng.uniform(south + 0.05, north - 0.05), rng.uniform(west + 0.05, east - 0.05)) for _ in names]
    return rng, names, centres


def places_yaml(scale, seed=2021):
    if scale == "county":
        return (ROOT / "places.yaml").read_text(encoding="utf-8")
    _, names, centres = _townships(scale, seed)
    rng = random.Random(seed + 1)
    out = ["# Synthetic benchmark gazetteer: not real places.", "townships:"]
    per = VILLAGES[scale] // len(names)
    extra = VILLAGES[scale] - per * len(names)
    for i, (name, (lat, lon)) in enumerate(zip(names, centres)):
        out += [f"  - township: {name}", f"    centre: {{lat: {lat:.5f}, lon: {lon:.5f}}}", "    villages:"]
        for j in range(per + (1 if i < extra else 0)):
            out.append(f"      - {{id: v{j}, name: {rng.choice(FIRST)}{rng.choice(SECOND)}{j}{VILLAGE_SUFFIX}, "
                       f"location: {{lat: {lat + rng.uniform(-0.05, 0.05):.5f}, lon: {lon + rng.uniform(-0.05, 0.05):.5f}}}}}")
    return "\n".join(out) + "\n"


def sample_schedules():
    """The sample's `vaccines:` section (each product's schedule), so site pages carry the next-dose form."""
    text = (ROOT / "sites.yaml").read_text(encoding="utf-8")
    return text[text.index("\nvaccines:\n") + 1:text.index("\nsites:\n")].rstrip("\n")


def sites_yaml(scale, seed=2021):
    if scale == "county":
        return (ROOT / "sites.yaml").read_text(encoding="utf-8")
    n_sites, n_townships, south, west, north, east = SCALES[scale]
    rng, names, centres = _townships(scale, seed)
    out = ["# Synthetic benchmark data: not real places.", "county:", f"  name: 合成{scale}",
           "  sample: true", f"  bounds: {{south: {south}, west: {west}, north: {north}, east: {east}}}", "  townships:"]
    for i, name in enumerate(names):
        out += [f"    - id: t{i}", f"      name: {name}", f"      school_district: {name[:-1]}学区"]
    out.append(sample_schedules())
    out.append("sites:")
    kinds, weights = zip(*KINDS)
    for i in range(n_sites):
        t = i % n_townships if i < n_townships else rng.randrange(n_townships)
        name, (lat, lon) = names[t], centres[t]
        kind = rng.choices(kinds, weights)[0]
        label = {"health_centre": "卫生院预防接种门诊", "school_district": "学区接种点", "temporary": "临时接种点",
                 "cdc": "疾控中心接种门诊"}[kind]
        out += [
            f"  - id: s{i}",
            f"    name: {name}{label}{i}",
            f"    kind: {kind}",
            f"    township: {name}",
            f"    address: {name}{rng.choice(SECOND)}{rng.choice(SECOND)}街{rng.randint(1, 200)}号",
            f"    location: {{lat: {lat + rng.uniform(-0.04, 0.04):.6f}, lon: {lon + rng.uniform(-0.04, 0.04):.6f}}}",
            "    hours:",
            "      weekly:",
            *[f"        {days}: {spans}" for days, spans in rng.choice(HOURS).items()],
            "    vaccines: [{name: 新冠病毒灭活疫苗（Vero细胞）, ages: \"3+\"}]",
            "    walk_in: true",
            f"    phone: 0932-{rng.randint(1000000, 9999999)}",
            "    verified: {date: 2026-11-20, by: 合成数据}",
        ]
        if rng.random() < 0.05:
            out.append("    status: {state: paused, reason: 疫苗待配送}")
    out += mobile_teams(scale, names, centres)
    return "\n".join(out) + "\n"


def mobile_teams(scale, names, centres):
    """流动接种 teams: in one township of MOBILE_EVERY, a team visiting each village (v0, v1, ...) on
    the working days from 2026-11-30, two a day."""
    import datetime as dt
    per = VILLAGES[scale] // len(names)
    days = [dt.date(2026, 11, 30) + dt.timedelta(days=d) for d in range(14)]
    days = [day for day in days if day.weekday() < 5]
    out = []
    for t in range(0, len(names), MOBILE_EVERY):
        name, (lat, lon) = names[t], centres[t]
        out += [f"  - id: m{t}", f"    name: {name}进村流动接种队", "    kind: temporary", f"    township: {name}",
                f"    address: {name}各村村委会", f"    location: {{lat: {lat:.6f}, lon: {lon:.6f}}}",
                "    hours: {weekly: {mon-fri: '9:00-12:00, 14:30-17:00'}}",
                "    vaccines: [{name: 新冠病毒灭活疫苗（Vero细胞）, ages: \"60+\"}]", "    walk_in: true",
                "    phone: 0932-1234567", "    verified: {date: 2026-11-20, by: 合成数据}", "    visits:"]
        for j in range(min(per, 2 * len(days))):
            hours = "9:00-12:00" if j % 2 == 0 else "14:30-17:00"
            out.append(f"      - {{date: {days[j // 2].isoformat()}, hours: '{hours}', village: v{j}, where: 村委会}}")
    return out


def schools_yaml(scale, seed=2021):
    if scale == "county":
        return (ROOT / "schools.yaml").read_text(encoding="utf-8")
    _, names, centres = _townships(scale, seed)
    rng = random.Random(seed + 2)
    out = ["# Synthetic benchmark schools: not real schools.", "schools:"]
    for i in range(SCHOOLS[scale]):
        t = i % len(names)
        lat, lon = centres[t]
        out += [f"  - id: school{i}", f"    name: {names[t][:-1]}第{i // len(names) + 1}小学", f"    township: {names[t]}",
                f"    school_district: {names[t][:-1]}学区", "    level: primary",
                f"    location: {{lat: {lat + rng.uniform(-0.03, 0.03):.5f}, lon: {lon + rng.uniform(-0.03, 0.03):.5f}}}"]
    return "\n".join(out) + "\n"


def content(scale, outdir):
    """content/: the sample's pages, letter and glossary, and FAQ pages (copies of the sample's at scale)."""
    import shutil
    target = Path(outdir) / "content"
    shutil.copytree(ROOT / "content", target)
    if scale == "county":
        return target
    faqs = sorted((ROOT / "content" / "faq").glob("*.md"))
    for i in range(FAQ_PAGES[scale] - len(faqs)):
        source = faqs[i % len(faqs)].read_text(encoding="utf-8")
        slug = re.search(r"^Slug: (.+)$", source, re.M).group(1)
        (target / "faq" / f"copy{i}-{slug}.md").write_text(
            source.replace(f"Slug: {slug}", f"Slug: copy{i}-{slug}", 1), encoding="utf-8")
    return target


def generate(scale, outdir, seed=2021):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "sites.yaml").write_text(sites_yaml(scale, seed), encoding="utf-8")
    (outdir / "places.yaml").write_text(places_yaml(scale, seed), encoding="utf-8")
    (outdir / "schools.yaml").write_text(schools_yaml(scale, seed), encoding="utf-8")
    if not (outdir / "content").exists():
        content(scale, outdir)
    return outdir


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("county", *SCALES):
        sys.exit("usage: python benchmarks/generate.py county|province|nation OUTDIR")
    print(generate(sys.argv[1], sys.argv[2]))
