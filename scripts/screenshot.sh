#!/usr/bin/env bash
# Render the HTML report of the example pages (with two fixture pages holding injected errors, so
# that findings show) with headless Chromium, at a desktop and a phone-sized viewport.
#
#   cargo build --release && scripts/screenshot.sh [OUT_DIR]      # default: docs/screenshots
#
# Needs Chromium and a CJK font (Debian: apt-get install chromium fonts-noto-cjk). The run is
# written twice, as one file (report.html) and as a folder of pages (report/), in a temporary
# folder (kept with KEEP=1); the pictures go to OUT_DIR:
#   summary-1280x900.png, summary-390x844.png    the batch summary (report.html)
#   document-1280x900.png, document-390x844.png  a page with a changed number (report/docs/…)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
bin="${BITEXT:-${CARGO_TARGET_DIR:-target}/release/bitext}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 2; }
[ -n "$browser" ] || { echo "no Chromium: apt-get install chromium fonts-noto-cjk" >&2; exit 2; }
mkdir -p "$out"
dir="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "reports in $dir" || trap 'rm -rf "$dir"' EXIT
pages=(examples/pages tests/fixtures/pages/changed_digits_zh.txt tests/fixtures/pages/dropped_sentence_zh.txt)
"$bin" check --fail-on never --quiet --format json --report "html=$dir/report.html" \
  --report "html=$dir/report/" "${pages[@]}" >/dev/null
shot() { # WIDTH HEIGHT NAME URL
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$1,$2" --screenshot="$out/$3" "$4" >/dev/null 2>&1
  echo "$out/$3"
}
shot 1280 900 summary-1280x900.png "file://$dir/report.html"
shot 390 844 summary-390x844.png "file://$dir/report.html"
# The page of the document with a changed number (75 documents → 57份文件), at its first finding.
# Headless Chromium paints nothing when a screenshot's page is scrolled (to an anchor or by a
# script), so the page is framed: the frame scrolls, the screenshot does not.
doc="$(grep -l 'changed_digits_zh' "$dir"/report/docs/*.html | head -1)"
finding="$(grep -o 'class="f s-error" id="[^"]*"' "$doc" | head -1 | sed 's/.*id="\([^"]*\)"/\1/')"
frame="$dir/frame.html"
printf '<!DOCTYPE html><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block;width:100vw;height:100vh}</style><iframe src="%s#%s"></iframe>\n' \
  "report/docs/$(basename "$doc")" "$finding" > "$frame"
shot 1280 900 document-1280x900.png "file://$frame"
shot 390 844 document-390x844.png "file://$frame"

