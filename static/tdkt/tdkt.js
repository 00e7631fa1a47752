// The file buttons (tdkt/file_input.html): show the chosen files' names in the page's language, and add
// attachment rows from their <template> ("Thêm dòng"). Listeners sit on the document, so pages Turbo swaps
// in work without re-running this file.
(function () {
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("tdkt-file__input")) return;
    var names = input.parentElement.querySelector(".tdkt-file__names");
    if (!names) return;
    var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    names.textContent = chosen.length ? chosen.join(", ") : names.dataset.none;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) return;
    event.preventDefault();
    var prefix = button.dataset.addRow;
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = document.getElementById(prefix + "-empty-row");
    var body = document.getElementById(prefix + "-rows");
    if (!total || !template || !body) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { button.disabled = true; return; }
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
  });
  // A nomination row's findings as its person, title or rating is chosen (workflows/cases/findings.html): fetched
  // from the case's findings page and put under the row; without JS they show after "Lưu nháp". The form's other
  // rows go with the request (saved or not; those ticked for removal left out), so the unit's own row counts the
  // members just proposed (70 % LĐTT), and a change refreshes the rows it bears on: the unit's and the same
  // person's.
  function findingsValue(table, prefix, name) {
    var input = table.querySelector('[name="' + prefix + "-" + name + '"]');
    if (input && input.type === "checkbox") return input.checked ? "on" : "";
    if (input && input.multiple) {
      return Array.prototype.map.call(input.selectedOptions, function (option) { return option.value; }).join(".");
    }
    return input ? input.value : "";
  }
  // A row's initiatives: only those of the person chosen on it (each option names its author in data-staff).
  function initiativesNarrow(table, prefix) {
    var select = table.querySelector('[name="' + prefix + '-initiatives"]');
    if (!select) return;
    var staff = findingsValue(table, prefix, "staff");
    Array.prototype.forEach.call(select.options, function (option) {
      var mine = staff !== "" && option.dataset.staff === staff;
      option.hidden = !mine;
      if (!mine) option.selected = false;
    });
  }
  function findingsRows(table) {
    return Array.prototype.map.call(table.querySelectorAll("[data-findings-for]"), function (cell) {
      return cell.dataset.findingsFor;
    });
  }
  function findingsRefresh(table, prefix) {
    var cell = table.querySelector('[data-findings-for="' + prefix + '"]');
    if (!cell) return;
    var value = function (name) { return findingsValue(table, prefix, name); };
    if (!value("title") || value("DELETE")) { cell.innerHTML = ""; delete cell.dataset.asked; return; }
    var rows = [];
    findingsRows(table).forEach(function (other) {
      if (other === prefix || findingsValue(table, other, "DELETE")) return;
      var title = findingsValue(table, other, "title");
      if (title) rows.push(findingsValue(table, other, "staff") + "-" + title);
    });
    var query = new URLSearchParams({
      staff: value("staff"), title: value("title"), rating: value("rating"), rows: rows.join("."),
      initiatives: value("initiatives")
    });
    var asked = query.toString();
    cell.dataset.asked = asked;
    fetch(table.dataset.findingsUrl + "?" + asked, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (cell.dataset.asked === asked) cell.innerHTML = html; })
      .catch(function () {});
  }
  function initiativesNarrowAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-findings-url]"), function (table) {
      findingsRows(table).forEach(function (prefix) { initiativesNarrow(table, prefix); });
    });
  }
  document.addEventListener("DOMContentLoaded", initiativesNarrowAll);
  document.addEventListener("turbo:load", initiativesNarrowAll);
  document.addEventListener("change", function (event) {
    var field = event.target;
    var table = field.closest && field.closest("[data-findings-url]");
    var match = field.name && field.name.match(/^(.+)-(staff|title|rating|DELETE|initiatives)$/);
    if (!table || !match) return;
    var prefix = match[1];
    if (match[2] === "staff") initiativesNarrow(table, prefix);
    var staff = findingsValue(table, prefix, "staff");
    findingsRefresh(table, prefix);
    findingsRows(table).forEach(function (other) {
      if (other === prefix || !findingsValue(table, other, "title")) return;
      var otherStaff = findingsValue(table, other, "staff");
      if (otherStaff === "" || otherStaff === staff) findingsRefresh(table, other);
    });
  });
})();
