// The profile editor without a round trip: "Add skill" (and Enter in its box) appends the
// skill to the list at once. Without this file the button asks the server to do the same.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("new_skill");
  const list = document.getElementById("skills");
  const button = document.getElementById("add-skill");
  if (!box || !list || !button) return;

  const add = (event) => {
    event.preventDefault();
    const skill = box.value.trim().replace(/\s+/g, " ");
    if (!skill) return;
    const lines = list.value.split("\n").map((line) => line.trim()).filter(Boolean);
    if (!lines.some((line) => line.toLowerCase() === skill.toLowerCase())) lines.push(skill);
    list.value = lines.join("\n");
    box.value = "";
    box.focus();
  };
  button.addEventListener("click", add);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") add(event);
  });
});
