// houqin serve: drag-and-drop uploads and the generation progress bar. Everything else is plain HTML.
"use strict";

document.querySelectorAll("form.upload").forEach(function (form) {
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector(".drop");
  input.addEventListener("change", function () {
    if (input.files.length) { form.submit(); }
  });
  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      form.submit();
    }
  });
});

var job = document.getElementById("job");
if (job && job.dataset.running === "1") {
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var phase = document.getElementById("job-phase");
  var poll = function () {
    fetch(job.dataset.progress, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.running) { showResult(); return; }
        bar.max = state.total || 1;
        bar.value = state.done;
        count.textContent = state.total ? state.done + "/" + state.total + (state.current ? "　" + state.current : "")
          : "准备中：检查表格和模板……";
        phase.textContent = state.total && state.phase ? "（" + state.phase + "）" : "";
        window.setTimeout(poll, 400);
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  };
  var showResult = function () {
    var target = new URL(job.dataset.done, window.location.href);
    if (target.pathname === window.location.pathname && target.search === window.location.search) {
      window.location.hash = target.hash;
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  };
  poll();
}
