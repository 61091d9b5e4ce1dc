//! The one stylesheet (served at `/assets/style.css`): screen layout, visible focus,
//! status colours that pass AA contrast, and the print rules that paginate the booklet on A4.

pub const CSS: &str = r#"
:root{--ink:#1b1b1b;--muted:#555;--link:#0a4a8f;--line:#c8ccd2;--head:#1f3a5f;--bg2:#f3f5f8}
*{box-sizing:border-box}
body{font-family:"IPAGothic","IPAPGothic","Hiragino Sans","Noto Sans JP",system-ui,sans-serif;margin:0;color:var(--ink);line-height:1.7;background:#fff}
a{color:var(--link)}
a:focus-visible,button:focus-visible,summary:focus-visible,input:focus-visible,main:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:var(--link);padding:.5em 1em;z-index:10}
.skip:focus{left:.5em}
header.site{background:var(--head);padding:.5em 1em;display:flex;flex-wrap:wrap;gap:1em;align-items:center;justify-content:space-between}
header.site a{color:#fff}
header.site .brand{font-weight:bold;text-decoration:none;font-size:1.1em}
header.site ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:0;padding:0}
header.site li,header.site form.signout button{white-space:nowrap}
header.site form.signout{color:#fff;margin:0;display:flex;gap:.6em;align-items:center}
header.site form.signout button{background:#fff;color:var(--head);border:1px solid #fff;border-radius:3px;padding:.2em .8em;cursor:pointer}
nav.crumbs{max-width:80em;margin:.6em auto 0;padding:0 1.1111em;font-size:.9em}
nav.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
nav.crumbs li+li::before{content:"›";margin:0 .5em;color:var(--muted)}
main{max-width:72em;margin:1em auto 2em;padding:0 1em;display:block}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85em;padding:1em;text-align:center}
h1{font-size:1.6em;line-height:1.35;margin:.4em 0 .6em}
h2{font-size:1.3em;border-bottom:2px solid var(--head);padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.12em;margin-top:1.3em}
h4,h5,h6{font-size:1em;margin:1em 0 .4em}
.lead{color:var(--muted);margin-top:-.4em}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.6em 0 1.2em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid var(--line);padding:.4em .5em;text-align:left;vertical-align:top}
thead th{background:var(--bg2)}
td.num,th.num{text-align:right;white-space:nowrap}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li+li{margin-top:.3em}
td.sdgs{white-space:nowrap}
ul.inline,ul.tags{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.3em .8em}
ul.tags li{border:1px solid var(--line);border-radius:3px;padding:0 .4em;font-size:.9em}
.status{display:inline-block;border-radius:3px;padding:0 .45em;font-weight:bold;border:1px solid}
.status.on-track{background:#e7f4ea;color:#1d5b2c;border-color:#1d5b2c}
.status.behind{background:#fdecea;color:#8a1c12;border-color:#8a1c12}
.status.no-data{background:#eeeeee;color:#3d3d3d;border-color:#3d3d3d}
.judgement{display:inline-block;border:1px solid var(--head);color:var(--head);border-radius:3px;padding:0 .45em;font-weight:bold}
.pairing{font-weight:bold}
.summary-grid{display:flex;flex-wrap:wrap;gap:1em;list-style:none;padding:0}
.summary-grid li{border:1px solid var(--line);padding:.5em 1em;min-width:9em}
.summary-grid .count{font-size:1.5em;font-weight:bold;display:block}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.4em 0}
dl.meta dt{font-weight:bold;color:var(--head)}
dl.meta dd{margin:0}
ul.tree{list-style:none;padding-left:1.4em;margin:.2em 0}
.tree-top>ul.tree{padding-left:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
details.node{margin:.2em 0}
details.node>summary{cursor:pointer}
.node-body{margin-left:1.2em}
.node-text{margin:.1em 0 .4em;color:var(--muted);font-size:.95em}
.chart-wrap{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
.chart-wrap figure{margin:0;flex:1 1 26em}
.chart-wrap table{flex:1 1 18em;width:auto}
svg.chart{max-width:100%;height:auto;background:#fff}
form.search{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin:1em 0}
form.search input[type=search]{font-size:1em;padding:.35em;min-width:18em;border:1px solid #6b6b6b}
form.search fieldset{border:1px solid var(--line);padding:.2em .8em;margin:0}
form.search legend{padding:0 .3em;font-size:.9em}
form.search button{font-size:1em;padding:.35em 1.2em;background:var(--head);color:#fff;border:0;border-radius:3px}
nav.pager ul{list-style:none;display:flex;gap:1em;padding:0}
nav.toc ol{columns:2}
.print-only{display:none}
@media print{
  @page{size:A4;margin:18mm 15mm}
  body{font-size:10.5pt;line-height:1.55}
  header.site,nav.crumbs,footer.site,.skip,.no-print,nav.pager{display:none}
  main{max-width:none;margin:0;padding:0}
  a{color:inherit;text-decoration:none}
  .print-only{display:block}
  section.dept{page-break-before:always;break-before:page}
  nav.toc{page-break-after:always;break-after:page}
  table,tr,img,svg{page-break-inside:avoid;break-inside:avoid}
  h2,h3,h4{page-break-after:avoid;break-after:avoid}
  thead{display:table-header-group}
  article.sheet{break-inside:avoid;page-break-inside:avoid;font-size:9pt;line-height:1.4}
  article.sheet+article.sheet{break-before:page;page-break-before:always}
  article.sheet h3{font-size:10pt;margin:.6em 0 .2em}
}
/* 事務事業評価シート */
article.sheet{border:1px solid var(--line);padding:.6em 1em;margin:1.5em 0}
article.sheet h2{margin-top:.2em}
p.sheet-head{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5em;margin:0;font-size:.9em;color:var(--muted)}
table.sheet-grid th{width:8em;text-align:left;vertical-align:top}
table.sheet-kpi td.num,table.sheet-kpi th.num{text-align:right}
/* manage: editing */
.state{display:inline-block;border:1px solid var(--head);border-radius:3px;padding:0 .5em}
.state-returned{background:#fdecea;color:#8a1c12;border-color:#8a1c12}
.state-published{background:#e7f4ea;color:#1d5b2c;border-color:#1d5b2c}
div.returned{border:2px solid #8a1c12;background:#fdecea;padding:.4em 1em;margin:.6em 0}
div.returned h3{margin-top:.2em;color:#8a1c12}
div.returned-before{border:1px solid #8a1c12;padding:.2em 1em;margin:.6em 0}
div.returned-before h3{margin-top:.2em;font-size:1em}
div.return-reason{font-size:.9em;margin-top:.3em}
div.return-reason p{margin:.1em 0}
section#since-return article.change{border-top:1px solid var(--line);margin:.6em 0}
section#since-return .tag{display:inline-block;border:1px solid var(--head);color:var(--head);border-radius:3px;padding:0 .35em;font-size:.8em}
ol.comments{list-style:none;margin:.4em 0;padding:0}
ol.comments>li{border-left:3px solid var(--line);padding:.1em .8em;margin:.4em 0}
ol.comments>li.return{border-left-color:#8a1c12;background:#fdecea}
p.comment-head{margin:.2em 0;font-size:.92em}
div.comment-body p{margin:.2em 0}
.search-results{display:grid;grid-template-columns:minmax(12em,18em) 1fr;gap:1.5em;align-items:start}
@media (max-width:48em){.search-results{grid-template-columns:1fr}}
/* Narrow screens: row headings keep room for a name (no one character per line); a table wider than the screen scrolls inside main, not the page. */
@media (max-width:40em){main{overflow-x:auto}table th[scope=row]{min-width:7em}}
nav.facets h2{font-size:1.1em;margin-top:0}
nav.facets h3{font-size:1em;margin:1em 0 .2em}
nav.facets ul{list-style:none;margin:0;padding:0;font-size:.92em}
ol.hits{padding-left:1.6em}
ol.hits>li{margin-bottom:1em}
ol.hits .snippet{margin:.2em 0 0;white-space:pre-line}
mark{background:#fff0a8;color:inherit;padding:0 .05em}
.badge{display:inline-block;border:1px solid #8a4b00;color:#8a4b00;border-radius:3px;padding:0 .4em;font-size:.85em}
.notice{border-left:4px solid var(--head);background:var(--bg2);padding:.4em .8em}
p.error{border-left:4px solid #b00020;background:#fdecee;color:#5c0011;padding:.4em .8em}
fieldset.choices ul.choices{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.1em 1em}
fieldset.choices label{display:inline!important;font-weight:normal!important}
fieldset.nodes details{counter-reset:sel}
fieldset.nodes details input:checked{counter-increment:sel}
fieldset.nodes .sel-count{margin:.2em 0 .6em;font-size:.92em}
fieldset.nodes .sel-count::before{content:"選択中：" counter(sel) "件"}
p.field-error{margin:.2em 0 .6em;font-weight:bold}
[aria-invalid=true]{outline:2px solid #b00020;outline-offset:1px}
.steps{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-end;margin:.8em 0}
form.step.return{border:1px solid var(--line);padding:.4em .8em}
form.inline{display:inline}
form.edit{border:1px solid var(--line);padding:.6em 1em;margin:.6em 0;background:#fff}
form.edit label,form.actuals label[for=paste]{display:block;font-weight:bold}
form.edit textarea,input.wide{width:100%;font:inherit;padding:.3em}
form.edit input,form.edit select,form.actuals input,form.year input{font:inherit;padding:.2em}
form.edit .row,div.row{display:flex;flex-wrap:wrap;gap:.4em 1.5em;align-items:flex-end}
form.edit input[type=checkbox]+label{display:inline;font-weight:normal}
main form.edit button,main form.step button,main form.actuals button,main form.inline button,main form.year button{font:inherit;padding:.3em 1em;background:var(--head);color:#fff;border:0;border-radius:3px;cursor:pointer}
main button.danger{background:#8a1c12}
main a.danger{color:#8a1c12}
ul.actions form.inline button{padding:.1em .7em}
a.button{display:inline-block;padding:.3em 1em;background:var(--head);color:#fff;border-radius:3px;text-decoration:none}
article.initiative{border-top:1px solid var(--line);padding:.4em 0 .8em}
article.initiative h4{font-size:1.08em;margin:.6em 0 .3em}
fieldset.nodes{border:1px solid var(--line);margin:.6em 0;padding:.3em .8em}
fieldset.nodes details{margin:.3em 0}
fieldset.nodes summary{cursor:pointer}
ul.nodes{list-style:none;padding:0;margin:.2em 0;max-height:22em;overflow:auto}
ul.nodes label{font-weight:normal;display:inline}
ul.nodes .depth-1{padding-left:1.2em}
ul.nodes .depth-2{padding-left:2.4em}
ul.nodes .depth-3,ul.nodes .depth-4{padding-left:3.6em}
table.conflict td.pre,td.pre{white-space:pre-wrap}
table.conflict tr.differs td,table.conflict tr.differs th{background:#fff4d6}
.diff-mark{display:inline-block;border:1px solid #7a4b00;color:#7a4b00;border-radius:3px;padding:0 .35em;font-size:.85em;font-weight:bold}
section.kpi{border-top:1px dashed var(--line);margin-top:1em}
table.actuals input[type=text]{width:100%}
/* end manage: editing */
/* manage: planning */
table.dashboard tr.mine th,table.dashboard tr.mine td{background:#eef5ff}
.tag.mine{display:inline-block;border:1px solid var(--head);color:var(--head);border-radius:3px;padding:0 .35em;font-size:.85em}
.flag{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.9em;font-weight:bold;border:1px solid}
.flag.overdue{color:#8a1c12;border-color:#8a1c12;background:#fdecea}
.flag.not-submitted{color:#7a4b00;border-color:#7a4b00;background:#fff4d6}
.flag.yearend,.flag.disabled{color:#444;border-color:#888;background:#f2f2f2}
.flag.unread{color:#0b4f8a;border-color:#0b4f8a;background:#e8f1fb}
ol.inbox{list-style:none;padding:0}ol.inbox>li{border-top:1px solid #ccc;padding:.4em 0}ol.inbox>li.unread{border-left:4px solid #0b4f8a;padding-left:.6em}ol.inbox h3{font-size:1em;margin:.2em 0}
dl.deadlines{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}
dl.deadlines dt{font-weight:bold}
section.cycle form,form[action="/manage/cycle"],form[action^="/manage/users"]{border:1px solid var(--line);padding:.6em 1em;margin:.6em 0;background:#fff}
section.cycle form p,form[action="/manage/cycle"] p,form[action^="/manage/users"] p{margin:.3em 0}
form[action="/manage/cycle"] textarea{width:100%;font:inherit}
form[action="/manage/cycle"] label,form[action^="/manage/users"] p>label{display:inline-block;min-width:12em;font-weight:bold}
form[action^="/manage/users"] fieldset{border:1px solid var(--line);margin:.4em 0}
ol.history{list-style:none;padding:0}
ol.history>li{border-top:1px solid var(--line);padding:.4em 0}
ol.history h2{font-size:1em;margin:.4em 0}
table.audit td:nth-child(-n+2){white-space:nowrap}
table.diff{table-layout:fixed;width:100%}
table.diff tr>:first-child{width:11em}
table.diff td{white-space:pre-wrap;vertical-align:top;overflow-wrap:anywhere}
table.diff del{background:#fdecea;color:#8a1c12;text-decoration:line-through}
table.diff ins{background:#e6f4ea;color:#1d5e2c;text-decoration:underline}
p.note{color:#444}
p.removals{border-left:4px solid #8a1c12;background:#fdecea;padding:.4em .8em}
p.hint{color:#444;font-size:.92em}
/* end manage: planning */
"#;
