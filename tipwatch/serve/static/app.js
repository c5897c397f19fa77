// tipwatch: the little script the pages use (no inline script anywhere: the CSP forbids it).
// Document page: clicking a fact marks its sentence in the text and scrolls to it.
"use strict";

function showEvidence(evId, scroll) {
  document.querySelectorAll("mark.ev.active").forEach(function (m) { m.classList.remove("active"); });
  document.querySelectorAll(".fact.selected").forEach(function (f) { f.classList.remove("selected"); });
  var marks = Array.prototype.filter.call(document.querySelectorAll("mark.ev"), function (m) {
    return (m.getAttribute("data-ev") || "").split(" ").indexOf(evId) >= 0;
  });
  marks.forEach(function (m) { m.classList.add("active"); });
  var fact = document.getElementById("fact-" + evId.split("-")[0]);
  if (fact) { fact.classList.add("selected"); }
  if (scroll && marks.length) { marks[0].scrollIntoView({ block: "center" }); }
  return marks.length;
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.fact-link, a.fact-more").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var evId = link.getAttribute("data-ev");
      if (showEvidence(evId, true)) {
        event.preventDefault();
        history.replaceState(null, "", "#" + evId);
      }
    });
  });
  // Clicking a marked sentence selects the first fact it supports.
  document.querySelectorAll("mark.ev").forEach(function (m) {
    m.addEventListener("click", function () {
      var first = (m.getAttribute("data-ev") || "").split(" ")[0];
      if (first) {
        showEvidence(first, false);
        var fact = document.getElementById("fact-" + first.split("-")[0]);
        if (fact) { fact.scrollIntoView({ block: "nearest" }); }
      }
    });
  });
  if (location.hash.length > 1 && document.querySelector("mark.ev")) {
    showEvidence(decodeURIComponent(location.hash.slice(1)), true);
  }
});
