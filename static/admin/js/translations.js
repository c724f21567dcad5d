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

// Rich text units are typed as plain text with the English text's tags as numbered tokens:
// {1}…{/1} around words, {2/} alone (portal/localization/tokens.py). Under each such box: buttons
// that put a tag at the cursor (or around the selected words), "Start from the English text",
// and a live check that every tag is there once, in order and well nested. The server checks
// the same on saving, so the editor works without this script.
(() => {
  const TOKEN = /\{(\/?)(\d+)(\/?)\}/g;

  const problem = (text, expected) => {
    const known = new Set(expected);
    const written = [...text.matchAll(TOKEN)].map((match) => match[0]);
    const unknown = written.filter((token) => !known.has(token));
    if (unknown.length) return ["unknown", unknown];
    const twice = [...new Set(written.filter((token, i) => written.indexOf(token) !== i))];
    if (twice.length) return ["twice", twice];
    const missing = expected.filter((token) => !written.includes(token));
    if (missing.length) return ["missing", missing];
    const stack = [];
    for (const token of written) {
      const [, closing, number, empty] = token.match(/\{(\/?)(\d+)(\/?)\}/);
      if (empty) continue;
      if (!closing) stack.push(number);
      else if (stack.pop() !== number) return ["nesting", [token]];
    }
    if (written.join(" ") !== expected.join(" ")) return ["order", expected];
    return null;
  };

  const check = (helper, box) => {
    const status = helper.querySelector(".tr-tokens__status");
    const messages = JSON.parse(helper.dataset.trMessages);
    if (!box.value.trim()) {
      status.textContent = "";
      helper.classList.remove("tr-tokens--ok", "tr-tokens--problem");
      return;
    }
    const found = problem(box.value, JSON.parse(box.dataset.trTokens));
    const text = found ? messages[found[0]].replace("%(tokens)s", found[1].join(" ")) : messages.ok;
    if (status.textContent !== text) status.textContent = text;
    helper.classList.toggle("tr-tokens--problem", Boolean(found));
    helper.classList.toggle("tr-tokens--ok", !found);
  };

  const insert = (box, before, after) => {
    const { selectionStart: start, selectionEnd: end, value } = box;
    box.value = value.slice(0, start) + before + value.slice(start, end) + after + value.slice(end);
    const cursor = end + before.length + (start === end ? 0 : after.length);
    box.focus();
    box.setSelectionRange(cursor, cursor);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  };

  // A paired tag: around the selected words; else, pressed again just before its closing
  // token, the cursor steps over it; else the half that is missing, or both with the cursor
  // between them.
  const putTag = (box, button) => {
    const number = button.dataset.trTag;
    const [open, close] = [`{${number}}`, `{/${number}}`];
    if (button.dataset.trPaired !== "true") return insert(box, `{${number}/}`, "");
    const { selectionStart: start, selectionEnd: end, value } = box;
    if (start !== end) return insert(box, open, close);
    if (value.startsWith(close, start)) {
      box.focus();
      return box.setSelectionRange(start + close.length, start + close.length);
    }
    const hasOpen = value.includes(open);
    const hasClose = value.includes(close);
    if (hasOpen && !hasClose) return insert(box, close, "");
    if (!hasOpen && hasClose) return insert(box, open, "");
    return insert(box, open, close);
  };

  const setUp = (helper) => {
    const box = document.getElementById(helper.dataset.trBox);
    if (!box) return;
    helper.querySelectorAll("[data-tr-tag]").forEach((button) => {
      button.disabled = false;
      button.addEventListener("click", () => putTag(box, button));
    });
    const copy = helper.querySelector("[data-tr-copy]");
    copy.hidden = false;
    copy.addEventListener("click", () => {
      box.value = copy.dataset.trCopy;
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
    box.addEventListener("input", () => check(helper, box));
    check(helper, box);
  };

  const start = () => document.querySelectorAll(".tr-tokens[data-tr-box]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
