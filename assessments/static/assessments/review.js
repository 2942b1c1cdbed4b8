// The review screen: a level's button fills in its points, and a running total follows the points typed.
// Progressive enhancement: without JavaScript the points are typed and the server adds them up.
(function () {
  "use strict";
  var form = document.querySelector(".lms-review__rubric form");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-review-score]"));
  var total = form.querySelector("[data-review-total]");

  // "5,5" and "5.5" are the same number; anything else is not a number of points.
  function points(text) {
    var value = text.trim().replace(",", ".");
    return /^\d+(\.\d+)?$/.test(value) ? parseFloat(value) : null;
  }

  function format(number) {
    var lang = document.documentElement.lang || "ru";
    return number.toLocaleString(lang, { maximumFractionDigits: 2 });
  }

  function update() {
    if (!total) return;
    var sum = 0, max = 0, valid = true;
    inputs.forEach(function (input) {
      max += parseFloat(input.getAttribute("data-max-points")) || 0;
      if (input.value.trim() === "") return;
      var value = points(input.value);
      if (value === null) valid = false; else sum += value;
    });
    total.querySelector("output").textContent = valid
      ? total.getAttribute("data-template").replace("__TOTAL__", format(sum)).replace("__MAX__", format(max))
      : total.getAttribute("data-invalid");
  }

  form.querySelectorAll("[data-fill-points]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-target"));
      if (!input) return;
      input.value = button.getAttribute("data-fill-points").replace(".", ",").replace(/,0+$/, "");
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.focus();
    });
  });
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  if (total) total.hidden = false;
  update();
})();
