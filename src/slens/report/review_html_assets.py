"""The HTML review's stylesheet and its one script, kept apart so the renderer stays readable.

The script only hides rows: with JavaScript disabled (or blocked) the report shows everything, and
the filter bar, useless then, stays hidden. The page's Content-Security-Policy allows this script by
its hash and nothing else, so it must not change at render time: it reads the page, never data.
"""

from __future__ import annotations

CSS = """
:root{--high:#b91c1c;--high-bg:#fee2e2;--medium:#c2410c;--medium-bg:#ffedd5;--none:#15803d;--none-bg:#dcfce7;
--nr:#475569;--nr-bg:#e2e8f0;--line:#e2e8f0;--muted:#64748b;--ink:#0f172a}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f8fafc}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:36px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
h4{font-size:13px;margin:14px 0 4px;font-weight:600}
p{margin:4px 0 8px}
code,pre,.mono{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted)}
.meta{color:var(--muted);margin:0 0 12px}
nav.toc{font-size:13px;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:4px 12px}
nav.toc a{color:#1d4ed8;text-decoration:none}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600}
td.nowrap,th.nowrap{white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.risk-high{color:var(--high);background:var(--high-bg)}
.risk-medium{color:var(--medium);background:var(--medium-bg)}
.risk-none{color:var(--none);background:var(--none-bg)}
.risk-not-reviewed{color:var(--nr);background:var(--nr-bg)}
.sev-critical,.sev-high{color:var(--high);background:var(--high-bg)}
.sev-medium{color:var(--medium);background:var(--medium-bg)}
.sev-low{color:#a16207;background:#fef9c3}
.sev-info{color:var(--nr);background:var(--nr-bg)}
.st-failed{color:var(--high);background:var(--high-bg)}
.st-passed,.st-answered{color:var(--none);background:var(--none-bg)}
.st-not-applicable{color:var(--nr);background:var(--nr-bg)}
.st-unanswered{color:var(--medium);background:var(--medium-bg)}
.pillars{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:10px 0 16px}
.pillar{border:1px solid var(--line);border-left:6px solid var(--nr);border-radius:6px;padding:8px 12px}
.pillar.risk-high{border-left-color:var(--high);background:#fff}
.pillar.risk-medium{border-left-color:var(--medium);background:#fff}
.pillar.risk-none{border-left-color:var(--none);background:#fff}
.pillar.risk-not-reviewed{background:#fff}
.pillar .name{font-weight:600;display:block}
.counts span{margin-right:10px}
.flow-box{margin:10px 0 18px;border:1px solid var(--line);border-radius:6px}
.flow-box figcaption{padding:6px 10px;border-bottom:1px solid var(--line);font-size:13px;background:#f8fafc}
.flow-scroll{overflow-x:auto;padding:6px}
.legend{font-size:12px;color:var(--muted)}
.legend .key{margin-right:14px;white-space:nowrap}
.legend svg{vertical-align:middle;margin-right:4px}
.flow .node rect{fill:#f8fafc;stroke:#334155}
.flow .node.function rect{fill:#fff7ed;stroke:#c2410c}
.flow .node.workflow rect{fill:#f5f3ff;stroke:#6d28d9}
.flow text{font:12px system-ui,sans-serif;fill:#0f172a}
.flow text.type{fill:#64748b;font-size:10px}
.filters{position:sticky;top:0;z-index:2;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:8px 12px;margin:16px 0;display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;font-size:13px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:8px;align-items:center}
.filters legend{float:left;font-weight:600;margin-right:4px}
.filters input[type=search]{font:inherit;padding:3px 6px;border:1px solid #cbd5e1;border-radius:4px;min-width:240px}
section.question{margin-top:28px}
/* anchors land below the sticky filter bar */
section{scroll-margin-top:96px}
section.question h2 .badge{font-size:13px;vertical-align:middle;margin-left:6px}
.reason{margin:2px 0 10px}
.practices,.findings{table-layout:fixed}
.practices col.status{width:116px}.practices col.practice{width:42%}
.findings col.sev{width:76px}.findings col.rule{width:260px}.findings col.where{width:150px}
td{overflow-wrap:anywhere}
.practice .title{font-weight:600}
.evidence{color:#334155}
.answer{margin-top:3px;font-size:13px}
.group{margin:8px 0 12px;border-left:3px solid var(--line);padding-left:10px}
.group h4 .mono{font-weight:400;color:var(--muted)}
details.fixes{margin:8px 0 4px;border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:#f8fafc}
details.fixes summary{cursor:pointer;font-weight:600}
details.fixes h5{margin:10px 0 2px;font-size:13px}
pre{background:#0f172a;color:#e2e8f0;padding:8px 10px;border-radius:5px;overflow-x:auto;margin:4px 0 8px}
footer{margin-top:36px;font-size:12px;color:var(--muted)}
@media print{
body{background:#fff;font-size:11px}
main{max-width:none;padding:0}
.filters,nav.toc{display:none!important}
section.question,.flow-box,.group{break-inside:avoid-page}
h2{break-after:avoid}
.flow-scroll{overflow:visible}
svg.flow{max-width:100%;height:auto}
pre{white-space:pre-wrap;background:#f1f5f9;color:#0f172a}
.badge,.pillar{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

SCRIPT = """(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var text = document.getElementById("filter-text");
  var boxes = bar.querySelectorAll("input[type=checkbox]");
  var count = document.getElementById("filter-count");
  function checked(kind) {
    var on = {};
    bar.querySelectorAll("input[data-" + kind + "]").forEach(function (box) {
      on[box.getAttribute("data-" + kind)] = box.checked;
    });
    return on;
  }
  function apply() {
    var severities = checked("severity");
    var statuses = checked("status");
    var needle = text.value.trim().toLowerCase();
    var shown = 0;
    var rows = document.querySelectorAll("tr.finding");
    rows.forEach(function (row) {
      var visible = severities[row.getAttribute("data-severity")] !== false &&
        (needle === "" || row.getAttribute("data-search").indexOf(needle) !== -1);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.querySelectorAll(".group").forEach(function (group) {
      group.hidden = group.querySelector("tr.finding:not([hidden])") === null;
    });
    document.querySelectorAll("tr.practice").forEach(function (row) {
      row.hidden = statuses[row.getAttribute("data-status")] === false;
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  // a printed report should carry the fix snippets a reader cannot expand on paper
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
})();
"""
