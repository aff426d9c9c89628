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
# re-run; then wall times paired run by run with the C program (bench/paired.py); then
# instruction counts (valgrind's callgrind, stable on a shared machine) of cold
# and warm runs of werkblad and the C program in the same run, and of `blank` and `check`;
# then, with SHAPES=1, the 1 MiB worst cases of bench/shapes.sh. Results:
# /tmp/werkblad-bench/results.md, batch.md, paired.md, instructions.md (and shapes.md).
# Installs what it needs (hyperfine, GNU time, gcc, Noto fonts for the C program, and
# the peers' Python packages in a venv) on first use.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$HERE/../shared/bench}
IN=$(realpath "${1:-$HERE/samples/beslisnota.yaml}")
[ -x "$SHARED/run.sh" ] || { echo "reference benchmark not found at $SHARED" >&2; exit 1; }

"$HERE/scripts/install-deps"
need=()
for p in hyperfine time gcc fonts-noto-core python3-venv valgrind binutils; do
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
rm -rf "$BATCH_IN" "$BATCH_OUT" "$BATCH_OUT.j1"
N=${BATCH_N:-200}
python3 "$HERE/bench/variants.py" "$IN" "$BATCH_IN" "$N"
printf 'sessie:\n  titel: kapot\n  spelres: 3\n' > "$BATCH_IN/session-007.yaml"
measure() {   # command... -> "seconds peakMiB"
    /usr/bin/time -f "%e %M" -o /tmp/werkblad-bench-time "$@" >/dev/null 2>&1 || true
    tail -1 /tmp/werkblad-bench-time | awk '{printf "%.2f %.0f", $1, $2/1024}'
}
# First runs of -j 2 and -j 1 taken in turn, BATCH_PAIRS (5) times, each into an empty folder:
# one run of each, minutes apart, moved the ratio by 15 % here. The median of each is reported;
# the ratio is the median of the per-pair ratios, as bench/paired.py takes it for wall times, so
# that a busy minute of the host weighs on both runs of a pair alike (the ratio of the two
# medians, which mixes runs of different minutes, is printed beside it).
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
j2=() j1=() r2=() r1=()
for _ in $(seq "${BATCH_PAIRS:-5}"); do
    rm -rf "$BATCH_OUT" "$BATCH_OUT.j1"
    read -r t m <<<"$(measure "$BIN/werkblad" batch "$BATCH_IN" -o "$BATCH_OUT")"; j2+=("$t"); r2+=("$m")
    read -r t m <<<"$(measure "$BIN/werkblad" batch -j 1 "$BATCH_IN" -o "$BATCH_OUT.j1")"; j1+=("$t"); r1+=("$m")
done
t1=$(printf '%s\n' "${j2[@]}" | median); m1=$(printf '%s\n' "${r2[@]}" | median)
t3=$(printf '%s\n' "${j1[@]}" | median); m3=$(printf '%s\n' "${r1[@]}" | median)
made=$(find "$BATCH_OUT" -name '*.pdf' | wc -l)
read -r t2 m2 <<<"$(measure "$BIN/werkblad" batch "$BATCH_IN" -o "$BATCH_OUT")"
read -r ts ms <<<"$(measure "$BIN/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-single.pdf)"
read -r tb mb <<<"$(measure "$BIN/werkblad" blank -o /tmp/werkblad-bench-blank.pdf)"
read -r tc mc <<<"$(measure "$BIN/werkblad" check "$IN")"
{
    echo "| batch of $N sessions (1 broken), archive PDF with diagrams | wall s | per document ms | peak RSS MiB |"
    echo "|---|---|---|---|"
    echo "| -j $(nproc), first run ($made PDFs; median of ${BATCH_PAIRS:-5}, in turn with -j 1) | $t1 | $(awk -v t="$t1" -v n="$made" 'BEGIN{printf "%.1f", 1000*t/n}') | $m1 |"
    echo "| -j $(nproc), re-run (all up to date) | $t2 | – | $m2 |"
    echo "| -j 1, first run (median of ${BATCH_PAIRS:-5}) | $t3 | $(awk -v t="$t3" -v n="$made" 'BEGIN{printf "%.1f", 1000*t/n}') | $m3 |"
    echo "| single render --alleen werkblad | $ts | – | $ms |"
    echo "| single blank | $tb | – | $mb |"
    echo "| single check | $tc | – | $mc |"
    echo
    ratios=$(for i in "${!j2[@]}"; do awk -v a="${j1[$i]}" -v b="${j2[$i]}" 'BEGIN{printf "%.4f\n", a / b}'; done)
    echo "-j $(nproc) against -j 1: $(printf '%s\n' "$ratios" | median | awk '{printf "%.2fx", $1}') the throughput, median of the ${#j2[@]} pairs' ratios $(printf '%s\n' "$ratios" | awk '{printf "%s%.2f", (NR > 1 ? " " : ""), $1}') (ratio of the medians: $(awk -v a="$t3" -v b="$t1" 'BEGIN{printf "%.2fx", a / b}'); runs: -j $(nproc) ${j2[*]} s, -j 1 ${j1[*]} s)"
} | { mkdir -p /tmp/werkblad-bench; tee /tmp/werkblad-bench/batch.md; }

WORK=${WORK:-/tmp/werkblad-bench}   # where the reference run built the C program

