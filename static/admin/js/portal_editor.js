/* Page and snippet editor helpers (loaded through the insert_editor_js hook).
 *
 * 1. Languages first: wagtail-modeltranslation's "View / edit fields for" bar lists languages in
 *    settings order and shows English only. The Languages tab of a page names the office's
 *    languages (json_script "portal-office-languages"): they move next to English and are shown.
 * 2. "Copy from English": every translated plain-text field (input or textarea named
 *    <field>_<lang>) gets a button that copies the English text into it, asking before it
 *    replaces text already there.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("portal-editor-config").textContent);
  function officeLanguages() {
    var data = document.getElementById("portal-office-languages");
    return data ? JSON.parse(data.textContent) : [];
  }

  /* Put the office's languages right after English in the picker and show their fields. */
  function arrangePicker(list) {
    var first = officeLanguages();
    var items = {};
    list.querySelectorAll("li.locale").forEach(function (item) {
      items[item.textContent.trim()] = item;
    });
    var anchor = items[config.source];
    first.forEach(function (code) {
      var item = items[code];
      if (!item || code === config.source || !anchor) return;
      anchor.after(item);
      anchor = item;
      var toggle = item.querySelector("button.locale-toggle");
      if (!toggle.classList.contains("showing-locale")) toggle.click();
    });
  }

  function labelToggles() {
    document.querySelectorAll("button.locale-toggle").forEach(function (button) {
      var code = button.textContent.trim();
      if (config.names[code]) {
        button.title = config.names[code];
        button.setAttribute("aria-label", config.names[code]);
      }
    });
  }

  function addCopyButtons() {
    var pattern = new RegExp("^(.+)_(" + config.languages.join("|") + ")$");
    document.querySelectorAll("form input[type=text][name], form textarea[name]").forEach(
      function (field) {
        var match = pattern.exec(field.name);
        if (!match || match[2] === config.source || field.dataset.portalCopy) return;
        var source = field.form.elements[match[1] + "_" + config.source];
        if (!source || !(source instanceof HTMLElement)) return;
        field.dataset.portalCopy = "1";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary portal-copy-source";
        button.textContent = config.copyLabel;
        button.addEventListener("click", function () {
          if (!source.value.trim()) {
            window.alert(config.emptySource);
            return;
          }
          if (field.value.trim() && field.value !== source.value && !window.confirm(config.confirm)) {
            return;
          }
          field.value = source.value;
          field.dispatchEvent(new Event("input", { bubbles: true }));
          field.dispatchEvent(new Event("change", { bubbles: true }));
          field.focus();
        });
        var wrapper = field.closest(".w-field__input") || field.parentNode;
        wrapper.parentNode.insertBefore(button, wrapper.nextSibling);
      }
    );
  }

  /* wagtail-modeltranslation builds its picker in a jQuery ready handler, which may run after
     ours: wait for it (a few seconds at most). */
  function whenPickerReady(callback, triesLeft) {
    var list = document.querySelector(".locale-picker ul.locales");
    if (list) callback(list);
    else if (triesLeft > 0) window.setTimeout(function () { whenPickerReady(callback, triesLeft - 1); }, 50);
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    whenPickerReady(function (list) {
      arrangePicker(list);
      labelToggles();
      list.dataset.portalArranged = "1";
    }, 100);
  });
})();
