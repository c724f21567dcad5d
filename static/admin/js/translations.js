// The translator's editor: "Insert" puts a translation memory match into its unit's box.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-tr-insert]");
  if (!button) return;
  const box = document.getElementById(button.dataset.trInsert);
  if (!box) return;
  box.value = button.dataset.trText;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.focus();
});