# Wall time paired run by run with the C program (bench/paired.py): the tables above time each
# engine in its own block, minutes apart, and a shared machine drifts by a third between blocks.
mkdir -p /tmp/werkblad-bench-p-out /tmp/werkblad-bench-p-c
# The batch runs above leave their PDFs for the kernel to write back; written while the pairs take
# their turns, they disturb them (a writer in the background took the warm ratio from 1.47-1.50 to
# 1.56 here): flushed first.
sync
# (Each result taken apart only after paired.py succeeded: `read <<<"$(…)"` would hide a failure.)
cold=$(python3 "$HERE/bench/paired.py" cold "${PAIRED_RUNS:-30}" \
    "$WORK/werkblad_c $WORK/content.txt /tmp/werkblad-bench-p-c.pdf" \
    "$BIN/werkblad render $IN --alleen werkblad -o /tmp/werkblad-bench-p.pdf")
warm=$(python3 "$HERE/bench/paired.py" warm "${PAIRED_WARM_RUNS:-15}" \
    "$WORK/werkblad_c --repeat ${WARM_N:-100} $WORK/var/content-%03d.txt /tmp/werkblad-bench-p-c" \
    "$BIN/werkblad-bench $VARIANTS -o /tmp/werkblad-bench-p-out")
read -r pc pw pr <<<"$cold"
read -r qc qw qr <<<"$warm"
{
    echo "| wall time, paired run by run | C program ms | werkblad ms | ratio (median of pairs) |"
    echo "|---|---:|---:|---:|"
    echo "| cold render --alleen werkblad (${PAIRED_RUNS:-30} pairs) | $pc | $pw | ${pr}x |"
    echo "| warm, per document (${PAIRED_WARM_RUNS:-15} pairs of ${WARM_N:-100}-document processes) | $qc | $qw | ${qr}x |"
} | tee /tmp/werkblad-bench/paired.md

# Instructions (callgrind), stripped binaries: valgrind cannot read the static binary's debug info.
STRIP=/tmp/werkblad-bench-stripped
mkdir -p "$STRIP" && cp "$BIN/werkblad" "$BIN/werkblad-bench" "$STRIP/" && strip "$STRIP/werkblad" "$STRIP/werkblad-bench"
count() {   # command... -> instructions, in millions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | awk '/Collected :/ {printf "%.1f", $NF / 1e6}'
}
export WERKBLAD_DATA=$HERE
# The cache as a user's machine has it after one run of this build: the layout's entry is keyed on
# the executable (see README, Cache), and the stripped copy is a new one.
"$STRIP/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-i.pdf >/dev/null 2>&1
mkdir -p /tmp/werkblad-bench-i-out
"$STRIP/werkblad-bench" "$IN" -o /tmp/werkblad-bench-i-out >/dev/null 2>&1 || true
# Under valgrind, /proc/self/exe is valgrind's own tool, so the layouts' entries are keyed on that
# executable: one counted run of each command first, not reported, or the counts include reading
# the layout YAML again (7 million instructions; every bench run did so until round 17).
count "$STRIP/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-i.pdf >/dev/null
count "$STRIP/werkblad" check "$IN" >/dev/null
cw=$(count "$STRIP/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-i.pdf)
# The first run on a machine: an empty cache, so the hyphenation machine and the font scan are
# built (and written) in this run. Every other figure is with the cache as that run leaves it.
FRESH=$(mktemp -d)
cf=$(WERKBLAD_CACHE=$FRESH count "$STRIP/werkblad" render "$IN" --alleen werkblad -o /tmp/werkblad-bench-i.pdf)
rm -rf "$FRESH"
cc=$(count "$WORK/werkblad_c" "$WORK/content.txt" /tmp/werkblad-bench-i-c.pdf)
cb=$(count "$STRIP/werkblad" blank -o /tmp/werkblad-bench-i-blank.pdf)
ck=$(count "$STRIP/werkblad" check "$IN")
mkdir -p /tmp/werkblad-bench-i-out
variants=("$VARIANTS"/*.yaml)
w10=$(count "$STRIP/werkblad-bench" "${variants[@]:0:10}" -o /tmp/werkblad-bench-i-out)
w20=$(count "$STRIP/werkblad-bench" "${variants[@]:0:20}" -o /tmp/werkblad-bench-i-out)
c10=$(count "$WORK/werkblad_c" --repeat 10 "$WORK/var/content-%03d.txt" /tmp/werkblad-bench-i-out)
c20=$(count "$WORK/werkblad_c" --repeat 20 "$WORK/var/content-%03d.txt" /tmp/werkblad-bench-i-out)
unset WERKBLAD_DATA
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a / b}'; }
ww=$(awk -v a="$w20" -v b="$w10" 'BEGIN{printf "%.1f", (a - b) / 10}')
wc_=$(awk -v a="$c20" -v b="$c10" 'BEGIN{printf "%.1f", (a - b) / 10}')
{
    echo "| instructions (callgrind, millions) | werkblad | C program | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| cold render --alleen werkblad | $cw | $cc | $(ratio "$cw" "$cc") |"
    echo "| warm, per document (20 minus 10 documents, / 10) | $ww | $wc_ | $(ratio "$ww" "$wc_") |"
    echo "| cold render, first run on a machine (empty cache) | $cf | $cc | $(ratio "$cf" "$cc") |"
    echo "| cold blank | $cb | $cc (C's full render) | $(ratio "$cb" "$cc") |"
    echo "| cold check | $ck | – | – |"
} | tee /tmp/werkblad-bench/instructions.md

if [ "${SHAPES:-0}" = 1 ]; then "$HERE/bench/shapes.sh"; fi
