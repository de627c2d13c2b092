#!/usr/bin/env bash
# Drive the HTML report's script in headless Chromium: sort, filter by severity, rule and path,
# j/k between findings, and hovering a matched and a changed number. A harness page frames the
# report (file pages may script each other with --allow-file-access-from-files), acts on it and
# writes what it saw, which --dump-dom returns.
#
#   cargo build --release && scripts/check_report_js.sh       # needs Debian's chromium
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${BITEXT:-${CARGO_TARGET_DIR:-target}/release/bitext}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 2; }
[ -n "$browser" ] || { echo "no Chromium: apt-get install chromium" >&2; exit 2; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$bin" check --quiet --fail-on never --format html examples/pages \
  tests/fixtures/pages/changed_digits_zh.txt tests/fixtures/pages/dropped_sentence_zh.txt > "$dir/report.html"
cat > "$dir/harness.html" <<'HTML'
<!DOCTYPE html><html><body><iframe id="f" src="report.html" style="width:1280px;height:900px"></iframe><pre id="out"></pre>
<script>
var out = [];
document.getElementById("f").onload = function () {
  try {
    var w = this.contentWindow, d = w.document;
    var names = function () {
      return Array.prototype.map.call(d.querySelectorAll("#docs .rows .r"), function (r) {
        return r.hidden ? null : r.children[1].textContent.trim().split("/").pop();
      }).filter(Boolean).join(",");
    };
    var lit = function () {
      return Array.prototype.map.call(d.querySelectorAll(".lit"), function (e) {
        return e.tagName === "LI" ? "finding" : (e.closest(".zh") ? "zh:" : "en:") + e.textContent;
      }).join(" ");
    };
    var key = function (k) {
      d.body.dispatchEvent(new w.KeyboardEvent("keydown", { key: k, bubbles: true }));
      return d.activeElement.id;
    };
    var set = function (id, value, type) {
      var e = d.getElementById(id); e.value = value; e.dispatchEvent(new Event(type));
    };
    out.push("script ran: " + d.documentElement.classList.contains("js"));
    d.querySelectorAll("#docs .h > span")[4].click();
    out.push("most errors first: " + names().split(",")[0]);
    set("f-sev", "3", "change");
    out.push("only errors: " + names());
    set("f-sev", "0", "change"); set("f-rule", "no-translation", "change");
    out.push("only no-translation: " + names());
    set("f-rule", "", "change"); set("f-q", "DROPPED", "input");
    out.push("path filter: " + names());
    out.push("j: " + key("j") + " j: " + key("j") + " k: " + key("k"));
    key("Escape");
    var n = d.querySelector("article .side.en .n.m");
    n.dispatchEvent(new w.MouseEvent("mouseover", { bubbles: true }));
    out.push("hover matched: " + lit());
    key("Escape");
    var m = d.querySelector("article .side.en .n.s-error");
    m.dispatchEvent(new w.MouseEvent("mouseover", { bubbles: true }));
    out.push("hover changed: " + lit());
  } catch (e) { out.push("ERROR " + e); }
  document.getElementById("out").textContent = out.join("\n");
};
</script></body></html>
HTML
seen="$("$browser" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
  --virtual-time-budget=5000 --dump-dom "file://$dir/harness.html" 2>/dev/null \
  | sed -n '/<pre id="out">/,/<\/pre>/p' | sed 's/<[^>]*>//g; s/&gt;/>/g')"
echo "$seen"
expect=(
  "script ran: true"
  "most errors first: changed_digits_zh.txt"
  "only errors: changed_digits_zh.txt"
  "only no-translation: 001_4d9e998fb4647bbe.txt,004_430c1226b5724794.txt"
  "path filter: dropped_sentence_zh.txt"
  "j: d1-f0 j: d2-f0 k: d1-f0"
  "hover matched: en:14 zh:14"
  "hover changed: en:75 zh:57 finding"
)
for line in "${expect[@]}"; do
  grep -qxF "$line" <<<"$seen" || { echo "FAILED: expected \"$line\"" >&2; exit 1; }
done
echo "the report's script works: ${#expect[@]} checks passed"
