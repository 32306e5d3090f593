// houqin serve: drag-and-drop uploads, the generation progress bar, remembered options and
// moving the eye (and keyboard focus) to the section an action's result is in.
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

// The PDF / 覆盖 ticks are remembered in this browser.
document.querySelectorAll("input[data-remember]").forEach(function (box) {
  var key = box.dataset.remember;
  try {
    if (window.localStorage.getItem(key) !== null) { box.checked = window.localStorage.getItem(key) === "1"; }
    box.addEventListener("change", function () { window.localStorage.setItem(key, box.checked ? "1" : "0"); });
  } catch (err) { /* storage switched off: the tick is simply not remembered */ }
});

// The result of the last action is where the page lands, and keyboard focus moves to it
// (again once loading ends: a browser may move focus itself while it restores the page).
(function () {
  var main = document.querySelector("main");
  var section = decodeURIComponent((main && main.dataset.focus) || window.location.hash.replace("#", ""));
  if (!section) { return; }
  var box = document.getElementById(section + "-messages");
  var target = box && box.children.length ? box : document.getElementById(section);
  if (!target) { return; }
  if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
  var land = function () {
    target.scrollIntoView({block: "start"});
    target.focus({preventScroll: true});
  };
  land();
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) { window.setTimeout(land, 0); }
  });
})();

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
        phase.textContent = state.step || "";
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
