// Kembar: the small behaviours of the registry's forms (no framework; every form also
// works without script: a place typed by name is looked up by the server).
"use strict";

(function () {
  // A place picker: type a name, choose one of the places the API finds; the chosen
  // place's id goes in the hidden input the form sends.
  function placePicker(box) {
    var input = box.querySelector("input[role=combobox]");
    var hidden = box.querySelector("input[data-place-id]");
    var list = box.querySelector("[role=listbox]");
    if (!input || !list) return;
    var picker = Kembar.combobox(input, list, function (p, k) {
      var li = document.createElement("li");
      li.id = input.id + "-option-" + k;
      li.setAttribute("role", "option");
      li.dataset.id = p.id;
      // the API's label tells namesakes apart: "Kochi, Kochi (JP) · city", "Kochi (JP) · province"
      li.dataset.label = p.label || p.name + " (" + p.country + ")";
      li.textContent = li.dataset.label;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); picker.close(); });
      return li;
    }, choose, function () {
      if (hidden) hidden.value = "";  // a new name: the earlier choice no longer holds
    });

    function choose(option) {
      input.value = option.dataset.label;
      if (hidden) hidden.value = option.dataset.id;
      box.classList.remove("invalid");
    }

    input.addEventListener("blur", function () { setTimeout(picker.close, 150); });
  }

  // Repeatable rows (signatories, participants): "add a row" copies the last one, empty.
  function repeatableRows(group) {
    var button = group.querySelector("[data-add-row]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = group.querySelectorAll("[data-row]");
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      last.parentNode.insertBefore(copy, last.nextSibling);
      copy.querySelector("input").focus();
    });
  }

  // Moving a partnership back to an earlier stage needs a reason: say so as it is chosen.
  function stageForm(form) {
    var select = form.querySelector("select[name=stage]");
    var reason = form.querySelector("textarea[name=reason]");
    var note = form.querySelector(".back-note");
    if (!select || !reason || !note) return;
    var order = Array.prototype.map.call(select.options, function (o) { return o.value; });
    var current = order.indexOf(form.dataset.stageCurrent);
    function update() {
      var chosen = order.indexOf(select.value);
      var back = current >= 0 && select.value !== "ended" && chosen < current;
      note.hidden = !back;
      reason.required = back;
    }
    select.addEventListener("change", update);
    update();
  }

  // The date of a planned instrument (not yet signed) is the planned one: say so as the
  // status is chosen (the server labels it the same way when it draws the form).
  function instrumentForm(form) {
    var status = form.querySelector("select[name=status]");
    var date = form.querySelector("input[name=signed_on]");
    var label = date && date.closest("label") && date.closest("label").querySelector("span");
    if (!status || !label) return;
    function update() {
      label.textContent = status.value === "planned" ? form.dataset.plannedLabel : form.dataset.signedLabel;
    }
    status.addEventListener("change", update);
    update();
  }

  // A link to a part of the page inside a closed <details> opens it.
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(location.hash.slice(1));
    var details = target && target.closest("details");
    if (details) details.open = true;
  }

  // A form whose work takes a while (reading an article, fetching it first) says so
  // once sent, and cannot be sent twice meanwhile.
  function busyForm(form) {
    form.addEventListener("submit", function () {
      var note = form.querySelector(".busy");
      var button = form.querySelector("button[type=submit]");
      if (note) note.hidden = false;
      if (button) button.disabled = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-busy]").forEach(busyForm);
    document.querySelectorAll("[data-place-picker]").forEach(placePicker);
    document.querySelectorAll("[data-rows]").forEach(repeatableRows);
    document.querySelectorAll("form[data-stage-current]").forEach(stageForm);
    document.querySelectorAll("form[data-planned-label]").forEach(instrumentForm);
    openTarget();
  });
})();
