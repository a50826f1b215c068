/* Search the organisations and areas of this release by name, place or code.
   The index (search-index.js) sets window.FRONTLINE_SEARCH; nothing is fetched, so the search
   works from file:// as from any static host. Without JavaScript the form stays hidden and the
   lists of organisations by kind on the same page lead everywhere. Keyboard: type, then Down
   arrow (or Tab) into the results; Up/Down move between them, Escape returns to the box,
   Enter follows a result; Enter in the box follows the first result. */
(function () {
  'use strict';
  var MAX_SHOWN = 25;
  var entries = window.FRONTLINE_SEARCH;
  var form = document.getElementById('search');
  if (!form || !entries) { return; }
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');

  function fold(text) {
    return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  }
  var haystacks = entries.map(function (e) {
    return {
      name: fold(e.n),
      all: ' ' + [fold(e.n), fold(e.p), fold(e.c), fold(e.t)].join(' ') + ' ',
      code: fold(e.c)
    };
  });

  function score(i, words, phrase) {
    var h = haystacks[i];
    for (var w = 0; w < words.length; w++) {
      if (h.all.indexOf(words[w]) < 0) { return -1; }
    }
    if (h.code === phrase) { return 0; }
    if (h.name === phrase) { return 1; }
    if (h.name.indexOf(phrase) === 0) { return 2; }
    if ((' ' + h.name).indexOf(' ' + words[0]) >= 0) { return 3; }
    return 4;
  }

  function search(query) {
    var phrase = fold(query);
    if (!phrase) { return []; }
    var words = phrase.split(' ');
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(i, words, phrase);
      if (s >= 0) { found.push([s, i]); }
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (pair) { return entries[pair[1]]; });
  }

  function show() {
    var query = input.value;
    var found = search(query);
    list.textContent = '';
    found.slice(0, MAX_SHOWN).forEach(function (e) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = e.u;
      link.appendChild(document.createTextNode(e.n + ' '));
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = '\u2014 ' + e.t + (e.p ? ' \u00b7 ' + e.p : '') + ' \u00b7 ' + e.c;
      link.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!fold(query)) {
      status.textContent = '';
    } else if (!found.length) {
      status.textContent = 'No organisation or area matches \u201c' + query + '\u201d.';
    } else {
      status.textContent = found.length + (found.length === 1 ? ' result' : ' results') +
        (found.length > MAX_SHOWN ? ', the first ' + MAX_SHOWN + ' shown' : '') +
        '. Press the down arrow or Tab to reach them.';
    }
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }

  input.addEventListener('input', show);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') {
      var all = links();
      if (all.length) { event.preventDefault(); all[0].focus(); }
    }
  });
  list.addEventListener('keydown', function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === 'ArrowDown' && at < all.length - 1) {
      event.preventDefault(); all[at + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault(); (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === 'Escape') {
      event.preventDefault(); input.focus();
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    show();
    var all = links();
    if (all.length) { window.location.href = all[0].href; }
  });
  form.hidden = false;
  if (input.value) { show(); }
})();
