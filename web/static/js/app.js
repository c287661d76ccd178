// Progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions: <button data-confirm="Really?">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Submit a filter form as soon as one of its selects changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // Toggle a target's visibility: <button data-toggle="#id" aria-controls="id">.
  document.querySelectorAll("[data-toggle]").forEach((el) => {
    el.addEventListener("click", () => {
      const target = document.querySelector(el.dataset.toggle);
      if (!target) return;
      target.hidden = !target.hidden;
      el.setAttribute("aria-expanded", String(!target.hidden));
    });
  });
});
