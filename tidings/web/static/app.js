// Tidings: tiny progressive enhancement for the article page (the page works without it).
document.addEventListener("click", function (ev) {
  var mark = ev.target.closest && ev.target.closest("mark.ev");
  if (!mark || ev.target.closest("a")) return;
  var id = (mark.getAttribute("data-ev") || "").split(" ")[0];
  var panel = id && document.getElementById(id);
  if (!panel) return;
  panel.open = true;
  panel.scrollIntoView({ block: "nearest", behavior: "smooth" });
  panel.classList.add("flash");
  setTimeout(function () { panel.classList.remove("flash"); }, 1200);
});
document.addEventListener("mouseover", function (ev) {
  var panel = ev.target.closest && ev.target.closest("details.event");
  document.querySelectorAll("mark.ev.flash").forEach(function (m) { m.classList.remove("flash"); });
  if (!panel) return;
  document.querySelectorAll('mark.ev[data-ev~="' + panel.id + '"]').forEach(function (m) { m.classList.add("flash"); });
});
