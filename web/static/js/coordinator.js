// The coordinator's ranked list: pick two or three candidates to compare.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("compare-form");
  if (!form) return;
  const button = document.getElementById("compare-button");
  const hint = document.getElementById("compare-hint");
  const boxes = Array.from(document.querySelectorAll('input[name="expert"][form="compare-form"]'));
  const MIN = 2;
  const MAX = 3;

  const update = () => {
    const chosen = boxes.filter((box) => box.checked).length;
    boxes.forEach((box) => {
      box.disabled = !box.checked && chosen >= MAX;
    });
    button.disabled = chosen < MIN;
    if (chosen === 0) hint.textContent = "Tick 2 or 3 candidates to compare";
    else if (chosen < MIN) hint.textContent = "1 chosen: tick one more";
    else hint.textContent = `${chosen} chosen`;
    button.textContent = chosen >= MIN ? `Compare ${chosen}` : "Compare selected";
  };
  boxes.forEach((box) => box.addEventListener("change", update));
  update();
});
