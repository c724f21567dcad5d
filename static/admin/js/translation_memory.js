// Translation memory tools in the admin (no inline scripts: the CSP forbids them).
// - The editor: a pre-filled text that the translator changes counts as reviewed, so its
//   "Reviewed" box is ticked as they type (the server saves an edited text anyway).
// - The drill-down: "Select all" ticks every item's box.
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.id) return;
  const marker = document.querySelector(`[data-tr-prefill="${box.id}"]`);
  const reviewed = marker && marker.querySelector("input[type=checkbox]");
  if (reviewed) reviewed.checked = true;
});
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-tr-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[name="${all.dataset.trSelectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
