// Batch staffing: ticking an assignment means "only the ones ticked". The page works without this.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-scope]").forEach((list) => {
    const radio = document.querySelector(list.dataset.scope);
    if (!radio) return;
    list.querySelectorAll("input[type=checkbox]").forEach((box) => {
      box.addEventListener("change", () => { radio.checked = true; });
    });
  });
});
