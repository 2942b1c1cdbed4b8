// Taking an attempt. Autosave: each change posts one answer with a growing sequence number, so the server keeps the
// newest answer even when saves arrive out of order; without this script the buttons save the whole form. The question
// navigator follows the answers and flags; the timer counts down with units and announces 10, 5 and 1 minutes.
(function () {
  "use strict";
  const form = document.querySelector(".attempt-form");

  function answered(fieldset) {
    return Array.from(fieldset.querySelectorAll("[name^='q-']")).some((input) =>
      input.type === "checkbox" || input.type === "radio" ? input.checked : input.type !== "hidden" && input.value.trim() !== ""
    );
  }

  function markNavigator(fieldset) {
    const link = document.querySelector("[data-nav-question='" + fieldset.dataset.question + "']");
    if (!link) return;
    const isAnswered = answered(fieldset);
    const flag = fieldset.querySelector("input[name=flag]");
    const isFlagged = Boolean(flag && flag.checked);
    link.classList.toggle("is-answered", isAnswered);
    link.classList.toggle("is-flagged", isFlagged);
    const state = link.querySelector(".question-nav__state");
    if (state) {
      state.textContent =
        (isAnswered ? state.dataset.answered : state.dataset.unanswered) + (isFlagged ? ", " + state.dataset.flagged : "");
    }
  }

  if (form) {
    const saveUrl = form.dataset.saveUrl;
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    let sequence = Number(form.dataset.sequence);
    const timers = new Map();

    const valueOf = (fieldset) => {
      const name = "q-" + fieldset.dataset.question;
      const inputs = fieldset.querySelectorAll("[name='" + name + "']");
      if (!inputs.length) return null;
      if (inputs[0].type === "checkbox") return Array.from(inputs).filter((i) => i.checked).map((i) => Number(i.value));
      if (inputs[0].type === "radio") {
        const checked = Array.from(inputs).find((i) => i.checked);
        return checked ? Number(checked.value) : null;
      }
      return inputs[0].value;
    };

    const status = (fieldset, text) => {
      const element = fieldset.querySelector(".save-status");
      if (element) element.textContent = text;
    };

    const save = (fieldset) => {
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
    };

    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset[data-question]");
      if (!fieldset) return;
      markNavigator(fieldset);
      // A flag is the learner's own note: it travels with the form to the summary, it is not an answer to save.
      if (event.target.name !== "flag") save(fieldset);
    });
    form.addEventListener("input", (event) => {
      const fieldset = event.target.closest("fieldset[data-question]");
      if (!fieldset || event.target.tagName !== "TEXTAREA") return;
      markNavigator(fieldset);
      clearTimeout(timers.get(fieldset));
      timers.set(fieldset, setTimeout(() => save(fieldset), 800));
    });
    form.addEventListener("submit", () => {
      // Disabled after this turn: a button disabled now would leave its name (next=summary) out of the form data.
      setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((button) => (button.disabled = true)), 0);
      form.querySelector("input[name=sequence]").value = String(Math.max(sequence + 1, Date.now() * 1000));
    });
    // Buttons are disabled on submit; a page restored from the back-forward cache must be usable again.
    window.addEventListener("pageshow", () => form.querySelectorAll("button[type=submit]").forEach((b) => (b.disabled = false)));
  }

  const timer = document.querySelector(".attempt-timer[data-seconds-left]");
  if (timer) {
    const deadline = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
    const value = timer.querySelector(".attempt-timer__value");
    const warning = timer.querySelector(".attempt-timer__warning");
    const format = timer.dataset.format || "%(minutes)s:%(seconds)s";
    const announced = new Set();
    // Thresholds already passed when the page opens are not announced again, except the last minute.
    const startMinutes = Number(timer.dataset.secondsLeft) / 60;
    [10, 5].forEach((m) => { if (startMinutes <= m - 0.5) announced.add(m); });
    const announce = (key) => {
      if (announced.has(key)) return;
      announced.add(key);
      warning.textContent = timer.getAttribute("data-announce-" + key);
      timer.classList.toggle("attempt-timer--urgent", key <= 1);
    };
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      value.textContent = format
        .replace("%(minutes)s", String(Math.floor(left / 60)))
        .replace("%(seconds)s", String(left % 60));
      if (left <= 600) announce(10);
      if (left <= 300) announce(5);
      if (left <= 60) announce(1);
      if (left === 0) {
        announce(0);
        // The server hands an overdue attempt in by itself; posting the form keeps the last answers typed.
        if (form) {
          form.action = form.dataset.submitUrl;
          setTimeout(() => form.submit(), 1500);
        } else {
          setTimeout(() => window.location.reload(), 1500);
        }
      } else {
        setTimeout(tick, 1000);
      }
    };
    tick();
  }
})();
