/* Octavo's page script: keyboard navigation, the side TOC toggle and client-side search.
   Works from file:// (the search index is a script that sets window.OCTAVO_SEARCH).
   Everything shown from the index is inserted as text, never as HTML. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function relHref(rel) {
    var a = doc.querySelector('.navpanel a[rel="' + rel + '"]');
    return a ? a.getAttribute("href") : null;
  }

  /* ---------------------------------------------------------------- side TOC toggle */
  var toggle = doc.querySelector(".toc-toggle");
  var wide = window.matchMedia ? window.matchMedia("(min-width: 60.01rem)") : null;
  function setToc(open) {
    root.classList.toggle("toc-closed", !open);
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  setToc(wide ? wide.matches : true);
  if (toggle) {
    toggle.addEventListener("click", function () {
      setToc(root.classList.contains("toc-closed"));
    });
  }

  /* ---------------------------------------------------------------- search */
  var form = doc.getElementById("octavo-search");
  var input = doc.getElementById("octavo-search-input");
  var results = doc.getElementById("octavo-search-results");
  var index = null;
  var loading = false;
  var WORD = /[\p{L}\p{N}]/u;
  var MARKS = /[\u0300-\u036f]/g;

  function fold(s) {
    // lower case without accents, one output character per input character
    if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      var f = c.normalize("NFKD").replace(MARKS, "").toLowerCase();
      out += f.length === 1 ? f : (c.toLowerCase().length === 1 ? c.toLowerCase() : c);
    }
    return out;
  }

  function tokens(q) {
    return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  function prepare(data) {
    var list = [];
    for (var i = 0; i < data.entries.length; i++) {
      var e = data.entries[i];
      list.push({ page: data.pages[e[0]], anchor: e[1], title: e[2], text: e[3],
                  ftitle: fold(e[2]), ftext: fold(e[3]), order: i });
    }
    return list;
  }

  var waiting = [];
  function loadIndex(then) {
    if (index) { then(); return; }
    if (window.OCTAVO_SEARCH) { index = prepare(window.OCTAVO_SEARCH); then(); return; }
    waiting.push(then);
    if (loading) return;
    loading = true;
    var s = doc.createElement("script");
    s.src = "search-index.js";
    s.onload = function () {
      if (window.OCTAVO_SEARCH) index = prepare(window.OCTAVO_SEARCH);
      var calls = waiting;
      waiting = [];
      calls.forEach(function (f) { f(); });
    };
    s.onerror = function () { showMessage("The search index could not be loaded."); };
    doc.head.appendChild(s);
  }

  // positions where term starts a word in hay (prefix match), at most `max`
  function hits(hay, term, max) {
    var found = [];
    var at = hay.indexOf(term);
    while (at >= 0 && found.length < max) {
      if (at === 0 || !WORD.test(hay.charAt(at - 1))) found.push(at);
      at = hay.indexOf(term, at + 1);
    }
    return found;
  }

  function search(q) {
    var terms = tokens(q);
    if (!terms.length || !index) return [];
    var scored = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var score = 0;
      var first = -1;
      var len = 0;
      var ok = true;
      for (var j = 0; j < terms.length; j++) {
        var t = terms[j];
        var inTitle = hits(e.ftitle, t, 3);
        var inText = hits(e.ftext, t, 10);
        if (!inTitle.length && !inText.length) { ok = false; break; }
        score += inTitle.length ? 10 : 0;
        score += inText.length;
        if (first < 0 && inText.length) { first = inText[0]; len = t.length; }
      }
      if (ok) scored.push({ e: e, score: score, at: first, len: len });
    }
    scored.sort(function (a, b) { return b.score - a.score || a.e.order - b.e.order; });
    return scored.slice(0, 30);
  }

  function snippet(r) {
    var p = doc.createElement("p");
    var text = r.e.text;
    if (r.at < 0) { p.textContent = text.slice(0, 160) + (text.length > 160 ? "…" : ""); return p; }
    var start = Math.max(0, r.at - 60);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < r.at) start = sp + 1; }
    var end = Math.min(text.length, r.at + 140);
    p.appendChild(doc.createTextNode((start > 0 ? "…" : "") + text.slice(start, r.at)));
    var m = doc.createElement("mark");
    m.textContent = text.slice(r.at, r.at + r.len);
    p.appendChild(m);
    p.appendChild(doc.createTextNode(text.slice(r.at + r.len, end) + (end < text.length ? "…" : "")));
    return p;
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  function showMessage(msg) {
    if (!results) return;
    clear(results);
    var p = doc.createElement("p");
    p.setAttribute("role", "status");
    p.textContent = msg;
    results.appendChild(p);
    results.hidden = false;
  }

  function show(q) {
    if (!results) return;
    if (!q.trim()) { clear(results); results.hidden = true; return; }
    var found = search(q);
    clear(results);
    var status = doc.createElement("p");
    status.setAttribute("role", "status");
    status.textContent = found.length ? found.length + (found.length === 1 ? " result" : " results")
                                      : "No results for “" + q + "”";
    results.appendChild(status);
    if (found.length) {
      var ol = doc.createElement("ol");
      found.forEach(function (r) {
        var li = doc.createElement("li");
        var a = doc.createElement("a");
        a.href = r.e.page + (r.e.anchor ? "#" + r.e.anchor : "");
        a.textContent = r.e.title;
        a.className = "search-hit";
        li.appendChild(a);
        li.appendChild(snippet(r));
        ol.appendChild(li);
      });
      results.appendChild(ol);
    }
    results.hidden = false;
  }

  if (form && input && results) {
    form.hidden = false;
    var run = function () { loadIndex(function () { show(input.value); }); };
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = results.querySelector("a.search-hit");
      if (first) window.location.href = first.getAttribute("href");
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; show(""); input.blur(); }
      if (ev.key === "ArrowDown") {
        var first = results.querySelector("a.search-hit");
        if (first) { ev.preventDefault(); first.focus(); }
      }
    });
    results.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a.search-hit") : null;
      if (a) { results.hidden = true; }
    });
  }

  /* ---------------------------------------------------------------- keys */
  doc.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    if (typing(ev.target) || typing(doc.activeElement)) return;
    var href = null;
    if (ev.key === "ArrowLeft") href = relHref("prev");
    else if (ev.key === "ArrowRight") href = relHref("next");
    else if (ev.key === "/" && input && form && !form.hidden) {
      ev.preventDefault();
      input.focus();
      return;
    }
    if (href) { ev.preventDefault(); window.location.href = href; }
  });
})();
