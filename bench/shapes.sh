#!/usr/bin/env bash
# Worst cases inside the 1 MiB input limit: layout work must grow about linearly with the
# text. Makes a session of each shape just under 1 MiB and times `werkblad render` (release,
# as `make install` builds it) and `werkblad check` on it; goal: under 2 s each.
#
#   bench/shapes.sh            results in /tmp/werkblad-bench/shapes.md
#
# Shapes: many bullets in one text (versterking of the common-ground diagram, and a werkblad
# box), one word of 60,000 characters, prose filling the whole megabyte, and a table cell of
# one very long paragraph.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=/tmp/werkblad-bench/shapes
mkdir -p "$OUT"
(cd "$HERE" && swift build -c release --static-swift-stdlib --product werkblad >/dev/null)
BIN=$HERE/.build/release/werkblad

python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
limit = 1024 * 1024 - 200
def fill(head, line):
    body, n = [head], 0
    size = len(head.encode())
    while True:
        l = line(n)
        if size + len(l.encode()) > limit:
            break
        body.append(l); size += len(l.encode()); n += 1
    return "".join(body), n
shapes = {
    "bullets-diagram": fill("afwegen:\n  common-ground:\n    versterking:\n", lambda i: f'      - "punt {i} met wat tekst"\n'),
    "bullets-werkblad": fill("kiezen:\n  hoe-nu-verder:\n", lambda i: f'    - "stap {i} die iemand moet zetten"\n'),
    "long-word": ("kennismaken:\n  dilemma: \"" + "abcdefghij" * 6000 + "\"\n", 1),
    "prose": fill("kennismaken:\n  dilemma: |\n", lambda i: "    Dit is een gewone zin met een paar woorden erin, zoals mensen schrijven.\n"),
    "cell": fill("verkennen:\n  spelers:\n    - naam: Speler\n      belangen-en-waarden: >\n", lambda i: "        woord en nog een woord\n"),
}
for name, (text, n) in shapes.items():
    open(f"{out}/{name}.yaml", "w").write(text)
    print(f"{name}: {len(text.encode())} bytes, {n} items", file=sys.stderr)
PY

# Each command RUNS (3) times; the table has the median wall time (and the peak memory of
# the median render run), since one run on a shared machine can be off by a third.
RUNS=${RUNS:-3}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
{
    echo "| shape | size | render (s, median of $RUNS) | pages | peak MiB | check (s, median of $RUNS) |"
    echo "|---|---:|---:|---:|---:|---:|"
    for f in "$OUT"/*.yaml; do
        name=$(basename "$f" .yaml)
        size=$(stat -c %s "$f")
        : >"$OUT/$name.times"; : >"$OUT/$name.checks"
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$BIN" render "$f" -o "$OUT/$name.pdf" >/dev/null 2>"$OUT/$name.log"
            cat "$OUT/$name.time" >>"$OUT/$name.times"
            /usr/bin/time -f "%e" -o "$OUT/$name.check" "$BIN" check "$f" >/dev/null 2>&1
            cat "$OUT/$name.check" >>"$OUT/$name.checks"
        done
        secs=$(median <"$OUT/$name.times")
        kb=$(awk -v s="$secs" '$1 == s {print $2; exit}' "$OUT/$name.times")
        pages=$(pdfinfo "$OUT/$name.pdf" | awk '/^Pages:/ {print $2}')
        echo "| $name | $size | $secs | $pages | $((kb / 1024)) | $(median <"$OUT/$name.checks") |"
    done
} | tee /tmp/werkblad-bench/shapes.md
