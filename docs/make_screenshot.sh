#!/usr/bin/env bash
# Regenerates docs/annotated-blog.png: the blog seed's page as `scorer annotate` writes it,
# rendered by headless Chromium. Run from anywhere in a checkout with scorer's dependencies:
#   docs/make_screenshot.sh            (PYTHON=... and CHROMIUM=... override the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then
    echo "make_screenshot: no Chromium found; apt-get install -y chromium, or set CHROMIUM" >&2
    exit 2
fi
# Width and height of the shot: a laptop-sized window showing the scores, the legend and the
# first marked paragraphs.
SIZE="${SIZE:-1000,1400}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m scorer annotate seeds/000_f2fa5b6b3c4f3a52.txt -o "$work/blog.html" --quiet
# Without the background-networking flags Chromium waits on services a closed network never
# answers.
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$work/profile" \
    --window-size="$SIZE" --screenshot="$work/shot.png" "file://$work/blog.html" \
    >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; exit 1; }

# A 256-colour palette keeps the PNG small for the README (flat colours and text lose nothing
# visible); skipped when Pillow is not installed.
"$PYTHON" - "$work/shot.png" <<'PY' || true
import sys
from PIL import Image
path = sys.argv[1]
with Image.open(path) as image:
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
PY
mv "$work/shot.png" docs/annotated-blog.png
echo "wrote docs/annotated-blog.png ($(wc -c <docs/annotated-blog.png) bytes)"
