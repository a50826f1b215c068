"""The script inside every chart: ``chart.svg#<organisation_code>`` marks that organisation,
outlines its peers and writes their names beside them.

It runs where the chart is a document of its own: opened directly, or embedded with
``<object data="chart.svg#E23000013" type="image/svg+xml">`` (also from ``file://``: the script
touches nothing outside its own document). An ``<img>`` runs no script: there the chart stays
neutral but for CSS ``:target``, which marks the organisation itself.

Names are placed one at a time, the organisation's first, then its peers in the peer set's rank
order (at most ``MAX_NAMED`` of them): each at the first of a ring of candidate positions around
its mark, nearest first, that overlaps no name or labelled mark already placed and stays on the
canvas (else where it overlaps least), with a leader line when it sits away from its mark. The
note above the plot says who is selected and how many peers are outlined and named; it is cut
with an ellipsis if it would run off the canvas.
"""

from __future__ import annotations

MAX_NAMED = 15

SCRIPT = """
(function () {
  var MAX_NAMED = @MAX_NAMED@;
  var root = document.documentElement, NS = root.namespaceURI;
  var plot = (root.getAttribute('data-plot') || '0 0 0 0').split(' ').map(Number);
  var zero = root.hasAttribute('data-zero') ? Number(root.getAttribute('data-zero')) : null;
  var width = root.viewBox.baseVal.width;

  function nameOf(org) {
    var title = org.getElementsByTagName('title')[0];
    var line = title ? title.textContent.split('\\n')[0] : org.id;
    var suffix = ' (' + org.id + ')';
    return line.slice(-suffix.length) === suffix ? line.slice(0, -suffix.length) : line;
  }
  function markOf(org) {
    var b = org.querySelector('circle, rect, path').getBBox();
    var x = b.x + b.width / 2;
    if (zero === null) {
      var r = Math.max(b.width, b.height) / 2;
      return {x: x, y: b.y + b.height / 2, r: r, box: {x: b.x, y: b.y, w: b.width, h: b.height}};
    }
    var up = b.y < zero - 0.5, y = up ? b.y : b.y + b.height;  // a bar: its end away from zero
    var end = Math.min(b.height, 24);  // a name may cross a bar, not cover its end
    var box = {x: b.x, y: up ? y - 2 : y - end, w: b.width, h: end + 2};
    return {x: x, y: y, r: 1, up: up, box: box};
  }
  function overlap(a, b) {
    var w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    var h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
  }
  function candidates(m, w, h) {
    var out = [], gaps = [3, 10, 20, 32, 46, 62, 80, 100, 124, 150, 180, 215, 255, 300];
    for (var i = 0; i < gaps.length; i++) {
      var g = gaps[i] + m.r, d = g * 0.7;
      var right = {x: m.x + g, y: m.y - h / 2}, left = {x: m.x - g - w, y: m.y - h / 2};
      var above = {x: m.x - w / 2, y: m.y - g - h}, below = {x: m.x - w / 2, y: m.y + g};
      var upRight = {x: m.x + d, y: m.y - d - h}, upLeft = {x: m.x - d - w, y: m.y - d - h};
      var downRight = {x: m.x + d, y: m.y + d}, downLeft = {x: m.x - d - w, y: m.y + d};
      if (zero === null) {
        out.push(right, left, upRight, downRight, upLeft, downLeft, above, below);
      } else if (m.up) {
        out.push(above, upRight, upLeft, right, left, downRight, downLeft);
      } else {
        out.push(below, downRight, downLeft, right, left, upRight, upLeft);
      }
    }
    return out;
  }
  function clamp(c, w, h) {  // inside the plot, clear of the axis labels and the legend
    var x = Math.min(Math.max(c.x, plot[0] + 1), Math.max(plot[2] - 1 - w, plot[0] + 1));
    var y = Math.min(Math.max(c.y, plot[1]), plot[3] - h);
    return {x: x, y: y, w: w, h: h};
  }
  function label(layer, org, cls, placed) {
    var m = markOf(org);
    var text = document.createElementNS(NS, 'text');
    text.setAttribute('class', cls);
    text.textContent = nameOf(org);
    layer.appendChild(text);
    var w = text.getComputedTextLength() + 2, h = 14, best = null, bestScore = Infinity;
    var options = candidates(m, w, h);
    for (var i = 0; i < options.length && bestScore > 0; i++) {
      var c = clamp(options[i], w, h), score = 0;
      for (var j = 0; j < placed.length; j++) score += overlap(c, placed[j]);
      if (score < bestScore) { best = c; bestScore = score; }
    }
    text.setAttribute('x', (best.x + 1).toFixed(1));
    text.setAttribute('y', (best.y + h - 3.5).toFixed(1));
    placed.push(best);
    var nx = Math.min(Math.max(m.x, best.x), best.x + best.w);
    var ny = Math.min(Math.max(m.y, best.y), best.y + best.h);
    if (Math.sqrt((nx - m.x) * (nx - m.x) + (ny - m.y) * (ny - m.y)) > m.r + 6) {
      var line = document.createElementNS(NS, 'path');
      line.setAttribute('class', 'fl-leader');
      line.setAttribute('d', 'M' + m.x.toFixed(1) + ' ' + m.y.toFixed(1) +
        'L' + nx.toFixed(1) + ' ' + ny.toFixed(1));
      layer.insertBefore(line, layer.firstChild);
    }
  }
  function fit(note, text) {
    note.textContent = text;
    var room = width - 2 * Number(note.getAttribute('x'));
    while (note.getComputedTextLength() > room && text.length > 1) {
      text = text.slice(0, -2);
      note.textContent = text + '\\u2026';
    }
  }
  function show() {
    var marked = root.querySelectorAll('.selected, .peer');
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove('selected');
      marked[i].classList.remove('peer');
    }
    root.classList.remove('has-selection');
    var old = document.getElementById('fl-labels');
    if (old) old.parentNode.removeChild(old);
    var note = document.getElementById('fl-selection');
    if (note) note.textContent = '';
    var id = '';
    try { id = decodeURIComponent((location.hash || '').slice(1)); } catch (e) { id = ''; }
    var org = id ? document.getElementById(id) : null;
    if (!org || !org.classList.contains('org')) return;
    root.classList.add('has-selection');
    org.classList.add('selected');
    var codes = (org.getAttribute('data-peers') || '').split(' '), peers = [];
    for (var j = 0; j < codes.length; j++) {
      var peer = codes[j] ? document.getElementById(codes[j]) : null;
      if (peer && peer !== org && peer.classList.contains('org')) {
        peer.classList.add('peer');
        peers.push(peer);
      }
    }
    org.parentNode.appendChild(org);
    var layer = document.createElementNS(NS, 'g');
    layer.setAttribute('id', 'fl-labels');
    root.insertBefore(layer, root.querySelector('script'));
    var named = [org].concat(peers.slice(0, MAX_NAMED)), placed = [];
    for (var k = 0; k < named.length; k++) placed.push(markOf(named[k]).box);
    label(layer, org, 'fl-label fl-label-org', placed);
    for (var p = 1; p < named.length; p++) label(layer, named[p], 'fl-label', placed);
    if (note) {
      var n = peers.length, shown = Math.min(n, MAX_NAMED);
      fit(note, 'Selected: ' + nameOf(org) + '; ' + (n === 0 ? 'no peers shown here' :
        n + ' peer' + (n === 1 ? '' : 's') + ' outlined' +
        (shown < n ? ', the first ' + shown + ' by rank named' : ' and named')) +
        ' (peer set ' + root.getAttribute('data-peer-set') + ')');
    }
  }
  show();
  window.addEventListener('hashchange', show);
})();
""".replace("@MAX_NAMED@", str(MAX_NAMED))


def minified(script: str) -> str:
    """The script without indentation, blank lines or whole-line comments (line breaks kept, so
    its statements end where they did)."""
    lines = (line.strip() for line in script.splitlines())
    return "\n" + "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


INLINE_SCRIPT = minified(SCRIPT)
