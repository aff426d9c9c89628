#!/usr/bin/env bash
# Load figure for `werkblad serve`: 50 simulated participants typing for a minute on loopback.
#   bench/live-load.sh [PARTICIPANTS] [SECONDS]
# Builds the release binary, puts the WebSocket client library (websockets, PyPI) in a venv
# at /tmp/werkblad-bench/venv-live, and writes /tmp/werkblad-bench/live-load.json.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=/tmp/werkblad-bench
VENV=$OUT/venv-live
mkdir -p "$OUT"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import websockets" 2>/dev/null || "$VENV/bin/pip" install -q websockets==15.0.1
(cd "$HERE" && swift build -c release --static-swift-stdlib --product werkblad >/dev/null)
"$VENV/bin/python" "$HERE/bench/live-load.py" "$HERE/.build/release/werkblad" "$OUT/live" \
    --participants "${1:-50}" --seconds "${2:-60}" | tee "$OUT/live-load.json"
