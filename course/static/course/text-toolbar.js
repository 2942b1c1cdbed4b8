// A formatting toolbar for a textarea of user-written HTML (the case analysis's). The textarea stays the editor and
// the source of truth (it works alone without JavaScript): each button writes into it the markup course/sanitize.py
// keeps (strong, em, ul/ol/li, h3, a href) around the selection, and blank lines make the paragraphs. The toolbar is a WAI-ARIA toolbar: one tab stop, arrow keys between the buttons;
// Ctrl+B, Ctrl+I and Ctrl+K in the textarea do what the first, second and last buttons do.
(function () {
  "use strict";

  const SAFE_URL = /^(https?:\/\/|mailto:)/i;

  function replaceSelection(textarea, text, selectFrom, selectTo) {
    const start = textarea.selectionStart;
    textarea.focus();
    // execCommand keeps the browser's undo history; setRangeText is the fallback where it is gone.
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function selected(textarea) {
    return textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
  }

  function inline(textarea, open, close, placeholder) {
    const text = selected(textarea) || placeholder;
    replaceSelection(textarea, open + text + close, open.length, open.length + text.length);
  }

  // Blocks stand between blank lines, so that the text around them stays paragraphs of its own.
  function block(textarea, markup, selectFrom, selectTo) {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const after = textarea.value.slice(textarea.selectionEnd);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    replaceSelection(textarea, lead + markup + tail, lead.length + selectFrom, lead.length + selectTo);
  }

  function escapeText(text) {
    return text.replace(/&(?![#a-zA-Z0-9]+;)/g, "&amp;").replace(/</g, "&lt;");
  }

  function list(textarea, tag, placeholder) {
    const lines = selected(textarea).split("\n").map((line) => line.trim()).filter(Boolean);
    if (!lines.length) {
      const markup = `<${tag}>\n<li>${placeholder}</li>\n</${tag}>`;
      const from = tag.length + 7;
      block(textarea, markup, from, from + placeholder.length);
      return;
    }
    const markup = `<${tag}>\n${lines.map((line) => `<li>${line}</li>`).join("\n")}\n</${tag}>`;
    block(textarea, markup, 0, markup.length);
  }

  function heading(textarea, placeholder) {
    const text = selected(textarea).replace(/\s+/g, " ").trim() || placeholder;
    block(textarea, `<h3>${text}</h3>`, 4, 4 + text.length);
  }

  function link(textarea, toolbar) {
    let url = window.prompt(toolbar.dataset.linkPrompt, "https://");
    if (url === null) return;
    url = url.trim();
    if (url && !SAFE_URL.test(url) && /^[^\s:/]+\.[^\s]+$/.test(url)) url = "https://" + url;
    if (!SAFE_URL.test(url) || url === "https://") {
      window.alert(toolbar.dataset.linkInvalid);
      return;
    }
    const href = url.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    const text = selected(textarea) || escapeText(url);
    const open = `<a href="${href}">`;
    replaceSelection(textarea, open + text + "</a>", open.length, open.length + text.length);
  }

  function run(command, textarea, toolbar) {
    const placeholder = toolbar.dataset.placeholder;
    if (command === "bold") inline(textarea, "<strong>", "</strong>", placeholder);
    else if (command === "italic") inline(textarea, "<em>", "</em>", placeholder);
    else if (command === "heading") heading(textarea, placeholder);
    else if (command === "bulleted") list(textarea, "ul", placeholder);
    else if (command === "numbered") list(textarea, "ol", placeholder);
    else if (command === "link") link(textarea, toolbar);
  }

  function setUp(toolbar) {
    const textarea = document.getElementById(toolbar.dataset.editorFor);
    if (!textarea) return;
    const buttons = Array.from(toolbar.querySelectorAll("button[data-command]"));
    buttons.forEach((button, index) => {
      button.tabIndex = index === 0 ? 0 : -1;
      // Keep the textarea's selection: a mouse press on a button would otherwise move the focus first.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => run(button.dataset.command, textarea, toolbar));
    });
    toolbar.addEventListener("keydown", (event) => {
      const current = buttons.indexOf(document.activeElement);
      if (current < 0) return;
      let next = null;
      if (event.key === "ArrowRight") next = (current + 1) % buttons.length;
      else if (event.key === "ArrowLeft") next = (current - 1 + buttons.length) % buttons.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = buttons.length - 1;
      if (next === null) return;
      event.preventDefault();
      buttons[current].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    const shortcuts = { b: "bold", i: "italic", k: "link" };
    textarea.addEventListener("keydown", (event) => {
      const command = (event.ctrlKey || event.metaKey) && !event.altKey && shortcuts[event.key.toLowerCase()];
      if (!command) return;
      event.preventDefault();
      run(command, textarea, toolbar);
    });
    toolbar.hidden = false;
  }

  document.querySelectorAll("[data-editor-for]").forEach(setUp);
})();
