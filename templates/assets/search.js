// cecsite search: queries the static index in /search/index/ as the user types.
// No framework, no request beyond this site. The page works without this script: it then
// lists every document. normalize(), words() and stem() must match SearchText.swift exactly.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !("normalize" in String.prototype)) return;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var found = document.getElementById("search-found");
  var list = document.getElementById("search-results");
  var all = document.getElementById("search-all");
  var more = document.getElementById("search-more");
  var d = form.dataset;
  // Results come in pages of PAGE_SIZE: the first with the count, the others with "more".
  var PAGE_SIZE = 20;
  // What query() (for tests and the benchmark) returns: the first documents of the ranking.
  var MAX_QUERIED = 50;

  var APOSTROPHES = /([\p{L}\p{N}])['\u2019\u02BC\u2018`\u2032]+(?=\p{L})/gu;
  var WORD = /[\p{L}\p{M}\p{N}]+(?:\.\p{N}+)*/gu;
  // A word as written in a snippet, apostrophes and dotted numbers included.
  var SNIPPET_WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019\u02BC\u2018`\u2032.][\p{L}\p{M}\p{N}]+)*/gu;
  var UK_ENDINGS = ["ями", "ами", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "им", "ої", "ою", "ею", "єю", "ий", "ій", "ім",
    "их", "іх", "ів", "їв", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ую", "юю", "ая", "яя", "а", "я", "о", "е",
    "є", "у", "ю", "і", "ї", "и", "ь", "й"];

  function normalize(text) {
    return text.normalize("NFC").toLowerCase().replace(APOSTROPHES, "$1").replace(/ґ/g, "г");
  }
  function words(text) { return normalize(text).match(WORD) || []; }
  function length(s) { return Array.from(s).length; }
  function stem(word) {
    if (/^[\p{N}.]+$/u.test(word)) return word;
    var first = word.codePointAt(0);
    if (first >= 0x400 && first <= 0x4FF) {
      var n = length(word);
      for (var i = 0; i < UK_ENDINGS.length; i++) {
        var e = UK_ENDINGS[i];
        if (n - e.length >= 3 && word.endsWith(e)) return word.slice(0, word.length - e.length);
      }
      return word;
    }
    var w = word;
    if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is") && w.length > 3) w = w.slice(0, -1);
    if (w.endsWith("ing") && w.length >= 6) w = w.slice(0, -3);
    else if (w.endsWith("ed") && w.length >= 5) w = w.slice(0, -2);
    return w;
  }
  function chunkKey(term) {
    return Array.from(term).slice(0, 2).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  var cache = {};
  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(d.index + name, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + name);
        return r.json();
      });
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }

  // Every query word must match (its stem, or a longer term beginning with it); a whole-stem
  // match weighs twice a prefix match; rarer terms weigh more (idf); weights saturate.
  function search(query, manifest) {
    var stems = [];
    words(query).forEach(function (w) {
      var s = stem(w);
      if (length(s) >= 2 && stems.indexOf(s) < 0) stems.push(s);
    });
    if (!stems.length) return Promise.resolve(null);
    var chunks = stems.map(function (s) {
      var key = chunkKey(s);
      return manifest.chunks.indexOf(key) < 0 ? Promise.resolve({}) : load("t-" + key + ".json");
    });
    return Promise.all(chunks).then(function (tables) {
      var total = null, N = manifest.documents;
      stems.forEach(function (s, i) {
        var scores = {}, table = tables[i];
        Object.keys(table).forEach(function (term) {
          if (term.slice(0, s.length) !== s) return;
          var postings = table[term], idf = Math.log(1 + N / (postings.length / 2));
          var exact = term === s ? 1 : 0.5;
          for (var j = 0; j < postings.length; j += 2) {
            var w = postings[j + 1], score = idf * exact * (w * 2.2) / (w + 1.2);
            if (!(scores[postings[j]] >= score)) scores[postings[j]] = score;
          }
        });
        if (total === null) { total = scores; return; }
        var next = {};
        Object.keys(total).forEach(function (doc) { if (doc in scores) next[doc] = total[doc] + scores[doc]; });
        total = next;
      });
      var ranked = Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; });
      return { stems: stems, ranked: ranked };
    });
  }

  function documents(ids, manifest) {
    var names = [];
    ids.forEach(function (id) {
      var name = d.lang + "-" + Math.floor(id / manifest.chunkSize) + ".json";
      if (names.indexOf(name) < 0) names.push(name);
    });
    return Promise.all(names.map(load)).then(function (chunks) {
      var byName = {};
      names.forEach(function (name, i) { byName[name] = chunks[i]; });
      return ids.map(function (id) {
        return byName[d.lang + "-" + Math.floor(id / manifest.chunkSize) + ".json"][id % manifest.chunkSize];
      });
    });
  }

  // The snippet with query words marked; built as DOM nodes, never as HTML text.
  function snippet(text, stems) {
    var p = document.createElement("p");
    var last = 0, m;
    SNIPPET_WORD.lastIndex = 0;
    while ((m = SNIPPET_WORD.exec(text)) !== null) {
      var hit = words(m[0]).some(function (w) {
        var term = stem(w);
        return stems.some(function (s) { return term.slice(0, s.length) === s; });
      });
      if (!hit) continue;
      p.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m.index, m.index + m[0].length);
      p.appendChild(mark);
      last = m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function message(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return k in values ? values[k] : ""; });
  }
  function countMessage(count, query) {
    var form = d.other;
    try {
      var category = new Intl.PluralRules(d.lang).select(count);
      if (d[category]) form = d[category];
    } catch (e) { /* no Intl: the general form */ }
    return message(form, { count: count.toLocaleString(d.lang), query: query });
  }

  // The result list item of one document.
  function item(doc, stems) {
    var li = document.createElement("li");
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = d.prefix + doc[0];
    a.textContent = doc[1];
    if (doc[2]) a.lang = doc[2];
    h.appendChild(a);
    li.appendChild(h);
    var section = document.createElement("p");
    section.className = "meta";
    section.textContent = doc[3];
    li.appendChild(section);
    if (doc[4]) {
      var p = snippet(doc[4], stems);
      if (doc[5]) p.lang = doc[5];
      li.appendChild(p);
    }
    return li;
  }

  // The shown result and query, for the "more" button; and how many results show.
  var current = null, shownCount = 0;

  // Appends the next page of results; `focus`: moves focus to the first new result's link,
  // so a keyboard or screen-reader user continues where the new results start.
  function page(manifest, focus) {
    var result = current.result, query = current.query, mine = current;
    var ids = result.ranked.slice(shownCount, shownCount + PAGE_SIZE);
    return documents(ids, manifest).then(function (docs) {
      if (mine !== current) return;
      var first = null;
      docs.forEach(function (doc) {
        var li = item(doc, result.stems);
        if (!first) first = li;
        list.appendChild(li);
      });
      shownCount += docs.length;
      var total = result.ranked.length;
      found.hidden = shownCount === 0;
      var text = total === 0 ? message(d.none, { query: query.trim() }) : countMessage(total, query.trim());
      if (total > shownCount) text += " " + message(d.shown, { shown: shownCount.toLocaleString(d.lang), count: total.toLocaleString(d.lang) });
      status.textContent = text;
      var left = total - shownCount;
      more.hidden = left <= 0;
      more.textContent = message(d.more, { count: Math.min(PAGE_SIZE, left).toLocaleString(d.lang) });
      if (focus && first) first.querySelector("a").focus();
    });
  }

  function show(result, query, manifest) {
    list.textContent = "";
    shownCount = 0;
    more.hidden = true;
    if (result === null) {
      current = null;
      found.hidden = true;
      all.hidden = query.trim() === "" ? false : true;
      status.textContent = query.trim() === "" ? "" : d.short;
      return Promise.resolve();
    }
    all.hidden = true;
    current = { result: result, query: query };
    return page(manifest, false);
  }

  var manifestPromise = null, timer = null, generation = 0;
  function run() {
    var query = input.value, mine = ++generation;
    if (!manifestPromise) {
      status.textContent = d.loading;
      manifestPromise = load("manifest.json");
    }
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    manifestPromise.then(function (manifest) {
      return search(query, manifest).then(function (result) {
        if (mine !== generation) return;
        return show(result, query, manifest);
      });
    }).catch(function () {
      manifestPromise = null;
      if (mine === generation) { status.textContent = d.failed; all.hidden = false; found.hidden = true; }
    });
  }

  form.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll(".search-nojs"), function (el) { el.hidden = true; });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener("click", function () {
    if (!current || !manifestPromise) return;
    manifestPromise.then(function (manifest) { return page(manifest, true); }).catch(function () { status.textContent = d.failed; });
  });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) { input.value = ""; run(); }
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(); }
  // For tests and the benchmark: the ranked documents of a query, as the page would list them.
  function query(text) {
    return load("manifest.json").then(function (manifest) {
      return search(text, manifest).then(function (result) {
        return result ? documents(result.ranked.slice(0, MAX_QUERIED), manifest) : [];
      });
    });
  }
  window.cecsiteSearch = { normalize: normalize, words: words, stem: stem, chunkKey: chunkKey, query: query, pageSize: PAGE_SIZE };
})();
