#include "cli/serve/assets.hpp"

namespace aisys::cli::serve {

std::string_view style_css() {
    return R"CSS(:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #555; --link: #0645ad;
  --line: #d0d0d0; --chip: #eef2f8; --mark: #fff2a8; --focus: #1a73e8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --fg: #e8e8e8; --muted: #b0b0b0; --link: #8ab4f8; --line: #3a3d42; --chip: #24282e;
    --mark: #5c4d00; --focus: #8ab4f8; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--line); }
.home { font-weight: 700; text-decoration: none; }
#search { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; flex: 1; }
#search input[type=search] { flex: 1; min-width: 12em; padding: 6px 8px; font-size: 1rem; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; }
button { cursor: pointer; background: var(--chip); }
main { padding: 8px 16px 32px; max-width: 1200px; }
.total { color: var(--muted); }
.notice { background: var(--chip); padding: 6px 10px; border-radius: 4px; }
.error { border-left: 4px solid #c5221f; padding: 6px 10px; }
.layout { display: grid; grid-template-columns: 15rem 1fr; gap: 24px; }
@media (max-width: 720px) { .layout { grid-template-columns: 1fr; } .facets { order: 2; } }
.facets h2 { font-size: 0.95rem; text-transform: capitalize; margin: 12px 0 4px; }
.facets ul { list-style: none; padding: 0; margin: 0; }
.facets li a { display: flex; justify-content: space-between; gap: 8px; padding: 2px 4px; text-decoration: none; border-radius: 4px; }
.facets li a.on { background: var(--chip); font-weight: 700; }
.count { color: var(--muted); font-variant-numeric: tabular-nums; }
.range { display: flex; gap: 4px; align-items: center; margin-top: 4px; }
.active { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.chip { background: var(--chip); border-radius: 12px; padding: 2px 10px; text-decoration: none; }
.hit-list { padding-left: 1.6em; }
.hit { margin-bottom: 18px; }
.hit h3 { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
.hit p { margin: 2px 0; overflow-wrap: anywhere; }
.meta, .authors { color: var(--muted); font-size: 0.9rem; }
mark { background: var(--mark); color: inherit; }
.actions { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; font-size: 0.9rem; }
details pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--chip); padding: 8px; font-size: 0.85rem; }
details dl, .record { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
.pages ul { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; }
.pages a, .pages span { padding: 4px 8px; }
.pages [aria-current] { font-weight: 700; }
.hit.selected { outline: 2px solid var(--focus); outline-offset: 4px; }
footer { color: var(--muted); font-size: 0.85rem; padding: 8px 16px; border-top: 1px solid var(--line); }
)CSS";
}

std::string_view app_js() {
    return R"JS('use strict';
// Enhancements of pages that work without this file: instant search while
// typing, keys to move through results, copying BibTeX, sorting on change.
(function () {
  const form = document.getElementById('search');
  const box = document.getElementById('q');

  function enhance(root) {
    root.querySelectorAll('details.bibtex').forEach(function (d) {
      const button = d.querySelector('button.copy');
      const status = d.querySelector('.copied');
      if (!button) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        const text = d.querySelector('pre').textContent;
        const done = function () { status.textContent = 'Copied'; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { fallback(d, text); done(); });
        } else { fallback(d, text); done(); }
      });
    });
  }
  function fallback(d, text) {
    const area = document.createElement('textarea');
    area.value = text;
    d.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selectable */ }
    d.removeChild(area);
  }

  let pending = null;
  let serial = 0;
  function instant() {
    const params = new URLSearchParams(new FormData(form));
    if (params.get('sort') === 'relevance') params.delete('sort');
    const url = '/?' + params.toString();
    const mine = ++serial;
    fetch(url, { headers: { 'Accept': 'text/html' } }).then(function (r) { return r.text(); }).then(function (body) {
      if (mine !== serial) return;  // a later keystroke's answer wins
      const page = new DOMParser().parseFromString(body, 'text/html');
      const fresh = page.getElementById('results');
      const main = document.getElementById('results');
      if (!fresh || !main) return;
      main.replaceChildren.apply(main, Array.from(fresh.childNodes).map(function (n) { return document.importNode(n, true); }));
      document.title = page.title;
      history.replaceState(null, '', url);
      enhance(main);
    }).catch(function () { /* the form still submits */ });
  }
  if (form && box) {
    box.addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(instant, 200);
    });
    const sort = document.getElementById('sort');
    if (sort) sort.addEventListener('change', function () { form.submit(); });
  }

  function hits() { return Array.from(document.querySelectorAll('.hit')); }
  document.addEventListener('keydown', function (e) {
    const typing = e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT' || e.target.tagName === 'TEXTAREA');
    if (e.key === '/' && !typing && box) { e.preventDefault(); box.focus(); box.select(); return; }
    if (e.key === 'Escape' && typing) { e.target.blur(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key !== 'j' && e.key !== 'k') return;
    const all = hits();
    if (all.length === 0) return;
    let at = all.findIndex(function (h) { return h.classList.contains('selected'); });
    if (at >= 0) all[at].classList.remove('selected');
    at = e.key === 'j' ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0);
    all[at].classList.add('selected');
    const link = all[at].querySelector('h3 a') || all[at].querySelector('a');
    if (link) link.focus();
    all[at].scrollIntoView({ block: 'nearest' });
  });
  enhance(document);
})();
)JS";
}

} // namespace aisys::cli::serve
