"""Rewrite old dotted paths and file paths after the house move."""
import re, sys, pathlib

MOVES = {
    "assets.marts": "orchestration.assets.tables",
    "assets": "orchestration.assets",
    "sql": "core.sql", "months": "core.months", "files": "core.files", "markdown": "core.markdown",
    "shown": "core.shown", "locking": "core.locking", "laporan": "core.laporan",
    "screen": "publication.screen", "privacy": "publication.privacy", "publish": "publication.publish",
    "archive": "audit.archive", "health": "audit.health",
    "export": "outputs.exports", "dictionary": "outputs.dictionary", "header_doc": "outputs.header_variants",
    "fix_list": "outputs.fix_list", "verify": "verification.verify",
    **{m: f"orchestration.{m}" for m in "jobs schedules sensors partitions fanout resources instance outcomes".split()},
}
keys = sorted(MOVES, key=len, reverse=True)
DOTTED = re.compile(r"(?<![\w.])pipeline\.(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")
SLASHED = re.compile(r"(?<![\w.])pipeline/(" + "|".join(re.escape(k.replace('.', '/')) for k in keys) + r")(\.py|\.json|/)")
FROM_PIPELINE = re.compile(r"^(\s*)from pipeline import ([^(\n]+?)(\s*#.*)?$", re.M)

def dotted(m):
    return "pipeline." + MOVES[m.group(1)]

def slashed(m):
    old = m.group(1).replace("/", ".")
    new = MOVES[old].replace(".", "/")
    suffix = m.group(2)
    if old == "fix_list" and suffix == ".json":
        return m.group(0)  # fix_list_id.json handled below
    return "pipeline/" + new + suffix

def from_pipeline(m):
    indent, names, comment = m.group(1), m.group(2), m.group(3) or ""
    parts = [n.strip() for n in names.split(",") if n.strip()]
    groups = {}
    for p in parts:
        name = p.split(" as ")[0].strip()
        target = MOVES.get(name)
        parent = "pipeline" if target is None else "pipeline." + target.rsplit(".", 1)[0]
        if target is not None and " as " not in p and target.rsplit(".", 1)[1] != name:
            p = f"{target.rsplit('.', 1)[1]} as {name}"
        groups.setdefault(parent, []).append(p)
    lines = [f"{indent}from {parent} import {', '.join(ps)}" for parent, ps in groups.items()]
    lines[0] += comment
    return "\n".join(lines)

for path in sys.argv[1:]:
    p = pathlib.Path(path)
    text = p.read_text(encoding="utf-8")
    new = FROM_PIPELINE.sub(from_pipeline, text) if p.suffix == ".py" else text
    new = DOTTED.sub(dotted, new)
    new = SLASHED.sub(slashed, new)
    new = new.replace("pipeline/fix_list_id.json", "pipeline/outputs/fix_list_id.json")
    if new != text:
        p.write_text(new, encoding="utf-8")
        print("rewrote", path)
