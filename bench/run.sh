#!/usr/bin/env bash
# Benchmark: werkblad beside the reference engines of ../shared/bench, in one run.
#
#   bench/run.sh [session.yaml]          (default: samples/beslisnota.yaml)
#
# Reports, for werkblad and the peers (default ENGINES="c-cairo typst"; set ENGINES to add
# weasyprint, reportlab, fpdf2): the cold time of one `werkblad render` process, the
# per-document time when one process renders 100 different sessions (werkblad-bench),
# peak memory of a cold render, and PDF size (all for the werkblad page alone, as the peers
# render it: `render --alleen werkblad`); then `werkblad batch` over BATCH_N (200) distinct
# sessions with one broken file: wall time, throughput, peak memory, and the up-to-date
# re-run. Results: /tmp/werkblad-bench/results.md and /tmp/werkblad-bench/batch.md.
# Installs what it needs (hyperfine, GNU time, gcc, Noto fonts for the C program, and
# the peers' Python packages in a venv) on first use.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$HERE/../shared/bench}
IN=$(realpath "${1:-$HERE/samples/beslisnota.yaml}")
[ -x "$SHARED/run.sh" ] || { echo "reference benchmark not found at $SHARED" >&2; exit 1; }

"$HERE/scripts/install-deps"
need=()
for p in hyperfine time gcc fonts-noto-core python3-venv; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Built as `make install` builds it: release, static Swift runtime.
(cd "$HERE" && swift build -c release --static-swift-stdlib --product werkblad >/dev/null \
    && swift build -c release --static-swift-stdlib --product werkblad-bench >/dev/null)
BIN=$HERE/.build/release
VERSION=$("$BIN/werkblad" --version)

# Run a copy: the reference writes its PDFs and PNGs beside its script.
COPY=/tmp/werkblad-refbench
rm -rf "$COPY" && cp -r "$SHARED" "$COPY" && chmod -R u+w "$COPY"

# werkblad's own distinct variants (the reference's make the time and form invalid).
VARIANTS=/tmp/werkblad-bench-variants
rm -rf "$VARIANTS"
python3 "$HERE/bench/variants.py" "$IN" "$VARIANTS" "${WARM_N:-100}"

ENGINES=${ENGINES:-"c-cairo typst"} \
OURS="$BIN/werkblad render {in} --alleen werkblad -o {out}" \
OURS_WARM="$BIN/werkblad-bench $VARIANTS -o {outdir}" \
OURS_NAME=werkblad OURS_VERSION="$VERSION" \
    "$COPY/run.sh" "$IN"

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Batch: archive PDFs (werkblad + diagrams, PDF/A) of BATCH_N distinct sessions, one broken.
BATCH_IN=/tmp/werkblad-bench-batch
BATCH_OUT=/tmp/werkblad-bench-batch-out
rm -rf "$BATCH_IN" "$BATCH_OUT"
N=${BATCH_N:-200}
python3 "$HERE/bench/variants.py" "$IN" "$BATCH_IN" "$N"
printf 'sessie:\n  titel: kapot\n  spelres: 3\n' > "$BATCH_IN/session-007.yaml"
measure() {   # command... -> "seconds peakMiB"
    /usr/bin/time -f "%e %M" -o /tmp/werkblad-bench-time "$@" >/dev/null 2>&1 || true
    tail -1 /tmp/werkblad-bench-time | awk '{printf "%.2f %.0f", $1, $2/1024}'
}
read -r t1 m1 <<<"$(measure "$BIN/werkblad" batch "$BATCH_IN" -o "$BATCH_OUT")"
made=$(find "$BATCH_OUT" -name '*.pdf' | wc -l)
read -r t2 m2 <<<"$(measure "$BIN/werkblad" batch "$BATCH_IN" -o "$BATCH_OUT")"
read -r t3 m3 <<<"$(measure "$BIN/werkblad" batch -j 1 "$BATCH_IN" -o "$BATCH_OUT.j1")"
read -r ts ms <<<"$(measure "$BIN/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-single.pdf)"
{
    echo "| batch of $N sessions (1 broken), archive PDF with diagrams | wall s | per document ms | peak RSS MiB |"
    echo "|---|---|---|---|"
    echo "| -j $(nproc), first run ($made PDFs) | $t1 | $(awk -v t="$t1" -v n="$made" 'BEGIN{printf "%.1f", 1000*t/n}') | $m1 |"
    echo "| -j $(nproc), re-run (all up to date) | $t2 | – | $m2 |"
    echo "| -j 1, first run | $t3 | $(awk -v t="$t3" -v n="$made" 'BEGIN{printf "%.1f", 1000*t/n}') | $m3 |"
    echo "| single render --alleen werkblad | $ts | – | $ms |"
} | { mkdir -p /tmp/werkblad-bench; tee /tmp/werkblad-bench/batch.md; }
