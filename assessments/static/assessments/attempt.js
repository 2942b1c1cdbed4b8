// Autosave of an attempt: each change posts one answer with a growing sequence number, so the server keeps the
// newest answer even when saves arrive out of order. Without this script the "Save answers" button does the same.
(function () {
  "use strict";
  const form = document.querySelector(".attempt-form");
  if (!form) return;
  const saveUrl = form.dataset.saveUrl;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let sequence = Number(form.dataset.sequence);
  const timers = new Map();

  function valueOf(fieldset) {
    const name = "q-" + fieldset.dataset.question;
    const inputs = fieldset.querySelectorAll("[name='" + name + "']");
    if (!inputs.length) return null;
    if (inputs[0].type === "checkbox") return Array.from(inputs).filter((i) => i.checked).map((i) => Number(i.value));
    if (inputs[0].type === "radio") {
      const checked = Array.from(inputs).find((i) => i.checked);
      return checked ? Number(checked.value) : null;
    }
    return inputs[0].value;
  }

  function status(fieldset, text) {
    const element = fieldset.querySelector(".save-status");
    if (element) element.textContent = text;
  }

  function save(fieldset) {
    sequence = Math.max(sequence + 1, Date.now() * 1000);
    const body = JSON.stringify({ question: fieldset.dataset.question, value: valueOf(fieldset), sequence: sequence });
    status(fieldset, form.dataset.savingLabel || "…");
    fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      credentials: "same-origin",
      body: body,
    })
      .then((response) => response.json().then((data) => ({ ok: response.ok, data: data })))
      .then(({ ok, data }) => status(fieldset, ok ? form.dataset.savedLabel || "✓" : data.error || "!"))
      .catch(() => status(fieldset, form.dataset.failedLabel || "!"));
  }

  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) save(fieldset);
  });
  form.addEventListener("input", (event) => {
    const fieldset = event.target.closest("fieldset[data-question]");
    if (!fieldset || event.target.tagName !== "TEXTAREA") return;
    clearTimeout(timers.get(fieldset));
    timers.set(fieldset, setTimeout(() => save(fieldset), 800));
  });
  form.addEventListener("submit", () => {
    form.querySelectorAll("button[type=submit]").forEach((button) => (button.disabled = true));
    form.querySelector("input[name=sequence]").value = String(Math.max(sequence + 1, Date.now() * 1000));
  });

  const timer = document.querySelector(".timer[data-seconds-left]");
  if (timer) {
    const deadline = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
    const value = timer.querySelector(".timer__value");
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      value.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) form.submit();
      else setTimeout(tick, 1000);
    };
    tick();
  }
})();
