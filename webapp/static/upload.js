// Upload: drag and drop or choose several files, upload with fetch, then poll each analysis.
"use strict";
(function () {
  var form = document.getElementById("upload-form");
  var input = document.getElementById("files");
  var zone = document.getElementById("dropzone");
  var list = document.getElementById("upload-list");
  if (!form) { return; }

  function item(name) {
    var li = document.createElement("li");
    var title = document.createElement("span");
    title.className = "docname";
    title.textContent = name;            // textContent: file names are shown as text, never HTML
    var bar = document.createElement("progress");
    bar.max = 100;
    var state = document.createElement("span");
    state.className = "state";
    li.appendChild(title); li.appendChild(bar); li.appendChild(state);
    list.appendChild(li);
    return { li: li, bar: bar, state: state };
  }

  function track(entry, doc) {
    entry.bar.value = doc.progress;
    if (doc.status === "queued" || doc.status === "analysing") {
      entry.state.textContent = list.getAttribute("data-analysing");
      setTimeout(function () { Review.getJSON(doc.status_url).then(function (s) { track(entry, s); }); }, 300);
      return;
    }
    entry.bar.value = 100;
    entry.li.className = doc.status === "failed" ? "failed" : "done";
    entry.state.textContent = doc.status === "failed"
      ? list.getAttribute("data-failed") + ": " + (doc.error || "") : list.getAttribute("data-done");
    var link = document.createElement("a");
    link.href = doc.url;
    link.textContent = list.getAttribute("data-open");
    entry.li.appendChild(link);
  }

  function send(files) {
    if (!files.length) { return; }
    var data = new FormData();
    var entries = {};
    Array.prototype.forEach.call(files, function (f) { data.append("files", f, f.name); entries[f.name] = item(f.name); });
    Review.post(form.getAttribute("action") || window.location.pathname, data).then(function (answer) {
      (answer.documents || []).forEach(function (doc) { track(entries[doc.name] || item(doc.name), doc); });
      (answer.refused || []).forEach(function (r) {
        var entry = entries[r.name] || item(r.name);
        entry.li.className = "failed";
        entry.bar.value = 100;
        entry.state.textContent = list.getAttribute("data-refused") + ": " + r.reason;
      });
      if (answer.error) {
        Object.keys(entries).forEach(function (k) { entries[k].li.className = "failed"; entries[k].state.textContent = answer.error; });
      }
    });
    input.value = "";
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); send(input.files); });
  input.addEventListener("change", function () { send(input.files); });
  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
})();
