(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lit = [], pinned = false, at = -1;
  function clear() {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("lit");
    lit = [];
  }
  function light(root, selector) {
    var xs = root.querySelectorAll(selector);
    for (var i = 0; i < xs.length; i++) { xs[i].classList.add("lit"); lit.push(xs[i]); }
  }
  // Light a number's counterpart (same link) and everything of its findings.
  function show(el) {
    clear();
    var root = el.closest("article") || document;
    var link = el.getAttribute("data-l");
    if (link) light(root, '[data-l="' + link + '"]');
    var fs = (el.getAttribute("data-f") || "").split(" ");
    for (var i = 0; i < fs.length; i++) {
      if (!/^d\d+-f\d+$/.test(fs[i])) continue;
      light(root, '[data-f~="' + fs[i] + '"]');
      var item = document.getElementById(fs[i]);
      if (item) { item.classList.add("lit"); lit.push(item); }
    }
  }
  function target(e) {
    return e.target.closest ? e.target.closest("[data-l],[data-f]") : null;
  }
  document.addEventListener("mouseover", function (e) {
    if (pinned) return;
    var el = target(e);
    if (el) show(el); else if (lit.length) clear();
  });
  document.addEventListener("click", function (e) {
    var el = target(e);
    if (el) { pinned = true; show(el); } else if (pinned) { pinned = false; clear(); }
  });
  document.addEventListener("focusin", function (e) {
    var el = target(e);
    if (el) show(el);
  });
  // j/n next finding, k/p previous: the findings of the documents, else the summary's rows.
  function stops() {
    var xs = document.querySelectorAll("article .f");
    if (!xs.length) xs = document.querySelectorAll("#docs .r.has-f");
    var out = [];
    for (var i = 0; i < xs.length; i++) if (xs[i].offsetParent !== null) out.push(xs[i]);
    return out;
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (e.key === "Escape") { pinned = false; clear(); return; }
    var step = { j: 1, n: 1, k: -1, p: -1 }[e.key];
    if (!step) return;
    var xs = stops();
    if (!xs.length) return;
    var cur = xs.indexOf(document.activeElement);
    at = cur >= 0 ? cur + step : (step > 0 ? Math.min(at + 1, xs.length - 1) : Math.max(at - 1, 0));
    at = Math.max(0, Math.min(xs.length - 1, at));
    var el = xs[at];
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    pinned = true;
    if (el.classList.contains("r")) { clear(); el.classList.add("lit"); lit.push(el); } else show(el);
    e.preventDefault();
  });
  // Time to a laid-out page, for scripts/bench_html.py.
  window.addEventListener("load", function () {
    void document.body.offsetHeight;
    document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  });
  // The summary: sort by a column, filter by severity, rule and path.
  var table = document.getElementById("docs");
  if (!table) return;
  // Rows sit in chunks that the browser lays out only when on screen.
  var chunks = Array.prototype.slice.call(table.querySelectorAll(".rows > .k"));
  var rows = Array.prototype.slice.call(table.querySelectorAll(".rows .r"));
  var size = chunks.length ? chunks[0].children.length : 0;
  var paths = rows.map(function (r) { return r.children[1].textContent.toLowerCase(); });
  var heads = table.querySelector(".h").children;
  function sortBy(col, numeric, dir) {
    var keyed = rows.map(function (r, i) {
      var t = r.children[col].textContent;
      return [numeric ? +t : t.toLowerCase(), i, r];
    });
    keyed.sort(function (a, b) { return (a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]); });
    for (var c = 0; c < chunks.length; c++) {
      var frag = document.createDocumentFragment();
      for (var i = c * size; i < Math.min(keyed.length, (c + 1) * size); i++) frag.appendChild(keyed[i][2]);
      chunks[c].appendChild(frag);
    }
    for (var h = 0; h < heads.length; h++) heads[h].removeAttribute("aria-sort");
    heads[col].setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
  }
  for (var h = 0; h < heads.length; h++) {
    (function (col) {
      heads[col].addEventListener("click", function () {
        var numeric = heads[col].getAttribute("data-t") === "n";
        var dir = heads[col].getAttribute("aria-sort") === (numeric ? "descending" : "ascending") ? 1 : -1;
        if (!heads[col].hasAttribute("aria-sort")) dir = numeric ? -1 : 1;
        sortBy(col, numeric, dir);
      });
    })(h);
  }
  var sev = document.getElementById("f-sev"), rule = document.getElementById("f-rule");
  var q = document.getElementById("f-q"), count = document.getElementById("f-count");
  function filter() {
    var min = +sev.value, r = rule.value, text = q.value.toLowerCase(), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = +row.getAttribute("data-w") >= min &&
        (!r || (" " + (row.getAttribute("data-r") || "") + " ").indexOf(" " + r + " ") >= 0) &&
        (!text || paths[i].indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + rows.length + " documents";
  }
  sev.addEventListener("change", filter);
  rule.addEventListener("change", filter);
  q.addEventListener("input", filter);
})();
