// Document view: move through flags (j/k), decide (r/x), click a highlight, redact a selection.
"use strict";
(function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var textPane = document.getElementById("doc-text");
  var current = -1;

  function marksFor(index) {
    return Array.prototype.filter.call(document.querySelectorAll("mark[data-f]"), function (m) {
      return m.getAttribute("data-f").split(" ").indexOf(String(index)) >= 0;
    });
  }

  function select(pos) {
    if (!cards.length) { return; }
    current = (pos + cards.length) % cards.length;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var card = cards[current];
    card.classList.add("current");
    card.scrollIntoView({ block: "nearest" });
    var marks = marksFor(card.getAttribute("data-index"));
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) { marks[0].scrollIntoView({ block: "center" }); }
  }

  function setState(index, state) {
    var card = document.getElementById("f-" + index);
    if (card) {
      card.className = card.className.replace(/\bst-\S+/g, "") + " st-" + state;
      var label = card.querySelector(".state-label");
      if (label) { label.textContent = label.getAttribute("data-" + state) || state; }
    }
    marksFor(index).forEach(function (m) { m.className = m.className.replace(/\bst-\S+/g, "") + " st-" + state; });
  }

  function decide(form, decision) {
    var error = form.querySelector(".form-error");
    var reason = form.querySelector(".reason-input");
    if (decision === "keep" && !reason.value.trim()) {
      error.textContent = reason.getAttribute("placeholder");
      error.hidden = false;
      reason.focus();
      return;
    }
    var data = new FormData(form);
    data.set("decision", decision);
    if (!form.querySelector("input[name=all]").checked) { data.delete("all"); }
    Review.post(form.getAttribute("action"), data).then(function (answer) {
      if (!answer.ok) { error.textContent = answer.error || String(answer.httpStatus); error.hidden = false; return; }
      error.hidden = true;
      (answer.indices || []).forEach(function (i) { setState(i, decision); });
      var open = document.getElementById("open-count");
      if (open) { open.textContent = answer.open; }
    });
  }

  cards.forEach(function (card, pos) {
    card.addEventListener("click", function () { if (current !== pos) { select(pos); } });
    var form = card.querySelector("form.decide");
    if (!form) { return; }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      decide(form, e.submitter ? e.submitter.value : "redact");
    });
  });

  document.querySelectorAll("mark[data-f]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var first = mark.getAttribute("data-f").split(" ")[0];
      var pos = cards.indexOf(document.getElementById("f-" + first));
      if (pos >= 0) { select(pos); }
    });
  });

  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "j") { select(current + 1); } else if (e.key === "k") { select(current - 1); } else if ((e.key === "r" || e.key === "x") && current >= 0) {
      var form = cards[current].querySelector("form.decide");
      if (form) { decide(form, e.key === "r" ? "redact" : "keep"); }
    } else { return; }
    e.preventDefault();
  });

  // Manual redaction: turn the selection into document offsets via the data-o of each text piece.
  var button = document.getElementById("manual-btn");
  var info = document.getElementById("sel-info");
  var chosen = null;

  function offsetOf(node, offset, atEnd) {
    if (node.nodeType === Node.TEXT_NODE) {
      var holder = node.parentElement.closest("[data-o]");
      return holder ? parseInt(holder.getAttribute("data-o"), 10) + offset : null;
    }
    var child = atEnd ? node.childNodes[offset - 1] : node.childNodes[offset];
    var piece = child && child.nodeType === Node.ELEMENT_NODE ? (child.matches("[data-o]") ? child : child.querySelector("[data-o]")) : null;
    if (!piece) { return null; }
    return parseInt(piece.getAttribute("data-o"), 10) + (atEnd ? piece.textContent.length : 0);
  }

  function onSelect() {
    if (!button) { return; }
    var sel = window.getSelection();
    chosen = null;
    if (sel.rangeCount && !sel.isCollapsed && textPane.contains(sel.anchorNode) && textPane.contains(sel.focusNode)) {
      var range = sel.getRangeAt(0);
      var start = offsetOf(range.startContainer, range.startOffset, false);
      var end = offsetOf(range.endContainer, range.endOffset, true);
      if (start !== null && end !== null && end > start) { chosen = { start: start, end: end }; }
    }
    button.disabled = !chosen;
    info.textContent = chosen ? textPane.getAttribute("data-selected").replace("{n}", chosen.end - chosen.start) : "";
  }

  if (button) {
    textPane.addEventListener("mouseup", onSelect);
    textPane.addEventListener("keyup", onSelect);
    button.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the selection
    button.addEventListener("click", function () {
      if (!chosen) { return; }
      Review.post(button.getAttribute("data-url"), chosen).then(function (answer) {
        if (answer.ok) { window.location.reload(); } else { info.textContent = answer.error || String(answer.httpStatus); }
      });
    });
  }
})();
