"""Untimed set-up for werkblad's warm run: N variants of a session file with " <i>"
appended to every free-text string, so no two documents share their text. Like the
reference benchmark's variants, but leaving the values the session format checks
(time, form, reporting rule, language, viewpoints) valid.

usage: python3 bench/variants.py session.yaml OUTDIR N
"""
import os
import sys

import yaml

KEEP = {"tijd", "vorm", "verslaglegging", "taal", "layout", "invalshoeken", "datum", "versie"}


def tag(node, i, key=None):
    if key in KEEP:
        return node
    if isinstance(node, dict):
        return {k: tag(v, i, k) for k, v in node.items()}
    if isinstance(node, list):
        return [tag(v, i, key) for v in node]
    if isinstance(node, str):
        return f"{node.rstrip()} {i}"
    return node


def main(src, outdir, n):
    os.makedirs(outdir, exist_ok=True)
    with open(src, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for i in range(n):
        with open(os.path.join(outdir, f"session-{i:03d}.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(tag(doc, i), f, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
