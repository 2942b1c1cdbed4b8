// The course outline (course/includes/course_outline.html) is rendered open, a sidebar beside the page; on a narrow
// screen it stands above the page instead, so it starts closed there, a disclosure the learner opens.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 63.99rem)").matches) return;
  document.querySelectorAll("details[data-outline]").forEach((details) => {
    details.open = false;
  });
})();
